"""The daily job as production runs it (README): a daily trigger enqueues `ops.tasks.daily_sweep`
(`manage.py sweep --enqueue`) and django-tasks-db's worker runs it (decision 33: the real worker)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from audit.models import AuditEvent
from permits.models import Permit
from units.models import Unit, UnitStatus

pytestmark = pytest.mark.django_db


def test_the_enqueued_daily_sweep_is_run_by_the_worker(make_unit, file_new_case, clock, run_worker, api):
    clock("2026-03-02")
    client, unit_id = make_unit("haidian")  # verified before the season and never inspected
    permit_no = file_new_case(client)["permit_no"]
    clock("2026-05-03")

    out = StringIO()
    call_command("sweep", "--enqueue", stdout=out)
    job = DBTaskResult.objects.get(task_path="ops.tasks.daily_sweep")
    assert str(job.id) in out.getvalue() and job.status == "READY"
    # enqueued, not run: nothing is stored yet (reads already say frozen, lifecycle.md)
    assert Unit.objects.get(pk=unit_id).status == UnitStatus.ACTIVE
    assert Permit.objects.get(permit_no=permit_no).frozen_at is None

    run_worker()
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL", job.traceback
    assert job.return_value["inspections.freeze_units"] == 1
    assert job.return_value["inspections.freeze_permits"] == 1
    assert Unit.objects.get(pk=unit_id).status == UnitStatus.FROZEN  # R-I02, stored by the job
    assert Permit.objects.get(permit_no=permit_no).frozen_at is not None  # R-I03
    assert client.get(f"/units/{unit_id}").status_code == 401  # the freeze ended the operator's token
    assert AuditEvent.objects.filter(action="sweep.run", object_id="2026-05-03").count() == 1

    call_command("sweep", "--enqueue", stdout=StringIO())  # the next trigger: idempotent
    run_worker()
    again = DBTaskResult.objects.exclude(pk=job.pk).get(task_path="ops.tasks.daily_sweep")
    assert again.status == "SUCCESSFUL" and sum(again.return_value.values()) == 0
