"""Unit self-registration in four steps (issue 13, point 2): 单位信息 → 经办人 → 账号 → 确认, each
step checking its own fields with the error summary, the answers kept in the session until 提交注册,
the fields' checks as they are filled, the registration service on submit, and what to bring to the
district window (R-U03)."""

import datetime as dt
import re

import pytest
from django.test import Client

from accounts.models import User
from core import crypto
from ops.demo import id_number, registration, uscc
from units.models import Unit
from web.registration import DRAFT, STEPS
from web.tests.summary import Item, error_summary
from web.tests.unit.support import html

pytestmark = pytest.mark.django_db
STEP_URLS = ["/register", "/register/operator", "/register/account"]


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


def _step(client: Client, n: int, form: dict[str, str], **headers: str):
    """下一步 on step `n` (0: 单位信息) with the answers of `form` that belong to it."""
    return client.post(STEP_URLS[n], {k: v for k, v in form.items() if k in STEPS[n].fields}, **headers)


def _register(client: Client, form: dict[str, str], **headers: str):
    """Walk the four steps with `form`'s answers: the first step that refuses, or 提交注册's answer."""
    for n in range(len(STEPS)):
        response = _step(client, n, form, **headers)
        if response.status_code != 302:
            return response
    return client.post("/register/confirm", {"consent": form["consent"]} if "consent" in form else {},
                       **headers)


