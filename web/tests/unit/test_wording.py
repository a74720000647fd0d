"""Issue 13, point 4: every message a Chinese page shows is Chinese, written for a clerk and naming
its field; the English pages say the same in English (web.wording). Services' "中文 / English" pairs,
pydantic's "Field required", Django's "确保该变量包含不超过40字符" and the rules' "system rule" never
reach a page as they are."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import translation

from documents.tests.sheets import filled_template, staff_row
from ops.demo import new_application
from web.tests.unit.support import html
from web.tests.unit.test_registration import _form, _register, _step
from web.tests.unit.test_sheets import _upload

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
HX = {"HTTP_HX_REQUEST": "true"}

# What a framework or a service's pair would put on a Chinese page.
FOREIGN = [
    "Field required",
    "String should",
    "Input should",
    "Value error",
    "characters",
    " / no such",
    "already registered",
    " / required",
    "system rule",
    "确保该变量",
    "这个字段是必填项",
]


def _slot(page: str, error_id: str) -> str:
    return page.split(f'id="{error_id}"')[1].split("</p>")[0]


@pytest.fixture
def unit(portal, clock):
    clock(TODAY)
    return portal()


def _new_case(api) -> dict:
    response = api.post("/applications", {"type": "new", **new_application(TODAY)})
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.parametrize(
    ("headers", "said", "gone"),
    [
        ({}, "户籍所在地不能超过200个字。", "String should"),
        (EN, "household registration must be 200 characters or fewer.", "String should"),
    ],
)
def test_a_too_long_field_is_named_in_the_pages_language(unit, headers, said, gone):
    client, _, api = unit
    case = _new_case(api)
    page = html(client.post(f"/unit/cases/{case['id']}/live", {"person.hukou": "京" * 201}, **HX, **headers))
    slot = _slot(page, "e-person-hukou")
    assert said in slot and gone not in slot


def test_a_required_field_is_named_in_chinese_and_in_english(unit):
    client, _, _ = unit
    zh = html(client.post("/unit/cases/new/new", {"person.id_number": "110105199003078713"}))
    assert "请填写姓名。" in _slot(zh, "e-person-name") and "Field required" not in zh
    en = html(client.post("/unit/cases/new/new", {"person.id_number": "110105199003078713"}, **EN))
    assert "Field required" not in en and "Enter " in _slot(en, "e-person-name")


def test_an_unknown_permit_is_said_in_the_pages_language(unit):
    client, _, _ = unit
    zh = html(client.post("/unit/cases/new/renewal", {"permit_no": "BJ20269999999"}))
    assert "工作居住证编号：没有该证件" in _slot(zh, "e-permit_no") and "no such permit" not in zh
    en = html(client.post("/unit/cases/new/renewal", {"permit_no": "BJ20269999999"}, **EN))
    slot = _slot(en, "e-permit_no")
    assert "No such permit." in slot and "没有该证件" not in slot


def test_a_registered_uscc_is_said_in_the_pages_language(db, clock):
    first = _form()
    assert _register(Client(), first).status_code == 302
    zh = html(_register(Client(), _form("another_hr", uscc=first["uscc"])))
    assert "统一社会信用代码已注册" in _slot(zh, "e-uscc") and "USCC" not in zh
    en = html(_register(Client(), _form("third_hr", uscc=first["uscc"]), **EN))
    slot = _slot(en, "e-uscc")
    assert "USCC already registered" in slot and "已注册" not in slot


def test_the_import_report_says_required_in_the_pages_language(unit):
    client, _, _ = unit
    template = client.get("/unit/downloads/staff-import.xlsx").content
    sheet = filled_template(template, [staff_row(TODAY, **{"person.name": None})])
    zh = html(_upload(client, sheet))
    assert "<strong>姓名</strong>：此列必填，请填写" in zh and " / required" not in zh
    en = html(client.post("/unit/cases/import", {"file": _file(sheet)}, **EN))
    assert "This column is required." in en and "此列必填" not in en


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("staff.xlsx", content, "application/octet-stream")


def test_the_rule_table_names_the_systems_own_rules_in_the_pages_language(unit, official_web, file_new_case):
    _, _, api = unit
    case = file_new_case(api, until="submitted")
    office = official_web("haidian")
    zh = html(office.get(f"/office/cases/{case['id']}/"))
    assert "系统规则（防止重复申请）" in zh and "system rule" not in zh
    en = html(office.get(f"/office/cases/{case['id']}/", **EN))
    assert "System rule (no duplicate applications)" in en and "系统规则" not in en


@pytest.mark.parametrize(
    ("headers", "said"),
    [({}, "工作居住证编号不能超过40个字（现在是41个）。"),
     (EN, "must be 40 characters or fewer (it has 41).")],
)
def test_verify_names_a_too_long_number(db, headers, said):
    page = html(Client().get("/verify", {"permit_no": "B" * 41, "name": "张三"}, **headers))
    assert said in page and "确保该变量" not in page


def test_the_english_sign_out_has_ascii_brackets(unit):
    client, _, _ = unit
    page = html(client.get("/unit/", **EN))
    assert "Sign out (" in page and "Sign out（" not in page


def test_the_main_chinese_pages_show_no_english_or_framework_wording(unit, official_web, file_new_case):
    client, _, api = unit
    case = _new_case(api)
    refused = [
        client.post(f"/unit/cases/{case['id']}/live", {"person.hukou": "京" * 201, "person.name": ""}, **HX),
        client.post("/unit/cases/new/new", {"person.id_number": "110105199003078713"}),
        client.post("/unit/cases/new/renewal", {"permit_no": "BJ20269999999"}),
        Client().get("/verify", {"permit_no": "B" * 41, "name": ""}),
        Client().post("/register", {"uscc": "x" * 40}),
        Client().get("/progress", {"number": "X" * 41, "name": ""}),
    ]
    pages = ["/", "/verify", "/materials", "/policy", "/register", "/unit/", f"/unit/cases/{case['id']}",
             "/unit/cases/import", "/unit/inbox"]
    shown = [html(r) for r in refused] + [html(client.get(p)) for p in pages]
    submitted = file_new_case(api, until="submitted")
    office = official_web("haidian")
    shown += [html(office.get(p)) for p in ("/office/", f"/office/cases/{submitted['id']}/")]
    for page in shown:
        assert 'lang="zh-hans"' in page or "hx-swap-oob" in page  # a live update is a fragment
        found = [phrase for phrase in FOREIGN if phrase in page]
        assert not found, found


def test_the_english_pages_name_the_districts_in_english(unit, official_web):
    from reference.models import District

    haidian = District.objects.get(code="haidian")
    assert haidian.name_en and haidian.name_en != haidian.name
    for page in (html(Client().get("/", **EN)), html(Client().get("/register", **EN))):
        assert haidian.name_en in page and haidian.name not in page
    client, _, _ = unit
    assert haidian.name_en in html(client.get("/unit/", **EN))
    assert haidian.name in html(client.get("/unit/"))


def test_the_inspection_results_say_a_refused_permit_in_the_pages_language(portal, clock, file_new_case):
    client, _, api = portal()
    clock("2025-06-02")
    permit_no = file_new_case(api)["permit_no"]
    clock("2026-04-10")
    chosen = {"scope": "selected", "permit_no": [permit_no]}
    assert client.post("/unit/inspection", chosen).status_code == 200
    zh = html(client.post("/unit/inspection", chosen))
    assert "该证件2026年度年检已完成" in zh and "already inspected" not in zh
    en = html(client.post("/unit/inspection", chosen, **EN))
    assert "Already inspected for 2026." in en and "年度年检已完成" not in en.split('id="result-title"')[1]


def test_the_english_case_pages_list_the_materials_in_english(portal, clock, file_new_case, official_web):
    _, _, api = portal()
    case = file_new_case(api, until="submitted")
    office = official_web("haidian")
    en = html(office.get(f"/office/cases/{case['id']}/", **EN))
    assert "申请单位营业执照复印件" not in en and "（Haidian" not in en and "（Employer）" not in en
    zh = html(office.get(f"/office/cases/{case['id']}/"))
    assert "申请单位营业执照复印件" in zh and "（海淀区）" in zh


@pytest.mark.parametrize(
    ("headers", "said"),
    [({}, ["请填写单位名称。", "请选择注册所在区。", "请再次输入密码。", "拟办证人数须填写整数。"]),
     (EN, ["Enter employer name.", "Choose district of registration.", "Enter the password again."])],
)
def test_registration_names_each_missing_field(db, headers, said):
    client = Client()
    page = html(client.post("/register", {"planned_permit_count": "x"}, **headers))  # step 1 of 4
    _step(client, 0, _form())
    _step(client, 1, _form())
    page += html(client.post("/register/account", {"username": "named_hr"}, **headers))  # step 3
    for message in said:
        assert message in page
        assert f'">{message}</a>' in page  # in the error summary, linked to its field
    assert "这个字段是必填项" not in page and "This field is required" not in page


def test_a_checklist_title_naming_the_housing_proof_reads_in_english():
    """NEW-05 / ADR-02 join their heading and the proof for the case's housing (rules.checklists):
    an English page translates both parts (issue 13, point 4: material titles in English)."""
    from django.template import Context, Template

    page = Template("{% load wording %}{{ title|material }}")
    joined = "在京固定住所证明：住建委网站下载的房屋租赁协议及纳税证明"
    with translation.override("en"):
        english = page.render(Context({"title": joined}))
        plain = page.render(Context({"title": "《诚信声明》"}))
    assert not re.search(r"[\u3400-\u9fff]", english), english
    assert ": " in english and not re.search(r"[\u3400-\u9fff]", plain)
    with translation.override("zh-hans"):
        assert page.render(Context({"title": joined})) == joined
