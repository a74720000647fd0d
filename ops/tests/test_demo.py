"""`make run` loads demo data: cases in every status, in two districts, idempotently."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.roles import Role
from cases.models import Case, CaseStatus
from ops.management.commands.load_demo import NAMES
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


def _printed(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue().splitlines()


def test_demo_prints_a_readable_verify_link_that_answers_valid(client):
    """The holder's name shows as typed (issue 13, point 11: it was %E9%99%88%E9%9D%99), and the link
    works as printed: on the page and through the API."""
    link = next(line for line in _printed() if "/verify?" in line).split(": ", 1)[1]
    assert link.startswith("http://127.0.0.1:8000/verify?permit_no=BJ")
    name = link.rsplit("name=", 1)[1]
    assert name in NAMES and "%" not in link
    page = client.get(link)
    assert page.status_code == 200 and "该工作居住证真实有效。" in page.content.decode()
    answer = client.get("/api/v1/verify?" + link.split("?", 1)[1])
    assert answer.status_code == 200 and answer.json()["result"] == "valid"


def test_demo_prints_each_account_with_the_page_it_signs_in_to(client):
    """What `make run` prints is what a newcomer types: every account printed signs in with the
    printed password and lands on the printed page, at the printed address."""
    lines = _printed("--url", "http://127.0.0.1:8001")
    assert "Open http://127.0.0.1:8001/login and sign in" in "\n".join(lines)
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["username", "password"])
    rows = [line.split() for line in lines[header + 1 :] if line.startswith("  ")]
    assert {row[0] for row in rows} == set(User.objects.values_list("username", flat=True))
    for username, password, *rest in rows:
        home = next(column for column in rest if column.startswith("/"))
        client.logout()
        signed_in = client.post("/login", {"username": username, "password": password})
        assert signed_in.status_code == 302 and signed_in["Location"] == home, username
        assert client.get(home).status_code == 200, username
