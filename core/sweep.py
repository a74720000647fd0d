"""The steps of the daily job (lifecycle.md, date-driven changes) and the helpers they commit with;
the job that runs them is `ops.sweep.run_sweep`.

Each step is a function `(today) -> int` (rows changed) that must be safe to run again and must
catch up missed days by itself (it compares dates, it does not count runs). Steps are registered
(`step`) by the apps that own the change.

The job never holds a lock that users' writes wait on for long, and a failure never loses the day
(issue 9): each step commits on its own — a step that changes many rows commits a batch at a time
(`in_batches`), so a row it locks is held for one batch — and a transaction that PostgreSQL aborts
for a deadlock or a serialization failure is retried (`committed`).
"""

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, connection, transaction

Step = Callable[[dt.date], int]
T = TypeVar("T")
STEPS: dict[str, Step] = {}
COMMITS_ITSELF: set[str] = set()
RETRIES = 5
# deadlock_detected, serialization_failure, lock_not_available: the transaction can simply run again
TRANSIENT_SQLSTATES = {"40P01", "40001", "55P03"}

logger = logging.getLogger(__name__)


def step(name: str, *, commits_itself: bool = False) -> Callable[[Step], Step]:
    """Register a step. By default the job runs it in one transaction of its own (`committed`); a
    step that changes many rows says `commits_itself=True` and commits in batches (`in_batches`)."""
    def register(fn: Step) -> Step:
        STEPS[name] = fn
        if commits_itself:
            COMMITS_ITSELF.add(name)
        return fn

    return register


def _transient(exc: OperationalError) -> bool:
    return getattr(exc.__cause__, "sqlstate", None) in TRANSIENT_SQLSTATES


def committed(work: Callable[[], T]) -> T:
    """Run `work` in a transaction of its own and commit it; run it again from the start when
    PostgreSQL aborted it for a deadlock or a serialization failure (up to RETRIES times)."""
    for attempt in range(1, RETRIES + 1):
        try:
            with transaction.atomic():
                return work()
        except OperationalError as exc:
            if attempt == RETRIES or not _transient(exc) or connection.in_atomic_block:
                raise
            logger.warning("daily job: transaction aborted (%s), retry %d", exc.__cause__, attempt)
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


def in_batches(ids: list[int], size: int, apply: Callable[[list[int]], int]) -> int:
    """`apply` to `ids` a batch at a time, each batch committed on its own (and retried): the rows a
    long step locks are held for one batch, never for the whole job. `apply` re-checks its rule on
    the batch, so a row changed by a user meanwhile is judged as it now stands."""
    total = 0
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        total += committed(lambda: apply(chunk))  # noqa: B023 (run at once, inside the loop)
    return total
