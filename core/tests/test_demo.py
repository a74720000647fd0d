"""`make run` loads demo data: cases in every status, in two districts, idempotently."""

import pytest
from django.core.management import call_command

from cases.models import Case, CaseStatus
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_demo_data_has_cases_in_every_status_and_loads_once(capsys):
    call_command("load_demo")
    assert "haidian_reviewer" in capsys.readouterr().out
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert set(Unit.objects.values_list("district_id", flat=True)) == {"haidian", "chaoyang"}
    count = Case.objects.count()
    call_command("load_demo")
    assert Case.objects.count() == count
