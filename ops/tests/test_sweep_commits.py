"""Issue 9: the daily job commits step by step (and a long step batch by batch), retries a
transaction PostgreSQL aborted for a deadlock or a serialization failure, and a step that fails
loses nothing the steps before it did. Transactional tests: the job commits for real."""

import datetime as dt

import psycopg
import pytest
from django.db import OperationalError

from audit.models import AuditEvent
from core import sweep as core_sweep
from ops import sweep as daily
from permits.models import Permit
from units import sweep as inspection_steps
from units.models import Unit, UnitStatus

pytestmark = pytest.mark.django_db(transaction=True)
FREEZE_DAY = dt.date(2026, 5, 2)


def _aborted(sqlstate_error: type[Exception]) -> OperationalError:
    error = OperationalError("aborted")
    error.__cause__ = sqlstate_error("aborted by the server")
    return error


def test_a_transaction_aborted_for_a_deadlock_is_run_again():
    calls: list[int] = []

    def work() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise _aborted(psycopg.errors.DeadlockDetected)
        if len(calls) == 2:
            raise _aborted(psycopg.errors.SerializationFailure)
        return "done"

    assert core_sweep.committed(work) == "done"
    assert len(calls) == 3


def test_any_other_database_error_is_not_retried():
    calls: list[int] = []

    def work() -> None:
        calls.append(1)
        raise _aborted(psycopg.errors.UndefinedTable)

    with pytest.raises(OperationalError):
        core_sweep.committed(work)
    assert len(calls) == 1


def test_a_deadlock_that_keeps_coming_back_fails_after_the_retries():
    calls: list[int] = []

    def work() -> None:
        calls.append(1)
        raise _aborted(psycopg.errors.DeadlockDetected)

    with pytest.raises(OperationalError):
        core_sweep.committed(work)
    assert len(calls) == core_sweep.RETRIES


@pytest.fixture
def missed(make_unit, file_new_case, clock):
    """Two units that missed the 2026 inspection, with three permits between them."""
    clock("2026-03-02")
    first, first_id = make_unit("haidian")
    second, second_id = make_unit("haidian")
    permits = [file_new_case(first)["permit_no"], file_new_case(first)["permit_no"],
               file_new_case(second)["permit_no"]]
    return {"units": [first_id, second_id], "permits": permits}


def test_a_long_step_commits_a_batch_at_a_time_each_with_its_audit_row(missed, clock, monkeypatch):
    monkeypatch.setattr(inspection_steps, "PERMIT_BATCH", 2)
    monkeypatch.setattr(inspection_steps, "UNIT_BATCH", 1)
    clock(FREEZE_DAY)
    summary = daily.run_sweep(FREEZE_DAY)
    assert summary["inspections.freeze_units"] == 2 and summary["inspections.freeze_permits"] == 3
    rows = AuditEvent.objects.filter(action="inspection.permits_frozen").order_by("pk")
    assert [r.after["count"] for r in rows] == [2, 1]
    assert sorted(n for r in rows for n in r.after["permit_nos"]) == sorted(missed["permits"])
    assert AuditEvent.objects.filter(action="inspection.units_frozen").count() == 2


def test_a_failing_step_keeps_what_the_steps_before_it_committed(missed, clock, monkeypatch):
    daily.load_steps()

    def broken(today: dt.date) -> int:
        raise RuntimeError("a mail server fell over")

    monkeypatch.setitem(core_sweep.STEPS, "zz.broken", broken)
    clock(FREEZE_DAY)
    with pytest.raises(RuntimeError):
        daily.run_sweep(FREEZE_DAY)
    # the freezes before the broken step are kept: the day is not lost
    statuses = Unit.objects.filter(pk__in=missed["units"]).values_list("status", flat=True)
    assert set(statuses) == {UnitStatus.FROZEN}
    assert Permit.objects.filter(permit_no__in=missed["permits"], freeze__isnull=False).count() == 3
    monkeypatch.delitem(core_sweep.STEPS, "zz.broken")
    again = daily.run_sweep(FREEZE_DAY)  # the next run goes on and finds nothing left to freeze
    assert again["inspections.freeze_units"] == 0 and again["inspections.freeze_permits"] == 0
