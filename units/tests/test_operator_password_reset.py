"""R-W12 over HTTP: the district resets a unit operator's password at the window on PWD-01 (R-W02
without it), every session and token of the operator ends, and the temporary password only sets a
new one (403 `password_change_required` everywhere else, api.md)."""

import json

import pytest

from accounts.actor import Actor
from accounts.models import ApiToken, User
from audit.models import AuditEvent
from conftest import Api
from core.errors import Forbidden
from core.tests.world import UNIT_PASSWORD
from units.operator_password import ALPHABET, operator_password_reset

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Chosen-anew-2027"
PWD = {"materials_received": ["PWD-01"], "note": "营业执照副本原件已核验"}


def _reset(officials, unit_id: int, body: dict | None = None, district: str = "haidian"):
    path = f"/units/{unit_id}/operator-password-reset"
    return officials[district].post(path, PWD if body is None else body)


def test_r_w12_the_district_resets_and_the_old_password_and_token_end(api, officials, make_unit):
    # given
    client, unit_id = make_unit()
    username = User.objects.get(unit_id=unit_id).username
    assert client.get(f"/units/{unit_id}").status_code == 200
    # when
    response = _reset(officials, unit_id)
    # then
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"username", "temporary_password"} and body["username"] == username
    temporary = body["temporary_password"]
    assert len(temporary) == 14 and set(temporary.replace("-", "")) <= set(ALPHABET)
    assert client.get(f"/units/{unit_id}").status_code == 401  # the token got before ended
    assert not ApiToken.objects.filter(user__unit_id=unit_id, revoked_at__isnull=True).exists()
    assert api.post("/auth/token", {"username": username, "password": UNIT_PASSWORD}).status_code == 401
    account = User.objects.get(unit_id=unit_id)
    assert account.must_change_password and account.check_password(temporary)
    assert temporary not in account.password  # only its hash


def test_r_w12_the_temporary_password_only_sets_a_new_one(api, officials, make_unit):
    _, unit_id = make_unit()
    username = User.objects.get(unit_id=unit_id).username
    temporary = _reset(officials, unit_id).json()["temporary_password"]
    # the token it gets says so, and answers 403 password_change_required to every call but two
    issued = api.post("/auth/token", {"username": username, "password": temporary})
    assert issued.status_code == 200 and issued.json()["password_change_required"] is True
    limited = Api(api.client, issued.json()["token"])
    for method, path, body in [
        ("get", f"/units/{unit_id}", None),
        ("get", "/applications", None),
        ("post", "/applications", {"type": "new"}),
        ("post", "/auth/logout", None),
        ("put", "/notices/preferences", {"kind": "renewal_window_open", "enabled": True}),
    ]:
        refused = (limited.get(path) if method == "get" else
                   limited.client.generic(method.upper(), "/api/v1" + path, json.dumps(body or {}),
                                          content_type="application/json", **limited._headers()))
        assert refused.status_code == 403, (path, refused.content)
        assert refused["Content-Type"] == "application/problem+json"
        error = refused.json()["errors"][0]
        assert error["code"] == "password_change_required" and error["rule"] == "R-W12", path
    me = limited.get("/auth/me")
    assert me.status_code == 200 and me.json()["password_change_required"] is True
    # when: the new password is chosen
    changed = limited.post("/auth/password", {"old_password": temporary, "new_password": NEW_PASSWORD})
    # then: the account works as before, with the new password only
    assert changed.status_code == 204, changed.content
    assert limited.get("/auth/me").status_code == 401  # the temporary token ended with the change
    assert api.post("/auth/token", {"username": username, "password": temporary}).status_code == 401
    anew = api.as_user(username, NEW_PASSWORD)
    assert anew.get("/auth/me").json()["password_change_required"] is False
    assert anew.get(f"/units/{unit_id}").status_code == 200
    assert not User.objects.get(unit_id=unit_id).must_change_password


def test_r_w12_the_temporary_password_must_pass_the_rules_of_a_new_one(api, officials, make_unit):
    _, unit_id = make_unit()
    username = User.objects.get(unit_id=unit_id).username
    temporary = _reset(officials, unit_id).json()["temporary_password"]
    limited = api.as_user(username, temporary)
    same = limited.post("/auth/password", {"old_password": temporary, "new_password": temporary})
    assert same.status_code == 422
    weak = limited.post("/auth/password", {"old_password": temporary, "new_password": "12345678"})
    assert weak.status_code == 422
    assert User.objects.get(unit_id=unit_id).must_change_password


