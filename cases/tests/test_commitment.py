"""The unit's 诚信声明 (告知承诺) at submission (cases.commitment): an API client's submission is its
commitment, the web form's tick is the operator's (web/tests/unit/test_cases.py); the submit event
keeps which, and the printed form says it (documents.forms)."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from accounts.actor import Actor
from accounts.models import User
from audit.models import AuditEvent
from cases import services
from cases.models import Case
from cases.tests.support import draft_new, submit

pytestmark = pytest.mark.django_db


def _form_text(client, case_id: int) -> str:
    response = client.get(f"/applications/{case_id}/form.pdf")
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return "".join(text.split())  # the opinion box wraps its lines


def test_an_api_submission_is_recorded_as_the_clients_commitment(make_unit, clock):
    clock(dt.date(2026, 6, 15))
    client, _ = make_unit()
    case = draft_new(client)
    answer = submit(client, case["id"])
    assert set(answer["history"][-1]) == {"at", "actor_role", "action", "from_status", "to_status", "note"}
    event = Case.objects.get(pk=case["id"]).events.get(action="submit")
    assert event.details == {"commitment": "api"}
    assert AuditEvent.objects.get(action="case.submit").after["commitment"] == "api"


def test_the_form_prints_the_commitment_as_it_was_made(make_unit, clock):
    clock(dt.date(2026, 6, 15))
    client, unit_id = make_unit()
    draft = draft_new(client)
    assert "提交本申请时，须在系统中作出诚信声明" in _form_text(client, draft["id"])  # not yet submitted
    submit(client, draft["id"])
    printed = _form_text(client, draft["id"])
    assert "本单位已于2026年6月15日通过系统接口提交本申请，提交即作出诚信声明" in printed
    ticked = draft_new(client)
    operator = User.objects.get(unit_id=unit_id)
    services.case_submit(Actor(operator, operator.role), ticked["id"], commitment="web")
    assert Case.objects.get(pk=ticked["id"]).events.get(action="submit").details == {"commitment": "web"}
    assert "本单位已于2026年6月15日在系统中提交本申请，并勾选作出诚信声明" in _form_text(client, ticked["id"])


def test_a_commitment_of_no_known_kind_is_a_programming_error(make_unit):
    client, unit_id = make_unit()
    case = draft_new(client)
    operator = User.objects.get(unit_id=unit_id)
    with pytest.raises(ValueError, match="'phone'"):
        services.case_submit(Actor(operator, operator.role), case["id"], commitment="phone")
    assert Case.objects.get(pk=case["id"]).status == "draft"
