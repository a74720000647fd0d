"""The registration done page (issue 13, point 9): the registration's reference, the district
window's address (never a department's name in its place), office, telephone and next open hours
from the reference data, and REG-01's template to download."""

import io

import pytest
from django.test import Client
from docx import Document

from audit.models import AuditEvent
from reference.models import District
from units.models import Unit
from web.registration import SESSION_KEY
from web.tests.unit.support import html

pytestmark = pytest.mark.django_db


def _registered(make_unit, district: str = "haidian") -> tuple[Client, Unit]:
    """The browser that has just registered a (pending) unit of `district`."""
    _, unit_id = make_unit(district, active=False)
    client = Client()
    session = client.session
    session[SESSION_KEY] = unit_id
    session.save()
    return client, Unit.objects.get(pk=unit_id)


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_done_page_shows_the_reference_and_no_department_as_an_address(make_unit, clock):
    clock("2026-06-15")  # a Monday
    client, unit = _registered(make_unit)
    page = html(client.get("/register/done"))
    assert f'id="registration-reference"><strong>{unit.pk}</strong>' in page
    address = page.split("<dt>地址</dt><dd>")[1].split("</dd>")[0]
    assert "调配科" not in address and "请致电咨询窗口地址" in address
    assert "<dt>咨询部门</dt><dd>海淀区人事局调配科</dd>" in page
    assert "62615183" in page
    assert "窗口下次受理：2026年6月1" in page  # today or tomorrow, by the time of day


def test_the_chaoyang_window_has_the_seeded_address(make_unit, clock):
    clock("2026-06-15")
    client, _ = _registered(make_unit, "chaoyang")
    page = html(client.get("/register/done"))
    assert "朝阳区曙光西里1号" in page.split("<dt>地址</dt><dd>")[1].split("</dd>")[0]
    assert District.objects.get(code="chaoyang").office == "朝阳区人事局调配科"


def test_reg_01_downloads_from_the_done_page_filled_for_the_unit(make_unit, clock):
    clock("2026-06-15")
    client, unit = _registered(make_unit)
    assert 'href="/register/done/unit-registration-application.docx"' in html(client.get("/register/done"))
    response = client.get("/register/done/unit-registration-application.docx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = _docx_text(response.content)
    expected = (unit.name, unit.uscc, unit.main_business, "拟为", "法定代表人（签字）")
    expected += ("不得加盖人力资源部门章",)
    for phrase in ("关于办理单位注册的申请", *expected):
        assert phrase in text, phrase
    downloaded = AuditEvent.objects.filter(action="template.downloaded")
    assert downloaded.filter(object_id="unit-registration-application.docx").exists()
    assert Client().get("/register/done/unit-registration-application.docx").status_code == 302


def test_reg_01_from_the_api_and_the_downloads_page(make_unit, officials):
    api, unit_id = make_unit()
    response = api.get("/templates/unit-registration-application.docx")
    assert response.status_code == 200
    assert Unit.objects.get(pk=unit_id).name in _docx_text(response.content)
    blank = _docx_text(officials["city"].get("/templates/unit-registration-application.docx").content)
    assert "关于办理单位注册的申请" in blank and Unit.objects.get(pk=unit_id).name not in blank
