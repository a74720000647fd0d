"""Unit self-registration: the guided form, its checks as fields are filled, the registration
service on submit, and what to bring to the district window (R-U03)."""

import datetime as dt

import pytest
from django.test import Client

from ops.demo import id_number, registration, uscc
from units.models import Unit
from web.tests.unit.support import html

pytestmark = pytest.mark.django_db


def _form(username: str = "chenguang_hr", **changes: str) -> dict[str, str]:
    body = registration(username)
    operator = body.pop("operator")
    form = {k: str(v) for k, v in body.items() if k != "high_tech"} | {"high_tech": "on"}
    form |= {
        "operator_name": operator["name"],
        "operator_id_number": operator["id_number"],
        "operator_phone": operator["phone"],
        "password_confirm": body["password"],
        "consent": "on",  # the personal-data notice agreed to (units.consent)
    }
    return form | changes


def _check(client: Client, field: str, **values: str) -> str:
    response = client.post(f"/register/check/{field}", values, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return html(response)


def test_the_form_has_three_sections_and_a_label_for_every_field(db):
    page = html(Client().get("/register"))
    for legend in ["第1步：单位信息", "第2步：经办人", "第3步：账户"]:
        assert legend in page
    for name in ["name", "uscc", "entity_type", "district", "operator_id_number", "username", "password"]:
        assert f'<label for="f-{name}">' in page
    assert 'hx-post="/register/check/uscc"' in page
    assert 'hx-post="/register/check/operator_id_number"' in page


def test_r_u02_uscc_check_character_as_it_is_typed(db):
    client = Client()
    good = uscc()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    answer = _check(client, "uscc", uscc=wrong)
    assert "R-U02" in answer and "校验位" in answer
    assert "<p" not in answer  # only the slot's content: the slot itself stays (a live region)
    assert "应为18位" in _check(client, "uscc", uscc=good[:10])
    assert _check(client, "uscc", uscc=good.lower()).strip() == ""


def test_each_checked_field_has_a_polite_live_region_that_receives_its_message(db):
    page = html(Client().get("/register"))
    for name in ["uscc", "operator_id_number", "password", "password_confirm"]:
        assert f'<p class="error" id="e-{name}" aria-live="polite"></p>' in page
        field = page.split(f'id="f-{name}"')[1].split(">")[0]
        assert f'hx-target="#e-{name}" hx-swap="innerHTML"' in field  # the region is kept, not replaced
        assert f'aria-describedby="e-{name}' in field
    refused = html(Client().post("/register", _form(uscc="91110108MA01ABCDE0")))
    slot = refused.split('<p class="error" id="e-uscc" aria-live="polite">')[1].split("</p>")[0]
    assert "R-U02" in slot or "应为18位" in slot


def test_r_p09_operator_id_number_as_it_is_typed(db):
    client = Client()
    good = id_number(dt.date(1988, 3, 1), "F")
    assert "R-P09" in _check(client, "operator_id_number", operator_id_number=good[:-1] + "Y")
    assert "R-P09" not in _check(client, "operator_id_number", operator_id_number=good)


def test_password_rules_and_confirmation_as_they_are_typed(db):
    client = Client()
    assert _check(client, "password", password="12345678", username="x1").strip()
    weak = _check(client, "password", password="short", username="x1")
    assert "8" in weak
    good = _check(client, "password", password="Chenguang-2026", username="x1")
    assert good.strip() == ""
    assert "不一致" in _check(
        client, "password_confirm", password="Chenguang-2026", password_confirm="Other-2026"
    )
    assert Client().post("/register/check/name", {"name": "x"}).status_code == 404


def test_registration_creates_a_pending_unit_and_shows_the_window(db, clock):
    client = Client()
    response = client.post("/register", _form())
    assert response.status_code == 302 and response["Location"] == "/register/done"
    unit = Unit.objects.get()
    assert unit.status == "pending" and unit.high_tech is True
    page = html(client.get("/register/done"))
    for text in ["REG-01", "REG-02", "REG-03", "海淀区办理窗口", "chenguang_hr", "9:00–17:00"]:
        assert text in page
    assert Client().get("/register/done").status_code == 302  # another browser: nothing to show


def test_r_u02_duplicate_uscc_is_shown_next_to_the_field(db, clock):
    first = _form()
    assert Client().post("/register", first).status_code == 302
    again = Client().post("/register", _form("another_hr", uscc=first["uscc"]))
    assert again.status_code == 409
    slot = html(again).split('id="e-uscc"')[1].split("</p>")[0]
    assert "R-U02" in slot and "已注册" in slot


def test_bad_codes_and_missing_fields_are_refused_without_registering(db):
    form = _form(operator_id_number="110105198803010000", name="")
    response = Client().post("/register", form)
    assert response.status_code == 400
    page = html(response)
    assert 'id="f-operator_id_number"' in page and "R-P09" in page
    assert 'aria-invalid="true"' in page
    assert 'value="' + form["uscc"] + '"' in page  # what was typed is kept
    assert 'name="password" value' not in page  # a password is never echoed
    assert not Unit.objects.exists()


def test_the_operators_email_is_optional_and_stored_on_the_operator(db, clock):
    from accounts.models import User

    page = html(Client().get("/register"))
    assert '<label for="f-operator_email">' in page and 'type="email" id="f-operator_email"' in page
    assert Client().post("/register", _form("with_mail", operator_email="hr@Example.com")).status_code == 302
    assert User.objects.get(username="with_mail").email == "hr@example.com"
    assert Client().post("/register", _form("without_mail")).status_code == 302
    assert User.objects.get(username="without_mail").email == ""


def test_an_invalid_operator_email_is_shown_next_to_the_field(db):
    response = Client().post("/register", _form(operator_email="hr@"))
    assert response.status_code == 400
    slot = html(response).split('id="e-operator_email"')[1].split("</p>")[0]
    assert slot.strip(">").strip()  # a message in the field's error slot
    assert 'value="hr@"' in html(response)
    assert not Unit.objects.exists()


def test_pipl_registration_without_the_consent_tick_is_refused(db):
    form = _form("no_consent_hr")
    del form["consent"]
    response = Client().post("/register", form)
    assert response.status_code == 400
    page = html(response)
    slot = page.split('id="e-consent"')[1].split("</p>")[0]
    assert "请阅读《个人信息处理告知书》，勾选同意后再提交注册" in slot
    assert 'id="f-consent"' in page and "请按提示修改标红的内容后再提交" in page
    assert not Unit.objects.exists()


def test_pipl_the_form_shows_the_notice_and_keeps_the_tick_with_its_version(db):
    from units.consent import VERSION, ConsentVia

    page = html(Client().get("/register"))
    for words in ("个人信息处理告知书", "收集哪些信息", "为什么收集", "保存多久", "谁能看到",
                  f"版本：{VERSION}"):
        assert words in page, words
    assert 'type="checkbox" id="f-consent" name="consent"' in page and " checked" not in page.split(
        'id="f-consent"')[1].split(">")[0]
    assert Client().post("/register", _form("consenting_hr")).status_code == 302
    unit = Unit.objects.get()
    assert (unit.consent_version, unit.consent_via) == (VERSION, ConsentVia.WEB_FORM)
    assert unit.consent_given_at is not None


def test_pipl_the_notice_reads_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/register"})
    page = html(client.get("/register"))
    assert "Notice on the processing of personal information" in page and "How long it is kept" in page
    assert "保存多久" not in page


def _slot(response, name: str) -> str:
    return html(response).split(f'id="e-{name}"')[1].split("</p>")[0]


@pytest.mark.parametrize("phone", ["12345", "abc", "1380013800"])
def test_an_operator_phone_that_is_no_telephone_number_is_refused_beside_the_field(db, phone):
    response = Client().post("/register", _form(operator_phone=phone))
    assert response.status_code == 400
    slot = _slot(response, "operator_phone")
    assert slot.count("电话号码格式不正确") == 1  # said once, though the live check says it too
    assert not Unit.objects.exists()


@pytest.mark.parametrize("phone", ["13800138000", "010-84409410"])
def test_a_mobile_or_landline_operator_phone_registers(db, clock, phone):
    assert Client().post("/register", _form(operator_phone=phone)).status_code == 302
    assert Unit.objects.get().operator_phone == phone


def test_the_operator_phone_as_it_is_typed(db):
    client = Client()
    assert "电话号码格式不正确" in _check(client, "operator_phone", operator_phone="12345")
    assert _check(client, "operator_phone", operator_phone="138 0013 8000").strip() == ""
    assert _check(client, "operator_phone", operator_phone="").strip() == ""  # not typed yet


@pytest.mark.parametrize(("count", "status"), [("0", 400), ("1", 302)])
def test_planned_permit_count_is_at_least_one(db, clock, count, status):
    response = Client().post("/register", _form(planned_permit_count=count))
    assert response.status_code == status
    if status == 400:
        assert "拟办证人数至少为1人" in _slot(response, "planned_permit_count")
        assert not Unit.objects.exists()
