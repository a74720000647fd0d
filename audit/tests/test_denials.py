"""Security decision 18: a signed-in actor's refused request writes one audit row — 403, an
out-of-scope 404 on an id-taking operation, a refused transition (409, 422, 423) — on the API and
on the web; second-factor failures are audited and count toward the lockout on every path."""

import json
from typing import Any

import pytest
from django.test import Client

from accounts.otp import official_otp_enrol
from accounts.roles import Role
from accounts.services import official_create
from audit.models import AuditEvent
from units.models import Unit, UnitStatus
from web.tests.test_sign_in import code_of, wrong_code

pytestmark = pytest.mark.django_db


def denials() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action__in=("request.denied", "request.refused")).order_by("pk"))


def only_denial() -> AuditEvent:
    rows = denials()
    assert len(rows) == 1, [(r.action, r.after) for r in rows]
    return rows[0]


# --- the API ---------------------------------------------------------------------------------------


def test_d18_a_units_call_of_an_officials_operation_is_403_and_audited(make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    response = client.post(f"/applications/{case['id']}/review", {"decision": "pass"})
    assert response.status_code == 403
    row = only_denial()
    assert (row.action, row.outcome, row.actor_role) == ("request.denied", "denied", "unit")
    assert (row.object_type, row.object_id) == ("case", str(case["id"]))
    assert row.actor_username.startswith("unit") and row.ip == "127.0.0.1"
    assert row.after["status"] == 403 and row.after["method"] == "POST"
    assert row.after["path"] == f"/api/v1/applications/{case['id']}/review"


def test_d18_a_reviewers_read_of_another_districts_case_is_404_and_audited(
    make_unit, file_new_case, officials, clock
):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    assert officials["chaoyang"].get(f"/applications/{case['id']}").status_code == 404
    row = only_denial()
    assert (row.action, row.actor_username) == ("request.denied", "cy_reviewer")
    assert row.object_id == str(case["id"])
    assert row.after["status"] == 404


def test_d18_refused_transitions_409_422_423_are_audited_with_their_rules(
    make_unit, file_new_case, officials, clock
):
    client, unit_id = make_unit("haidian")
    draft = file_new_case(client, until="draft")
    # 409: the city approves a draft
    assert officials["city"].post(f"/applications/{draft['id']}/approval",
                                  {"decision": "approve"}).status_code == 409
    # 422: submitted without the photo the rules ask for
    refused = client.post(f"/applications/{draft['id']}/submit")
    assert refused.status_code == 422
    # 423: the unit is frozen (R-U05)
    Unit.objects.filter(pk=unit_id).update(status=UnitStatus.FROZEN)
    assert client.post(f"/applications/{draft['id']}/submit").status_code == 423
    rows = denials()
    assert [(r.action, r.outcome, r.after["status"]) for r in rows] == [
        ("request.refused", "refused", 409), ("request.refused", "refused", 422),
        ("request.refused", "refused", 423)]
    assert rows[0].actor_username == "city_approver"
    assert rows[1].after["rules"] == sorted({e["rule"] for e in refused.json()["errors"] if e.get("rule")})
    assert rows[1].after["rules"]  # the rules that refused it, named
    assert rows[2].after["rules"] == ["R-U05"] or "R-U05" in rows[2].after["title"]
    assert all(r.object_id == str(draft["id"]) for r in rows)


def test_d18_an_allowed_request_and_an_anonymous_one_write_no_denial_row(
    make_unit, file_new_case, api, clock
):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="draft")
    assert client.get(f"/applications/{case['id']}").status_code == 200
    assert api.get(f"/applications/{case['id']}").status_code == 401
    assert api.get("/verify", permit_no="BJ20269999999", name="某某").status_code in (200, 404)
    assert denials() == []


# --- the web ---------------------------------------------------------------------------------------


def test_d18_web_refusals_are_audited_like_the_apis(make_unit, file_new_case, officials, clock):
    from accounts.models import User

    client, unit_id = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    reviewer, unit_web = Client(), Client()
    reviewer.force_login(User.objects.get(username="cy_reviewer"))
    unit_web.force_login(User.objects.get(unit_id=unit_id))
    # another district's case page: 404
    assert reviewer.get(f"/office/cases/{case['id']}/").status_code == 404
    # a unit on the workbench: 403 from the page's role check, no DomainError behind it
    assert unit_web.get(f"/office/cases/{case['id']}/").status_code == 403
    # a refused decision shown beside the checklist (R-W02)
    haidian = Client()
    haidian.force_login(User.objects.get(username="hd_reviewer"))
    assert haidian.post(f"/office/cases/{case['id']}/review",
                        {"decision": "pass", "materials_received": []}).status_code == 422
    rows = denials()
    assert [(r.actor_username, r.action, r.after["status"]) for r in rows] == [
        ("cy_reviewer", "request.denied", 404),
        (User.objects.get(unit_id=unit_id).username, "request.denied", 403),
        ("hd_reviewer", "request.refused", 422)]
    assert "R-W02" in rows[2].after["rules"]


# --- the second factor -----------------------------------------------------------------------------


def _token(api: Any, username: str, password: str, otp: str) -> Any:
    return api.client.post("/api/v1/auth/token", json.dumps({"username": username, "password": password,
                                                             "otp": otp}), content_type="application/json")


def test_d18_wrong_totp_codes_on_the_token_endpoint_are_audited_and_lock_the_username(api, settings):
    settings.REQUIRE_OFFICIAL_OTP = True
    user = official_create(username="hd_window", password="Official-Pass-2026!", role=Role.DISTRICT_REVIEWER,
                           district="haidian")
    device = official_otp_enrol(user)
    bad = wrong_code(device)
    for _ in range(5):
        assert _token(api, "hd_window", "Official-Pass-2026!", bad).status_code == 401
    failures = AuditEvent.objects.filter(action="auth.login_failed", object_id="hd_window")
    assert failures.count() == 5
    assert all(row.after["factor"] == "otp" for row in failures)
    assert AuditEvent.objects.filter(action="auth.locked_out", object_id="hd_window").exists()
    # the right password and the right code no longer help: the username is locked
    locked = _token(api, "hd_window", "Official-Pass-2026!", code_of(device))
    assert locked.status_code == 401 and "token" not in locked.json()


def test_d18_wrong_codes_on_the_web_are_audited_as_second_factor_failures(settings):
    settings.REQUIRE_OFFICIAL_OTP = True
    user = official_create(username="hd_window", password="Official-Pass-2026!", role=Role.DISTRICT_REVIEWER,
                           district="haidian")
    device = official_otp_enrol(user)
    client = Client()
    client.post("/login", {"username": "hd_window", "password": "Official-Pass-2026!"})
    assert client.post("/login", {"code": wrong_code(device)}).status_code == 401
    row = AuditEvent.objects.get(action="auth.login_failed", object_id="hd_window")
    assert row.after["factor"] == "otp"
