"""Security decision 4: 30 minutes idle and 12 hours absolute for tokens and web sessions; logout,
a password change and disabling an account end sessions and tokens at once (checked on every
request)."""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken, User
from accounts.roles import Role
from accounts.services import account_change_password
from accounts.tests.conftest import OFFICIAL_PW, UNIT_PASSWORD
from audit.models import AuditEvent

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
NEW_PASSWORD = "Brand-new-pass-2027"


def _only_token(user: User) -> ApiToken:
    return ApiToken.objects.get(user=user)


def _web_client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def _signed_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def _age_session(client: Client, **seconds_ago: float) -> None:
    session = client.session
    for key, ago in seconds_ago.items():
        session[f"limits.{key}"] = time.time() - ago
    session.save()


# --- tokens -----------------------------------------------------------------------------------

def test_d4_a_fresh_token_is_accepted(api, unit_user):
    client = api.as_user("acme_hr", UNIT_PASSWORD)
    response = client.get("/auth/me")
    assert response.status_code == 200
    assert response.json()["username"] == "acme_hr"


def test_d4_a_token_idle_over_30_minutes_is_refused(api, unit_user):
    client = api.as_user("acme_hr", UNIT_PASSWORD)
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=31))
    response = client.get("/auth/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_d4_a_token_idle_29_minutes_is_accepted_and_its_idle_clock_restarts(api, unit_user):
    client = api.as_user("acme_hr", UNIT_PASSWORD)
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=29))
    assert client.get("/auth/me").status_code == 200
    assert timezone.now() - ApiToken.objects.get().last_used_at < timedelta(minutes=1)


def test_d4_a_token_older_than_12_hours_is_refused_even_when_in_use(api, unit_user):
    client = api.as_user("acme_hr", UNIT_PASSWORD)
    issued = timezone.now() - timedelta(hours=12, minutes=1)
    ApiToken.objects.update(created_at=issued, expires_at=issued + timedelta(hours=12),
                            last_used_at=timezone.now() - timedelta(minutes=1))
    assert client.get("/auth/me").status_code == 401


def test_d4_a_token_expires_12_hours_after_issue(api, unit_user):
    api.as_user("acme_hr", UNIT_PASSWORD)
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == timedelta(hours=12)


def test_d4_a_revoked_token_is_refused(api, unit_user):
    client = api.as_user("acme_hr", UNIT_PASSWORD)
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/auth/me").status_code == 401


def test_d4_a_disabled_accounts_token_is_refused(api, unit_user):
    client = api.as_user("acme_hr", UNIT_PASSWORD)
    User.objects.filter(pk=unit_user.pk).update(is_active=False)
    assert client.get("/auth/me").status_code == 401


def test_d4_a_disabled_account_cannot_get_a_token(api, unit_user):
    User.objects.filter(pk=unit_user.pk).update(is_active=False)
    response = api.post("/auth/token", {"username": "acme_hr", "password": UNIT_PASSWORD})
    assert response.status_code == 401


def test_d4_an_unknown_token_is_refused(api, unit_user):
    assert api.__class__(Client(), "not-a-token").get("/auth/me").status_code == 401


def test_d4_only_the_hash_of_a_token_is_stored(api, unit_user):
    client = api.as_user("acme_hr", UNIT_PASSWORD)
    row = ApiToken.objects.get()
    assert row.key_hash == ApiToken.hash(client.token)
    assert client.token not in row.key_hash


# --- logout ------------------------------------------------------------------------------------

def test_d4_logout_revokes_the_presented_token_at_once(api, unit_user):
    client = api.as_user("acme_hr", UNIT_PASSWORD)
    other = api.as_user("acme_hr", UNIT_PASSWORD)
    response = client.post("/auth/logout")
    assert response.status_code == 204
    assert response.content == b""
    assert client.get("/auth/me").status_code == 401
    assert client.post("/auth/logout").status_code == 401
    # the account's other tokens stay
    assert other.get("/auth/me").status_code == 200
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == 1


def test_d4_logout_is_audited(api, unit_user):
    client = api.as_user("acme_hr", UNIT_PASSWORD)
    client.post("/auth/logout")
    event = AuditEvent.objects.get(action="auth.token_revoked")
    assert event.actor_id == unit_user.pk
    assert event.after == {"token_id": ApiToken.objects.get().pk}


def test_d4_logout_without_a_token_is_401(api):
    assert api.post("/auth/logout").status_code == 401


# --- ending everything at once ------------------------------------------------------------------

def test_d4_end_all_sessions_kills_tokens_and_web_sessions_at_once(api, make_official):
    admin = make_official("sys_admin", Role.ADMIN)
    token_client = api.as_user("sys_admin", OFFICIAL_PW)
    web = _web_client(admin)
    assert token_client.get("/auth/me").status_code == 200
    assert _signed_in(web)
    # when
    admin.end_all_sessions()
    # then
    assert token_client.get("/auth/me").status_code == 401
    assert not _signed_in(web)
    assert "_auth_user_id" not in web.session
    assert AuditEvent.objects.filter(action="auth.session_ended", after__reason="revoked").exists()


