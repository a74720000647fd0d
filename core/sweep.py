"""The daily job (lifecycle.md, date-driven changes): one idempotent, set-based pass as of today.

Each step is a function `(today) -> int` (rows changed) that must be safe to run again and must
catch up missed days by itself (it compares dates, it does not count runs). Steps are registered
by the apps that own the change; the job takes a lock so that two runs never overlap.
"""

import datetime as dt
import importlib
from collections.abc import Callable

from django.db import connection, transaction

from accounts.actor import Actor
from audit.services import audit_record

Step = Callable[[dt.date], int]
STEPS: dict[str, Step] = {}
_LOCK_KEY = 7_301_002
# The modules that register steps, in the order their steps run: state changes first (freezing,
# suspensions), then the reminders that may speak of them.
STEP_MODULES = ["inspections.sweep", "penalties.sweep", "notices.sweep"]


def step(name: str) -> Callable[[Step], Step]:
    def register(fn: Step) -> Step:
        STEPS[name] = fn
        return fn

    return register


def load_steps() -> dict[str, Step]:
    for module in STEP_MODULES:
        importlib.import_module(module)
    return STEPS


def run_sweep(today: dt.date) -> dict[str, int]:
    load_steps()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        summary = {name: fn(today) for name, fn in STEPS.items()}
        audit_record(
            Actor.system(), "sweep.run", object_type="sweep", object_id=today.isoformat(), after=summary
        )
    return summary
