"""The web sign-in (`/login` and the form on `/`): the officials' second factor when
REQUIRE_OFFICIAL_OTP is on (security decision 3), the per-address rate limit (decision 10), the
lockout page (decision 2)."""

import datetime as dt
import re
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.db.models import Max
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.otp import official_otp_enrol
from accounts.roles import Role
from accounts.services import official_create
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

OFFICIAL_PW = "Official-Pass-2026!"
UNIT_PW = "Unit-pass-2026"


def code_of(device: TOTPDevice, shift: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + shift * device.step
    return str(totp.token()).zfill(device.digits)


def wrong_code(device: TOTPDevice) -> str:
    """A well-formed code that is not valid now (nor one step either side)."""
    valid = {code_of(device, s) for s in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def otp_on(settings: Any) -> None:
    settings.REQUIRE_OFFICIAL_OTP = True


@pytest.fixture
def reviewer(db: Any) -> tuple[User, TOTPDevice]:
    user = official_create(username="hd_window", password=OFFICIAL_PW, role=Role.DISTRICT_REVIEWER,
                           district="haidian")
    return user, official_otp_enrol(user)


@pytest.fixture
def admin_user(db: Any) -> tuple[User, TOTPDevice]:
    user = official_create(username="sys_admin", password=OFFICIAL_PW, role=Role.ADMIN)
    return user, official_otp_enrol(user)


def password_step(client: Client, username: str, password: str, next_: str = "", **extra: Any) -> Any:
    return client.post("/login", {"username": username, "password": password, "next": next_}, **extra)


def code_step(client: Client, code: str, next_: str = "") -> Any:
    return client.post("/login", {"code": code, "next": next_})


# --- decision 3: the second factor ---------------------------------------------------------------


def test_d3_an_officials_password_alone_asks_for_the_code_and_does_not_reach_the_workbench(otp_on, reviewer):
    client = Client()
    response = password_step(client, "hd_window", OFFICIAL_PW)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="code"' in html and 'autocomplete="one-time-code"' in html
    assert '<label for="code">' in html and 'aria-describedby="code-help code-error"' in html
    assert not signed_in(client)
    answer = client.get("/office/")
    assert answer.status_code == 302 and answer["Location"].startswith("/login?next=/office/")


def test_d3_password_and_the_right_code_reach_the_workbench(otp_on, reviewer):
    user, device = reviewer
    client = Client()
    password_step(client, "hd_window", OFFICIAL_PW)
    response = code_step(client, code_of(device))
    assert response.status_code == 302 and response["Location"] == "/office/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/office/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.login", actor_id=user.pk).count() == 1


def test_d3_a_wrong_code_is_refused_next_to_the_field_and_audited(otp_on, reviewer):
    _, device = reviewer
    client = Client()
    password_step(client, "hd_window", OFFICIAL_PW)
    response = code_step(client, wrong_code(device))
    assert response.status_code == 401
    html = response.content.decode()
    assert re.search(r'<p class="error" id="code-error" aria-live="polite">动态验证码不正确', html)
    assert 'aria-invalid="true"' in html
    assert not signed_in(client)
    assert client.get("/office/").status_code == 302
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.after["username"] == "hd_window" and failed.after["path"] == "/login"


def test_d3_a_code_without_the_password_step_signs_nobody_in(otp_on, reviewer):
    _, device = reviewer
    client = Client()
    response = code_step(client, code_of(device))
    assert response.status_code == 401
    assert "请重新输入用户名和密码" in response.content.decode()
    assert not signed_in(client)


def test_d3_the_password_step_expires_after_five_minutes(otp_on, reviewer, monkeypatch):
    _, device = reviewer
    client = Client()
    password_step(client, "hd_window", OFFICIAL_PW)
    import web.accounts

    later = web.accounts.time.time() + 301
    monkeypatch.setattr(web.accounts.time, "time", lambda: later)
    response = code_step(client, code_of(device))
    assert response.status_code == 401
    assert not signed_in(client)


def test_d3_five_wrong_codes_lock_the_username(otp_on, reviewer):
    _, device = reviewer
    client = Client()
    password_step(client, "hd_window", OFFICIAL_PW)
    bad = wrong_code(device)
    for _ in range(4):
        assert code_step(client, bad).status_code == 401
    locked = code_step(client, bad)
    assert locked.status_code == 429
    assert "已被暂时锁定" in locked.content.decode()
    # the password step is locked too, and the right code no longer helps
    assert password_step(client, "hd_window", OFFICIAL_PW).status_code == 429
    assert code_step(client, code_of(device)).status_code == 401
    assert not signed_in(client)


def test_d3_a_unit_operator_is_not_asked_for_a_code(otp_on, db):
    User.objects.create_user(username="acme_hr", password=UNIT_PW, role=Role.UNIT)
    client = Client()
    response = password_step(client, "acme_hr", UNIT_PW)
    assert response.status_code == 302 and response["Location"] == "/unit/"
    assert signed_in(client)


def test_d3_an_official_without_a_device_is_told_to_ask_the_administrator(otp_on, db):
    official_create(username="city_desk", password=OFFICIAL_PW, role=Role.CITY_APPROVER)
    client = Client()
    response = password_step(client, "city_desk", OFFICIAL_PW)
    assert response.status_code == 403
    assert "尚未绑定动态验证码设备" in response.content.decode()
    assert not signed_in(client)


def test_d3_a_session_never_confirmed_with_a_code_is_sent_to_the_code_step(otp_on, reviewer):
    user, device = reviewer
    client = Client()
    client.force_login(user)  # e.g. signed in before the setting was turned on
    answer = client.get("/office/")
    assert answer.status_code == 302 and answer["Location"] == "/login?next=/office/"
    page = client.get(answer["Location"]).content.decode()
    assert 'name="code"' in page and 'name="password"' not in page
    done = code_step(client, code_of(device), next_="/office/")
    assert done.status_code == 302 and done["Location"] == "/office/"
    assert client.get("/office/").status_code == 200


def test_d3_without_the_setting_an_official_signs_in_with_the_password(reviewer):
    client = Client()
    response = password_step(client, "hd_window", OFFICIAL_PW)
    assert response.status_code == 302 and response["Location"] == "/office/"
    assert client.get("/office/").status_code == 200


def test_d3_the_admin_password_form_does_not_open_the_admin(otp_on, admin_user):
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": "sys_admin", "password": OFFICIAL_PW})
    assert response.status_code == 302 and response["Location"] == "/login?next=/admin/"
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302


def test_d3_an_admin_signed_in_with_the_password_only_does_not_reach_the_admin(otp_on, admin_user):
    user, _ = admin_user
    client = Client()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_d3_password_and_code_open_the_admin(otp_on, admin_user):
    _, device = admin_user
    client = Client()
    assert password_step(client, "sys_admin", OFFICIAL_PW, next_="/admin/").status_code == 200
    response = code_step(client, code_of(device), next_="/admin/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# --- decision 10: the rate limit ----------------------------------------------------------------


def test_d10_sign_in_posts_are_rate_limited_per_address(settings, db):
    settings.RATELIMIT_TOKEN = "3/m"
    User.objects.create_user(username="acme_hr", password=UNIT_PW, role=Role.UNIT)
    client = Client()
    for n in range(3):
        refused = password_step(client, f"guess{n}", "Wrong-guess-123", REMOTE_ADDR="10.20.0.1")
        assert refused.status_code == 401
    limited = password_step(client, "acme_hr", UNIT_PW, REMOTE_ADDR="10.20.0.1")
    assert limited.status_code == 429
    html = limited.content.decode()
    assert "登录尝试过于频繁，请一分钟后再试。" in html and 'name="username"' in html
    assert not signed_in(client)
    # another address is not held back
    assert password_step(Client(), "acme_hr", UNIT_PW, REMOTE_ADDR="10.20.0.2").status_code == 302


# --- decision 2: the lockout page ---------------------------------------------------------------


def test_d2_a_locked_username_gets_the_sign_in_page_saying_when_to_try_again(db):
    User.objects.create_user(username="acme_hr", password=UNIT_PW, role=Role.UNIT)
    client = Client()
    for n in range(4):
        response = password_step(client, "acme_hr", "Wrong-guess-123", REMOTE_ADDR=f"10.30.{n}.1")
        assert response.status_code == 401
        assert "用户名或密码不正确。" in response.content.decode()
    response = password_step(client, "acme_hr", UNIT_PW, REMOTE_ADDR="10.30.9.1")
    assert response.status_code == 302  # four failures do not lock
    client = Client()
    for n in range(5):
        password_step(client, "acme_hr", "Wrong-guess-123", REMOTE_ADDR=f"10.31.{n}.1")
    response = password_step(client, "acme_hr", UNIT_PW, REMOTE_ADDR="10.31.9.1")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    last = AccessAttempt.objects.filter(username="acme_hr").aggregate(m=Max("attempt_time"))["m"]
    until = timezone.localtime(last + dt.timedelta(minutes=30))
    assert "已被暂时锁定" in html and f"{until:%H:%M} 之后再试" in html
    assert 'role="alert"' in html and '<label for="username">' in html
    assert not signed_in(client)


# --- api.md: `/` is home and sign-in ------------------------------------------------------------


def test_the_home_page_has_a_sign_in_form_for_visitors(client):
    html = client.get("/").content.decode()
    found = re.search(r'<form method="post" action="/login".*?</form>', html, re.S)
    assert found is not None
    form = found.group(0)
    assert '<label for="home-username">' in form and 'id="home-username" name="username"' in form
    assert '<label for="home-password">' in form and 'name="password"' in form
    assert "csrfmiddlewaretoken" in form
    assert 'href="/register"' in html


def test_the_home_sign_in_form_signs_in(db):
    User.objects.create_user(username="acme_hr", password=UNIT_PW, role=Role.UNIT)
    client = Client(enforce_csrf_checks=True)
    html = client.get("/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token is not None
    response = client.post("/login", {"csrfmiddlewaretoken": token.group(1), "username": "acme_hr",
                                       "password": UNIT_PW})
    assert response.status_code == 302 and response["Location"] == "/unit/"


def test_the_home_page_has_no_sign_in_form_for_a_signed_in_user(db):
    user = User.objects.create_user(username="acme_hr", password=UNIT_PW, role=Role.UNIT)
    client = Client()
    client.force_login(user)
    assert 'id="home-username"' not in client.get("/").content.decode()
