"""GET /templates/{name} (api.md "Documents"; materials.md "Templates the system provides")."""

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from audit.models import AuditEvent
from documents.imports import COLUMNS

pytestmark = pytest.mark.django_db
UNIT_NAME = "北京示例科技有限公司"  # ops.demo.registration


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _sheet_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(v)
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    )


def test_integrity_declaration_is_prefilled_for_a_unit_and_states_the_blacklist(make_unit, clock):
    client, _ = make_unit()
    response = client.get("/templates/integrity-declaration.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    assert "attachment" in response["Content-Disposition"]
    text = _docx_text(response.content)
    assert "诚 信 声 明" in text and UNIT_NAME in text and "海淀区人力资源和社会保障局" in text
    # 篇2 黑名单, each consequence
    for phrase in (
        "取消申请人申报资格",
        "暂停单位申报资格2年",
        "取消单位申报资格",
        "3个月以上",
        "不能再提出新办申请",
        "5日内申请注销",
        "法定代表人（签字）",
        "（盖章）",
    ):
        assert phrase in text, phrase


def test_an_official_gets_the_declaration_blank(officials, make_unit):
    make_unit()
    text = _docx_text(officials["city"].get("/templates/integrity-declaration.docx").content)
    assert "诚 信 声 明" in text and UNIT_NAME not in text


def test_social_insurance_certificate_sheet(make_unit):
    client, _ = make_unit()
    response = client.get("/templates/social-insurance-certificate.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "社会保险缴纳证明（样表）"
    text = _sheet_text(response.content)
    for head in (
        "缴费年月",
        "缴费单位",
        "养老保险（元）",
        "医疗保险（元）",
        "失业保险（元）",
        "工伤保险（元）",
        "生育保险（元）",
        "以上缴纳情况属实",
        "出具单位（盖章）",
        UNIT_NAME,
    ):
        assert head in text, head


def test_tax_certificate_sheet_carries_the_statement_and_the_legal_representative(make_unit, officials):
    client, _ = make_unit()
    text = _sheet_text(client.get("/templates/tax-certificate.xlsx").content)
    for phrase in (
        "个人所得税纳税证明（样表）",
        "本人连续缴纳情况属实",
        "法定代表人（签字）：",
        "不得加盖人力资源部门章",
        "不得由中介机构代扣代缴",
        UNIT_NAME,
    ):
        assert phrase in text, phrase
    assert UNIT_NAME not in _sheet_text(officials["haidian"].get("/templates/tax-certificate.xlsx").content)


def test_staff_import_sheet_layout(make_unit):
    client, _ = make_unit()
    book = load_workbook(io.BytesIO(client.get("/templates/staff-import.xlsx").content))
    assert book.sheetnames == ["人员信息", "说明"]
    ws = book["人员信息"]
    assert [c.value for c in ws[1]] == [c.title + ("*" if c.required else "") for c in COLUMNS]
    assert [c.value for c in ws[2]] == [c.key for c in COLUMNS] and ws.row_dimensions[2].hidden
    assert ws["A3"].value == "张三（示例）" and ws["C3"].value == "男"
    lists = {re.match(r"[A-Z]+", str(dv.sqref))[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    by_key = {c.key: i for i, c in enumerate(COLUMNS)}
    for key, label in (
        ("person.sex", "女"),
        ("person.degree", "博士"),
        ("person.title_level", "副高级"),
        ("residence.housing_type", "租赁公房"),
        ("dependents.marital_status", "丧偶"),
    ):
        letter = ws.cell(row=1, column=by_key[key] + 1).column_letter
        assert label in lists[letter], key
    explained = _sheet_text(client.get("/templates/staff-import.xlsx").content)
    assert all(c.key in explained for c in COLUMNS)


def test_unknown_template_is_404_and_admin_is_403(make_unit, officials):
    client, _ = make_unit()
    assert client.get("/templates/nothing.docx").status_code == 404
    assert officials["admin"].get("/templates/staff-import.xlsx").status_code == 403


def test_a_download_is_audited(make_unit):
    client, _ = make_unit()
    client.get("/templates/tax-certificate.xlsx")
    event = AuditEvent.objects.filter(action="template.downloaded").get()
    assert event.object_id == "tax-certificate.xlsx" and event.actor_role == "unit"
