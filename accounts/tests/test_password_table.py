"""Security decision 1 as one table (issue 10): each row is a password someone might choose, tried
through every real entry point of its kind of account — for a unit the API registration, the web
registration form and POST /api/v1/auth/password; for an official `manage.py create_official`,
POST /api/v1/auth/password and, for an admin, /admin/password_change/ — with the settings' own
validators (AUTH_PASSWORD_VALIDATORS, accounts.validators). A refusal must be one the user can
read: the message names the reason, in Chinese (the site's language; on the web form, in the
password field's error slot). An acceptance must be one the user can use: the password then signs
in (POST /api/v1/auth/token).

test_passwords.py checks the validators one by one; this table checks what reaches the
user through each door."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from accounts.services import official_create
from ops.demo import registration
from units.models import Unit
from web.tests.unit.support import html
from web.tests.unit.test_registration import _form, _register

pytestmark = pytest.mark.django_db

UNIT_NAME = "haidian_hr"  # the unit operator's username in every row
OFFICIAL_NAME = "hd_reviewer"  # the official's
START_UNIT = "Qk7v-zmwr-2026"  # the password an account has before it changes it
START_OFFICIAL = "Qk7v-zmwr-Official-2026"

# What the refusal's message must say (Chinese, LANGUAGE_CODE zh-hans), per reason.
COMMON = "太常见"  # Django: 这个密码太常见了。
NUMERIC = "只包含数字"  # Django: 密码只包含数字。
SIMILAR = "太相似"  # Django: 密码跟 用户名 太相似了。
SHORT = "太短"  # Django: 密码长度太短。密码必须包含至少 8 个字符。(locale/zh_Hans: Django 5.2's own
# catalogue lost it when the message changed, so it came out in English on the Chinese form)
OFFICIAL_SHORT = "至少12个字符"  # accounts.validators: 工作人员密码至少12个字符
CLASSES = "三类"  # accounts.validators: 须包含大写、小写、数字、符号中的三类
LONG = "不能超过64个字符"  # accounts.validators: 密码不能超过64个字符

CJK = "北京市工作居住证管理系统"  # 12 characters


@dataclass(frozen=True)
class Row:
    """A password (a function of the account's username) and what each kind of account is told:
    None is accepted, otherwise the reasons the message must name."""

    label: str
    password: Callable[[str], str]
    unit: tuple[str, ...] | None
    official: tuple[str, ...] | None


def _fixed(value: str) -> Callable[[str], str]:
    return lambda _username: value


TABLE = [
    Row("common password123", _fixed("password123"), (COMMON,), (OFFICIAL_SHORT,)),
    Row("common 12345678, also all digits", _fixed("12345678"), (COMMON, NUMERIC), (OFFICIAL_SHORT,)),
    Row("common qwertyuiop", _fixed("qwertyuiop"), (COMMON,), (OFFICIAL_SHORT,)),
    Row("common with 12 characters of 3 classes", _fixed("Password1234"), (COMMON,), (COMMON,)),
    Row("common keyboard walk of 3 classes", _fixed("1qaz2WSX3edc"), (COMMON,), (COMMON,)),
    Row("username + 1", lambda u: u + "1", (SIMILAR,), (SIMILAR,)),
    Row("username + year and symbol", lambda u: u + "@2026", (SIMILAR,), (SIMILAR,)),
    Row("username upper-cased + digits", lambda u: u.upper() + "99", (SIMILAR,), (SIMILAR,)),
    # Django compares the characters (SequenceMatcher.quick_ratio), not their order.
    Row("username reversed + digits", lambda u: u[::-1] + "7Q", (SIMILAR,), (SIMILAR,)),
    Row("7 characters", _fixed("qk7vzmw"), (SHORT,), (OFFICIAL_SHORT,)),
    Row("8 characters", _fixed("qk7vzmwr"), None, (OFFICIAL_SHORT,)),
    Row("11 characters of 4 classes", _fixed("Qk7vzmwr#pl"), None, (OFFICIAL_SHORT,)),
    Row("12 characters, 1 class", _fixed("qkvzmwrtplxn"), None, (CLASSES,)),
    Row("12 characters, 2 classes (lower, upper)", _fixed("qkvzmwrtPLXN"), None, (CLASSES,)),
    Row("12 characters, 2 classes (lower, digit)", _fixed("qkvzmw381729"), None, (CLASSES,)),
    Row("12 characters, 3 classes", _fixed("qkvzmw3817#t"), None, None),
    Row("8 digits, not common", _fixed("83920174"), (NUMERIC,), (OFFICIAL_SHORT,)),
    Row("12 digits, not common", _fixed("839201746153"), (NUMERIC,), (NUMERIC, CLASSES)),
    Row("64 characters", _fixed("Qk7#vzmw" * 8), None, None),
    Row("65 characters", _fixed("Qk7#vzmw" * 8 + "x"), (LONG,), (LONG,)),
    Row("64 characters, Chinese only", _fixed((CJK * 6)[:64]), None, (CLASSES,)),
    Row("64 characters, Chinese with Latin and digits", _fixed((CJK * 6)[:60] + "Ab12"), None, None),
    Row("65 characters, Chinese with Latin and digits", _fixed((CJK * 6)[:61] + "Ab12"), (LONG,), (LONG,)),
]


# --- the doors ----------------------------------------------------------------------------------
# Each tries `password` for a new or existing account and answers (accepted, the messages shown).


def _problem_messages(response, field: str) -> list[str]:
    assert response["Content-Type"] == "application/problem+json", response.content
    errors = response.json()["errors"]
    assert {e["field"] for e in errors} == {field}, errors  # the refusal is about the password only
    return [e["message"] for e in errors]


def _api_register(api, password: str) -> tuple[bool, list[str]]:
    response = api.post("/units/register", registration(UNIT_NAME, password=password))
    if response.status_code == 201:
        return True, []
    assert response.status_code == 422, response.content
    assert not Unit.objects.exists()
    return False, _problem_messages(response, "password")


def _web_register(api, password: str) -> tuple[bool, list[str]]:
    response = _register(Client(), _form(UNIT_NAME, password=password, password_confirm=password))
    if response.status_code == 302:
        assert response["Location"] == "/register/done"
        return True, []
    assert response.status_code == 400, response.status_code
    assert not Unit.objects.exists()
    slot = html(response).split('id="e-password"')[1].split("</p>")[0]  # the field's own error slot
    return False, [slot]


def _api_change(username: str, start: str) -> Callable[..., tuple[bool, list[str]]]:
    def change(api, password: str) -> tuple[bool, list[str]]:
        client = api.as_user(username, start)
        response = client.post("/auth/password", {"old_password": start, "new_password": password})
        if response.status_code == 204:
            return True, []
        assert response.status_code == 422, response.content
        assert User.objects.get(username=username).check_password(start)  # nothing changed
        return False, _problem_messages(response, "new_password")

    return change


def _create_official(api, password: str) -> tuple[bool, list[str]]:
    try:
        call_command("create_official", username=OFFICIAL_NAME, password=password, role="city_approver")
    except CommandError as exc:
        assert not User.objects.filter(username=OFFICIAL_NAME).exists()
        return False, [str(exc)]
    return True, []


def _admin_change(api, password: str) -> tuple[bool, list[str]]:
    web = Client()
    web.force_login(User.objects.get(username=OFFICIAL_NAME))
    form = {"old_password": START_OFFICIAL, "new_password1": password, "new_password2": password}
    response = web.post("/admin/password_change/", form)
    if response.status_code == 302:
        assert response["Location"] == "/admin/password_change/done/"
        return True, []
    assert response.status_code == 200, response.status_code
    assert User.objects.get(username=OFFICIAL_NAME).check_password(START_OFFICIAL)
    return False, re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html(response), re.S)


def _unit_account() -> None:
    User.objects.create_user(username=UNIT_NAME, password=START_UNIT, role=Role.UNIT)


def _official_account() -> None:
    official_create(username=OFFICIAL_NAME, password=START_OFFICIAL, role=Role.DISTRICT_REVIEWER,
                    district="haidian")


def _admin_account() -> None:
    official_create(username=OFFICIAL_NAME, password=START_OFFICIAL, role=Role.ADMIN)


# (door, how the account exists beforehand, None when the door makes it)
UNIT_DOORS = {
    "POST /api/v1/units/register": (_api_register, None),
    "POST /register (web form)": (_web_register, None),
    "POST /api/v1/auth/password (unit)": (_api_change(UNIT_NAME, START_UNIT), _unit_account),
}
OFFICIAL_DOORS = {
    "manage.py create_official": (_create_official, None),
    "POST /api/v1/auth/password (official)": (_api_change(OFFICIAL_NAME, START_OFFICIAL), _official_account),
    "/admin/password_change/ (admin)": (_admin_change, _admin_account),
}

CASES = [
    pytest.param(row.password(UNIT_NAME), row.unit, door, UNIT_NAME, id=f"unit-{door}-{row.label}")
    for row in TABLE
    for door in UNIT_DOORS
] + [
    pytest.param(row.password(OFFICIAL_NAME), row.official, door, OFFICIAL_NAME,
                 id=f"official-{door}-{row.label}")
    for row in TABLE
    for door in OFFICIAL_DOORS
]


@pytest.mark.parametrize(("password", "reasons", "door", "username"), CASES)
def test_d1_password_table(api, password, reasons, door, username):
    try_it, account = {**UNIT_DOORS, **OFFICIAL_DOORS}[door]
    if account is not None:
        account()
    # when
    accepted, messages = try_it(api, password)
    # then
    if reasons is None:
        assert accepted, f"refused: {messages}"
        signed_in = api.post("/auth/token", {"username": username, "password": password})
        assert signed_in.status_code == 200, signed_in.content
    else:
        assert not accepted
        shown = " ".join(messages)
        for reason in reasons:
            assert reason in shown, f"{reason!r} not in {shown!r}"


def test_d1_the_table_covers_each_boundary_of_decision_1():
    """The rows the decision names are all here: the 8/12 minimum, the 64 maximum, the official's
    11-character password refused where a unit's is accepted."""
    by_label = {row.label: row for row in TABLE}
    eleven = by_label["11 characters of 4 classes"]
    assert eleven.unit is None and eleven.official == (OFFICIAL_SHORT,)
    assert len(by_label["64 characters"].password("")) == 64
    assert len(by_label["65 characters"].password("")) == 65
    assert len(by_label["64 characters, Chinese with Latin and digits"].password("")) == 64
    assert len(by_label["65 characters, Chinese with Latin and digits"].password("")) == 65
    assert len(by_label["64 characters, Chinese only"].password("")) == 64
