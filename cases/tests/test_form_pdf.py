"""R-W10 over HTTP: the printed form of a `new` case, for the unit and its officials."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_r_w10_form_pdf_carries_case_number_chinese_text_and_photo(
    make_unit, file_new_case, officials, clock
):
    clock(dt.date(2026, 6, 15))
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    response = client.get(f"/applications/{case['id']}/form.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "北京市工作居住证申请表" in text and case["number"] in text and "张伟" in text
    assert "第一联" in text and "第二联" in text
    assert all(page.images for page in reader.pages if "照片" in page.extract_text())
    assert officials["haidian"].get(f"/applications/{case['id']}/form.pdf").status_code == 200
    assert officials["chaoyang"].get(f"/applications/{case['id']}/form.pdf").status_code == 404
    assert AuditEvent.objects.filter(action="case.form_downloaded").count() == 2


def test_the_form_carries_the_case_number_as_a_qr_code_too(make_unit, file_new_case, clock):
    import pypdfium2
    import zxingcpp

    clock(dt.date(2026, 6, 15))
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    pdf = client.client.get(
        f"/api/v1/applications/{case['id']}/form.pdf", HTTP_AUTHORIZATION=f"Bearer {client.token}"
    ).content
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=4).to_pil()
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [case["number"]]