def test_r_w02_a_reset_without_pwd_01_is_refused_and_changes_nothing(api, officials, make_unit):
    # given
    client, unit_id = make_unit()
    before = User.objects.get(unit_id=unit_id)
    # when
    for body in ({"materials_received": [], "note": ""}, {"note": "未带营业执照"}):
        response = _reset(officials, unit_id, body)
        # then
        assert response.status_code == 422, response.content
        errors = response.json()["errors"]
        assert [e["rule"] for e in errors] == ["R-W02"] and errors[0]["field"] == "materials_received"
        assert "PWD-01" in errors[0]["message"] and "不能重置经办人密码" in errors[0]["message"]
    after = User.objects.get(unit_id=unit_id)
    assert (after.password, after.auth_generation, after.must_change_password) == (
        before.password, before.auth_generation, False)
    assert client.get(f"/units/{unit_id}").status_code == 200  # its token lives on
    assert not AuditEvent.objects.filter(action="unit.operator_password_reset").exists()


def test_r_w02_an_unknown_code_is_bad_input(officials, make_unit):
    _, unit_id = make_unit()
    response = _reset(officials, unit_id, {"materials_received": ["PWD-01", "REG-09"], "note": ""})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "materials_received"
    assert not User.objects.get(unit_id=unit_id).must_change_password


def test_r_w12_unknown_fields_are_refused(officials, make_unit):
    _, unit_id = make_unit()
    response = _reset(officials, unit_id, {**PWD, "temporary_password": "Chosen-by-me-1"})
    assert response.status_code == 400
    assert not User.objects.get(unit_id=unit_id).must_change_password


def test_r_w12_another_districts_unit_is_not_found(officials, make_unit):
    _, unit_id = make_unit("chaoyang")
    assert _reset(officials, unit_id).status_code == 404
    assert _reset(officials, 987_654).status_code == 404
    assert not User.objects.get(unit_id=unit_id).must_change_password
    assert _reset(officials, unit_id, district="chaoyang").status_code == 200


@pytest.mark.parametrize("who", ["city", "admin", "unit"])
def test_r_w12_only_the_district_resets(officials, make_unit, who):
    client, unit_id = make_unit()
    caller = client if who == "unit" else officials[who]
    response = caller.post(f"/units/{unit_id}/operator-password-reset", PWD)
    assert response.status_code == 403
    assert not User.objects.get(unit_id=unit_id).must_change_password


def test_r_w12_the_service_itself_refuses_another_role(make_unit):
    _, unit_id = make_unit()
    operator = User.objects.get(unit_id=unit_id)
    with pytest.raises(Forbidden):
        operator_password_reset(Actor(operator, operator.role), unit_id, materials_received=["PWD-01"],
                                note="")


def test_r_w12_a_frozen_or_pending_units_operator_gets_one_too(officials, make_unit):
    from units.models import Unit

    _, pending = make_unit(active=False)
    _, frozen = make_unit()
    Unit.objects.filter(pk=frozen).update(status="frozen")
    assert _reset(officials, pending).status_code == 200
    assert _reset(officials, frozen).status_code == 200


def test_r_w12_the_reset_is_audited_without_the_password(officials, make_unit):
    _, unit_id = make_unit()
    temporary = _reset(officials, unit_id).json()["temporary_password"]
    row = AuditEvent.objects.get(action="unit.operator_password_reset")
    assert row.actor_role == "district_reviewer" and row.object_id == str(unit_id)
    assert row.after["materials_received"] == ["PWD-01"] and row.after["sessions_ended"] is True
    every_row = json.dumps(list(AuditEvent.objects.values()), default=str, ensure_ascii=False)
    assert temporary not in every_row


def test_r_w12_the_reset_lifts_the_lockout_of_the_username(api, officials, make_unit):
    """An operator who lost the password has usually locked the username guessing it (decision 2)."""
    _, unit_id = make_unit()
    username = User.objects.get(unit_id=unit_id).username
    for _ in range(5):
        api.post("/auth/token", {"username": username, "password": "Not-it-2026"})
    assert api.post("/auth/token", {"username": username, "password": UNIT_PASSWORD}).status_code == 401
    temporary = _reset(officials, unit_id).json()["temporary_password"]
    assert api.post("/auth/token", {"username": username, "password": temporary}).status_code == 200
