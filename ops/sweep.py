"""The daily job (lifecycle.md, date-driven changes): one idempotent, set-based pass as of today.

The apps that own a date-driven change register its steps (`core.sweep.step`); this module loads
them in order and runs them. The job never holds a lock that users' writes wait on for long, and a
failure never loses the day (issue 9): one session-level advisory lock keeps two runs from
overlapping (it blocks nobody else); each step commits on its own (`core.sweep.committed`, or a
batch at a time with `core.sweep.in_batches`). A step that still fails stops the run with what the
earlier steps committed kept; the next run, being idempotent, goes on.
"""

import datetime as dt
import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from accounts.actor import Actor
from audit.anchor import anchor_audit_head
from audit.services import audit_record
from core.sweep import COMMITS_ITSELF, STEPS, Step, committed

_RUN_LOCK_KEY = 7_301_002
# The modules that register steps, in the order their steps run: state changes first (freezing,
# suspensions), then the reminders that may speak of them.
STEP_MODULES = ["units.sweep", "cases.sweep", "notices.sweep"]


def load_steps() -> dict[str, Step]:
    for module in STEP_MODULES:
        importlib.import_module(module)
    return STEPS


@contextmanager
def _run_lock() -> Iterator[None]:
    """Two runs never overlap (the second waits, then finds nothing left to do). A session-level
    advisory lock, since the run commits many times; nothing but another run ever waits on it."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_lock(%s)", [_RUN_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_unlock(%s)", [_RUN_LOCK_KEY])


def run_sweep(today: dt.date) -> dict[str, int]:
    load_steps()
    summary: dict[str, int] = {}
    with _run_lock():
        for name, fn in STEPS.items():
            if name in COMMITS_ITSELF:
                summary[name] = fn(today)
            else:
                summary[name] = committed(lambda: fn(today))  # noqa: B023 (run at once, inside the loop)
        committed(lambda: audit_record(
            Actor.system(), "sweep.run", object_type="sweep", object_id=today.isoformat(), after=summary
        ))
        # Last, once everything of the run is committed: the chain's head, with the run's own row,
        # anchored outside the database (security decision 18). Not a change of the day's data, so
        # not in the summary (a rerun changes 0 rows and still anchors the head it moved).
        anchor_audit_head(today)
    return summary
