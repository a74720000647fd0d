"""`make run` loads demo data: cases in every status, in two districts, idempotently."""

import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.roles import Role
from cases.models import Case, CaseStatus
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_demo_data_has_cases_in_every_status_and_loads_once(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "haidian_reviewer" in out and "auditor" in out
    assert User.objects.get(username="auditor").role == Role.AUDITOR  # security decision 13's third duty
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert set(Unit.objects.values_list("district_id", flat=True)) == {"haidian", "chaoyang"}
    count = Case.objects.count()
    call_command("load_demo")
    assert Case.objects.count() == count


def test_demo_prints_a_verify_link_that_answers_valid(capsys, client):
    call_command("load_demo")
    link = next(line for line in capsys.readouterr().out.splitlines() if "/verify?" in line)
    query = link.split("/verify?", 1)[1]
    response = client.get(f"/api/v1/verify?{query}")
    assert response.status_code == 200 and response.json()["result"] == "valid"