def _check(client: Client, field: str, **values: str) -> str:
    response = client.post(f"/register/check/{field}", values, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return html(response)


def test_four_steps_with_a_progress_indicator_and_a_label_for_every_field(db):
    client = Client()
    page = html(client.get("/register"))
    steps = page.split('<ol class="steps" aria-label="注册步骤">')[1].split("</ol>")[0]
    assert re.findall(r"<li[^>]*>(.*?)</li>", steps) == ["单位信息", "经办人", "账号", "确认"]
    assert steps.count('aria-current="step"') == 1
    assert '<li class="current" aria-current="step">单位信息</li>' in steps
    assert "第 1 步，共 4 步" in page and "<h1>单位信息</h1>" in page
    for name in ["name", "uscc", "entity_type", "district"]:
        assert f'<label for="f-{name}">' in page
    assert 'hx-post="/register/check/uscc"' in page and "f-operator_id_number" not in page
    form = _form()
    _step(client, 0, form)
    page = html(client.get("/register/operator"))
    assert "第 2 步，共 4 步" in page and '<li class="current" aria-current="step">经办人</li>' in page
    done = '<a href="/register"><span class="visually-hidden">已完成：</span>单位信息</a>'
    assert done in page  # a step done: a link back to it
    assert '<label for="f-operator_id_number">' in page
    assert 'hx-post="/register/check/operator_id_number"' in page
    _step(client, 1, form)
    page = html(client.get("/register/account"))
    assert "第 3 步，共 4 步" in page
    for name in ["username", "password", "password_confirm"]:
        assert f'<label for="f-{name}">' in page


def test_each_step_refuses_its_own_bad_input_with_the_summary_naming_and_linking_each_field(db):
    client = Client()
    refused = client.post("/register", {"planned_permit_count": "0"})
    assert refused.status_code == 400
    page = html(refused)
    box = page.split('class="error-summary"')[1].split("</div>")[0]
    assert len(error_summary(page).items) == 10  # under the title, before the form: every error, linked
    for field, said in [("name", "请填写单位名称。"), ("uscc", "请填写统一社会信用代码。"),
                        ("district", "请选择注册所在区。"),
                        ("planned_permit_count", "拟办证人数至少为1人。")]:
        assert f'<a href="#f-{field}">{said}</a>' in box  # every error, by the field's name, linked
        assert said in _slot(refused, field)  # and beside the field
    assert "请按提示修改标红的内容后再提交" not in page and "这个字段是必填项" not in page
    assert "经办人" not in box and "用户名" not in box  # only this step's fields
    assert "<title>错误：单位信息" in page
    form = _form()
    _step(client, 0, form)
    refused = client.post("/register/operator", {"operator_name": "李经办", "operator_phone": "12345"})
    summary = error_summary(html(refused))
    assert summary.target_of("请填写经办人身份证号码。") == "f-operator_id_number"
    assert summary.target_of("经办人手机号码：电话号码格式不正确") == "f-operator_phone"
    _step(client, 1, form)
    refused = client.post("/register/account", {"username": "chenguang_hr", "password": "Chenguang-2026"})
    assert error_summary(html(refused)).target_of("请再次输入密码。") == "f-password_confirm"
    assert "account" not in client.session.get(DRAFT, {}) and not Unit.objects.exists()


def test_going_back_keeps_the_answers_and_nothing_is_written_before_the_final_submit(db, clock):
    client, form = Client(), _form(operator_email="hr@example.com")
    for n in range(len(STEPS)):
        assert _step(client, n, form)["Location"] == (STEP_URLS[1:] + ["/register/confirm"])[n]
    assert not Unit.objects.exists() and not User.objects.filter(username="chenguang_hr").exists()
    first = html(client.get("/register"))
    assert f'value="{form["uscc"]}"' in first and 'value="北京市海淀区中关村大街1号"' in first
    assert '<option value="haidian" selected>' in first
    assert 'id="f-high_tech" name="high_tech" checked' in first
    second = html(client.get("/register/operator"))
    assert f'value="{form["operator_id_number"]}"' in second and 'value="hr@example.com"' in second
    assert 'value="chenguang_hr"' in html(client.get("/register/account"))
    assert "返回上一步" in second and 'href="/register"' in second
    assert not Unit.objects.exists()
    assert client.post("/register/confirm", {"consent": "on"})["Location"] == "/register/done"
    assert Unit.objects.count() == 1 and User.objects.filter(username="chenguang_hr").count() == 1
    assert DRAFT not in client.session  # the answers, the password with them, are forgotten
    assert client.get("/register/confirm")["Location"] == "/register"


def test_a_session_without_the_earlier_steps_is_sent_back_to_step_1(db):
    client = Client()
    for path in ["/register/operator", "/register/account", "/register/confirm"]:
        assert client.get(path)["Location"] == "/register", path
    assert client.post("/register/confirm", {"consent": "on"})["Location"] == "/register"
    assert client.post("/register/account", _form())["Location"] == "/register"
    assert not Unit.objects.exists()
    _step(client, 0, _form())
    assert client.get("/register/confirm")["Location"] == "/register/operator"  # where it stopped


def test_the_password_is_kept_encrypted_until_the_final_submit_and_need_not_be_typed_again(db, clock):
    client, form = Client(), _form()
    for n in range(len(STEPS)):
        _step(client, n, form)
    kept = client.session[DRAFT]["account"]
    assert set(kept) == {"username", "password"} and form["password"] not in str(client.session[DRAFT])
    assert crypto.decrypt(kept["password"]) == form["password"]
    page = html(client.get("/register/account?from=confirm"))
    assert "密码已设置" in page and form["password"] not in page
    again = client.post("/register/account?from=confirm", {"username": "renamed_hr"})  # no password typed
    assert again["Location"] == "/register/confirm"
    assert client.post("/register/confirm", {"consent": "on"}).status_code == 302
    assert User.objects.get(unit=Unit.objects.get()).check_password(form["password"])
    assert User.objects.get(unit=Unit.objects.get()).username == "renamed_hr"


def test_confirm_lists_every_answer_by_step_with_a_change_link_that_returns_to_it(db, clock):
    client, form = Client(), _form()
    for n in range(len(STEPS)):
        _step(client, n, form)
    page = html(client.get("/register/confirm"))
    assert "第 4 步，共 4 步" in page and '<li class="current" aria-current="step">确认</li>' in page
    for title in ["单位信息", "经办人", "账号"]:
        assert f"<h2>{title}</h2>" in page
    for shown in [form["name"], form["uscc"], "企业法人", "海淀区", form["operator_id_number"],
                  "chenguang_hr", "已设置（不显示）", "未填写"]:
        assert f"<dd>{shown}</dd>" in page, shown
    assert form["password"] not in page
    for path, field in [("/register", "uscc"), ("/register/operator", "operator_phone"),
                        ("/register/account", "username")]:
        assert f'href="{path}?from=confirm#f-{field}"' in page
    change = client.get("/register/operator?from=confirm")
    assert "保存并返回确认" in html(change) and 'action="/register/operator?from=confirm"' in html(change)
    changed = {k: v for k, v in form.items() if k in STEPS[1].fields} | {"operator_phone": "010-84409410"}
    back = client.post("/register/operator?from=confirm", changed)
    assert back["Location"] == "/register/confirm"
    assert "<dd>010-84409410</dd>" in html(client.get("/register/confirm"))


def test_r_u02_uscc_check_character_as_it_is_typed(db):
    client = Client()
    good = uscc()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    answer = _check(client, "uscc", uscc=wrong)
    assert "R-U02" in answer and "校验位" in answer
    assert "<p" not in answer  # only the slot's content: the slot itself stays (a live region)
    assert "应为18位" in _check(client, "uscc", uscc=good[:10])
    assert _check(client, "uscc", uscc=good.lower()).strip() == ""


def test_each_field_has_a_polite_live_region_that_receives_its_message(db):
    client, form = Client(), _form()
    pages = []
    for n in range(len(STEPS)):
        pages.append(html(client.get(STEP_URLS[n])))
        _step(client, n, form)
    for n, step in enumerate(STEPS):
        for name in step.fields:
            page = pages[n]
            assert f'<p class="error" id="e-{name}" aria-live="polite"></p>' in page
            field = page.split(f'id="f-{name}"')[1].split(">")[0]
            assert f'hx-post="/register/check/{name}"' in field
            assert f'hx-target="#e-{name}" hx-swap="innerHTML"' in field  # the region is kept, not replaced
            assert f'aria-describedby="e-{name}' in field
    refused = _register(Client(), _form(uscc="91110108MA01ABCDE0"))
    slot = html(refused).split('<p class="error" id="e-uscc" aria-live="polite">')[1].split("</p>")[0]
    assert "R-U02" in slot or "应为18位" in slot


def test_a_message_clears_as_soon_as_its_field_is_good(db):
    client = Client()
    assert "请填写单位名称" in _slot(client.post("/register", {}), "name")  # said on 下一步
    assert _check(client, "name", name="北京晨光软件有限公司").strip() == ""  # filled: the slot empties
    assert "单位名称至少要2个字" in _check(client, "name", name="北")  # the form's own rule, naming it
    assert _check(client, "district", district="haidian").strip() == ""
    assert "请从列表中选择注册所在区" in _check(client, "district", district="atlantis")
    assert "员工人数须填写整数" in _check(client, "employee_count", employee_count="12a")
    assert _check(client, "employee_count", employee_count="120").strip() == ""
    assert _check(client, "consent", consent="on").strip() == ""  # the tick, ticked
    assert _check(client, "name", name="").strip() == ""  # not typed yet: for 下一步 to say


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
    assert Client().post("/register/check/is_staff", {"is_staff": "x"}).status_code == 404  # no such field


def test_registration_creates_a_pending_unit_and_shows_the_window(db, clock):
    client = Client()
    response = _register(client, _form())
    assert response.status_code == 302 and response["Location"] == "/register/done"
    unit = Unit.objects.get()
    assert unit.status == "pending" and unit.high_tech is True
    page = html(client.get("/register/done"))
    for text in ["REG-01", "REG-02", "REG-03", "海淀区办理窗口", "chenguang_hr", "9:00–17:00"]:
        assert text in page
    assert Client().get("/register/done").status_code == 302  # another browser: nothing to show


def test_r_u02_duplicate_uscc_is_shown_next_to_the_field_on_its_step_with_the_summary(db, clock):
    first = _form()
    assert _register(Client(), first).status_code == 302
    again = _register(Client(), _form("another_hr", uscc=first["uscc"]))
    assert again.status_code == 409
    slot = html(again).split('id="e-uscc"')[1].split("</p>")[0]
    assert "R-U02" in slot and "已注册" in slot
    page = html(again)
    assert '<li class="current" aria-current="step">单位信息</li>' in page  # the step that owns the field
    assert '<a href="#f-uscc"><strong class="rule">R-U02</strong> 统一社会信用代码已注册' in page
    assert 'action="/register?from=confirm"' in page  # fixed, 下一步 returns to 确认
    assert Unit.objects.count() == 1


def test_a_taken_username_is_shown_on_the_account_step(db, clock):
    assert _register(Client(), _form()).status_code == 302
    again = _register(Client(), _form("chenguang_hr", uscc=uscc()))
    assert again.status_code == 409
    assert "用户名已被使用" in _slot(again, "username")
    assert '<li class="current" aria-current="step">账号</li>' in html(again)
    assert Unit.objects.count() == 1


def test_bad_codes_and_missing_fields_are_refused_without_registering(db):
    client = Client()
    form = _form(operator_id_number="110105198803010000", name="")
    response = _register(client, form)
    assert response.status_code == 400
    page = html(response)
    assert 'id="f-name"' in page and "请填写单位名称" in _slot(response, "name")
    assert 'aria-invalid="true"' in page
    assert 'value="' + form["uscc"] + '"' in page  # what was typed is kept
    response = _register(client, form | {"name": "北京晨光软件有限公司"})
    assert response.status_code == 400
    assert 'id="f-operator_id_number"' in html(response) and "R-P09" in _slot(response, "operator_id_number")
    assert 'value="110105198803010000"' in html(response)
    response = _register(client, _form(password_confirm="Other-pass-2026"))
    assert response.status_code == 400 and "不一致" in _slot(response, "password_confirm")
    assert 'name="password" value' not in html(response)  # a password is never echoed
    assert not Unit.objects.exists()


def test_the_operators_email_is_optional_and_stored_on_the_operator(db, clock):
    client = Client()
    _step(client, 0, _form())
    page = html(client.get("/register/operator"))
    assert '<label for="f-operator_email">' in page and 'type="email" id="f-operator_email"' in page
    assert _register(Client(), _form("with_mail", operator_email="hr@Example.com")).status_code == 302
    assert User.objects.get(username="with_mail").email == "hr@example.com"
    assert _register(Client(), _form("without_mail")).status_code == 302
    assert User.objects.get(username="without_mail").email == ""


def test_an_invalid_operator_email_is_shown_next_to_the_field(db):
    response = _register(Client(), _form(operator_email="hr@"))
    assert response.status_code == 400
    slot = html(response).split('id="e-operator_email"')[1].split("</p>")[0]
    assert slot.strip(">").strip()  # a message in the field's error slot
    assert 'value="hr@"' in html(response)
    assert not Unit.objects.exists()


def test_pipl_registration_without_the_consent_tick_is_refused(db):
    form = _form("no_consent_hr")
    del form["consent"]
    response = _register(Client(), form)
    assert response.status_code == 400
    page = html(response)
    slot = page.split('id="e-consent"')[1].split("</p>")[0]
    assert "请阅读《个人信息处理告知书》，勾选同意后再提交注册" in slot
    assert 'id="f-consent"' in page and 'aria-invalid="true"' in page.split('id="f-consent"')[1].split(">")[0]
    summary = error_summary(page)  # the summary names it and links to it
    assert summary.items == [Item("f-consent", "请阅读《个人信息处理告知书》，勾选同意后再提交注册。")]
    assert not Unit.objects.exists()


def _to_confirm(client: Client, username: str) -> None:
    for n in range(len(STEPS)):
        _step(client, n, _form(username))


def test_pipl_the_form_shows_the_notice_and_keeps_the_tick_with_its_version(db, clock):
    from units.consent import VERSION, ConsentVia

    client = Client()
    _to_confirm(client, "consenting_hr")
    page = html(client.get("/register/confirm"))
    for words in ("个人信息处理告知书", "收集哪些信息", "为什么收集", "保存多久", "谁能看到",
                  f"版本：{VERSION}"):
        assert words in page, words
    assert 'type="checkbox" id="f-consent" name="consent"' in page and " checked" not in page.split(
        'id="f-consent"')[1].split(">")[0]
    assert client.post("/register/confirm", {"consent": "on"}).status_code == 302
    unit = Unit.objects.get()
    assert (unit.consent_version, unit.consent_via) == (VERSION, ConsentVia.WEB_FORM)
    assert unit.consent_given_at is not None


def test_pipl_the_notice_reads_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/register"})
    _to_confirm(client, "english_hr")
    page = html(client.get("/register/confirm"))
    assert "Notice on the processing of personal information" in page and "How long it is kept" in page
    assert "保存多久" not in page


def _slot(response, name: str) -> str:
    return html(response).split(f'id="e-{name}"')[1].split("</p>")[0]


@pytest.mark.parametrize("phone", ["12345", "abc", "1380013800"])
def test_an_operator_phone_that_is_no_telephone_number_is_refused_beside_the_field(db, phone):
    response = _register(Client(), _form(operator_phone=phone))
    assert response.status_code == 400
    slot = _slot(response, "operator_phone")
    assert slot.count("电话号码格式不正确") == 1  # said once, though the live check says it too
    assert not Unit.objects.exists()


@pytest.mark.parametrize("phone", ["13800138000", "010-84409410"])
def test_a_mobile_or_landline_operator_phone_registers(db, clock, phone):
    assert _register(Client(), _form(operator_phone=phone)).status_code == 302
    assert Unit.objects.get().operator_phone == phone


def test_the_operator_phone_as_it_is_typed(db):
    client = Client()
    assert "电话号码格式不正确" in _check(client, "operator_phone", operator_phone="12345")
    assert _check(client, "operator_phone", operator_phone="138 0013 8000").strip() == ""
    assert _check(client, "operator_phone", operator_phone="").strip() == ""  # not typed yet


@pytest.mark.parametrize(("count", "status"), [("0", 400), ("1", 302)])
def test_planned_permit_count_is_at_least_one(db, clock, count, status):
    response = _register(Client(), _form(planned_permit_count=count))
    assert response.status_code == status
    if status == 400:
        assert "拟办证人数至少为1人" in _slot(response, "planned_permit_count")
        assert not Unit.objects.exists()


def test_the_steps_read_in_english(db):
    en = {"HTTP_ACCEPT_LANGUAGE": "en"}
    client, form = Client(), _form()
    refused = html(client.post("/register", {}, **en))
    assert "Step 1 of 4" in refused and ">Continue</button>" in refused and "Error: " in refused
    assert error_summary(refused).target_of("Enter employer name.") == "f-name"
    for n in range(len(STEPS)):
        _step(client, n, form)
    page = html(client.get("/register/confirm", **en))
    assert "Step 4 of 4" in page and "Check your answers before registering" in page
    assert "<dd>Set (not shown)</dd>" in page and "<dd>Yes</dd>" in page and ">Check and submit</li>" in page
    assert not re.search(r"[\u4e00-\u9fff]", page.split('<ol class="steps"')[1].split("</ol>")[0])