def test_d4_disabling_an_account_ends_its_web_session(make_official):
    admin = make_official("sys_admin", Role.ADMIN)
    web = _web_client(admin)
    assert _signed_in(web)
    User.objects.filter(pk=admin.pk).update(is_active=False)
    assert not _signed_in(web)


def test_d4_a_web_session_idle_over_30_minutes_is_logged_out(make_official):
    admin = make_official("sys_admin", Role.ADMIN)
    web = _web_client(admin)
    assert _signed_in(web)
    _age_session(web, seen=31 * 60)
    response = web.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in web.session
    event = AuditEvent.objects.get(action="auth.session_ended")
    assert (event.actor_id, event.after["reason"]) == (admin.pk, "idle")


def test_d4_a_web_session_idle_29_minutes_survives(make_official):
    admin = make_official("sys_admin", Role.ADMIN)
    web = _web_client(admin)
    _age_session(web, seen=29 * 60)
    assert _signed_in(web)


def test_d4_a_web_session_older_than_12_hours_is_logged_out_even_when_in_use(make_official):
    admin = make_official("sys_admin", Role.ADMIN)
    web = _web_client(admin)
    _age_session(web, started=12 * 3600 + 60, seen=10)
    assert not _signed_in(web)
    assert AuditEvent.objects.filter(action="auth.session_ended", after__reason="absolute").exists()


# --- password change -----------------------------------------------------------------------------

def test_d4_a_password_change_ends_every_token_and_web_session(api, make_official):
    admin = make_official("sys_admin", Role.ADMIN)
    token_client = api.as_user("sys_admin", OFFICIAL_PW)
    web = _web_client(admin)
    assert _signed_in(web)
    before = admin.password_changed_at
    # when
    account_change_password(admin, OFFICIAL_PW, NEW_PASSWORD)
    # then
    assert token_client.get("/auth/me").status_code == 401
    assert not _signed_in(web)
    admin.refresh_from_db()
    assert admin.check_password(NEW_PASSWORD)
    assert admin.password_changed_at > before
    assert ApiToken.objects.filter(user=admin, revoked_at__isnull=True).count() == 0
    assert api.as_user("sys_admin", NEW_PASSWORD).get("/auth/me").status_code == 200


def test_d4_a_password_change_is_audited_without_the_password(make_official):
    admin = make_official("sys_admin", Role.ADMIN)
    account_change_password(admin, OFFICIAL_PW, NEW_PASSWORD)
    event = AuditEvent.objects.get(action="account.password_changed")
    assert event.actor_id == admin.pk
    assert NEW_PASSWORD not in str(event.after) and OFFICIAL_PW not in str(event.after)


def test_d1_a_password_change_needs_the_current_password(make_official):
    admin = make_official("sys_admin", Role.ADMIN)
    with pytest.raises(ValidationError) as caught:
        account_change_password(admin, "not-the-password", NEW_PASSWORD)
    assert "old_password" in caught.value.message_dict
    admin.refresh_from_db()
    assert admin.check_password(OFFICIAL_PW)


def test_d1_a_password_change_applies_the_password_rules(make_official):
    admin = make_official("sys_admin", Role.ADMIN)
    generation = admin.auth_generation
    with pytest.raises(ValidationError) as caught:
        account_change_password(admin, OFFICIAL_PW, "short2two")
    assert "new_password" in caught.value.message_dict
    admin.refresh_from_db()
    assert admin.check_password(OFFICIAL_PW)
    assert admin.auth_generation == generation


def test_d1_a_password_change_refuses_the_same_password(make_official):
    admin = make_official("sys_admin", Role.ADMIN)
    with pytest.raises(ValidationError):
        account_change_password(admin, OFFICIAL_PW, OFFICIAL_PW)


def test_d4_password_change_endpoint_ends_sessions_and_the_new_password_works(api, unit_user):
    client = api.as_user("acme_hr", UNIT_PASSWORD)
    response = client.post("/auth/password", {"old_password": UNIT_PASSWORD, "new_password": NEW_PASSWORD})
    assert response.status_code == 204
    assert client.get("/auth/me").status_code == 401
    assert api.post("/auth/token", {"username": "acme_hr", "password": UNIT_PASSWORD}).status_code == 401
    assert api.as_user("acme_hr", NEW_PASSWORD).get("/auth/me").status_code == 200


def test_d1_password_change_endpoint_refuses_a_weak_password_with_422(api, unit_user):
    client = api.as_user("acme_hr", UNIT_PASSWORD)
    response = client.post("/auth/password", {"old_password": UNIT_PASSWORD, "new_password": "1234567"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert {e["field"] for e in response.json()["errors"]} == {"new_password"}
    assert client.get("/auth/me").status_code == 200


def test_d2_wrong_current_passwords_on_the_change_endpoint_count_towards_the_lockout(api, unit_user):
    client = api.as_user("acme_hr", UNIT_PASSWORD)
    for _ in range(5):
        response = client.post("/auth/password",
                               {"old_password": "Wrong-guess-123", "new_password": NEW_PASSWORD})
        assert response.status_code in (401, 422)
    assert api.post("/auth/token", {"username": "acme_hr", "password": UNIT_PASSWORD}).status_code == 401
    failures = AuditEvent.objects.filter(action="auth.login_failed", after__path="/api/v1/auth/password")
    assert failures.count() == 5
