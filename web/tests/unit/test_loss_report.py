"""R-W11 in the employer portal: 挂失 from the permit page, confirmed on its own page; the replacement
case (补办) offers it at once; /verify and the card's QR page then say 已挂失 in words a guard reads."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from cases.tests.support import file_case, submit
from permits.models import Permit
from verification import signing
from web.tests.unit.support import html

pytestmark = pytest.mark.django_db
HOLDER = "张伟"


@pytest.fixture
def unit(portal, clock, file_new_case):
    """(web client, API client, permit number) of a unit holding one valid permit of 张伟."""
    client, _, api = portal()
    return client, api, file_new_case(api)["permit_no"]


def test_r_w11_the_permit_page_offers_the_report_behind_a_confirmation(unit):
    client, _, permit_no = unit
    page = html(client.get(f"/unit/permits/{permit_no}"))
    assert f'href="/unit/permits/{permit_no}/loss-report"' in page and "挂失这张证件" in page
    confirm = html(client.get(f"/unit/permits/{permit_no}/loss-report"))
    assert "挂失后会怎样" in confirm and "确认挂失" in confirm
    assert Permit.objects.get(permit_no=permit_no).lost_reported_at is None  # the GET changes nothing


def test_r_w11_confirming_reports_the_card_and_verify_says_do_not_accept_it(unit, clock):
    client, _, permit_no = unit
    response = client.post(f"/unit/permits/{permit_no}/loss-report", {"note": "地铁上遗失"})
    assert response.status_code == 302 and response["Location"] == f"/unit/permits/{permit_no}"
    page = html(client.get(f"/unit/permits/{permit_no}"))
    assert "证件已挂失" in page and "挂失这张证件" not in page
    assert AuditEvent.objects.filter(action="permit.loss_reported", after__note="地铁上遗失").count() == 1
    verified = html(Client().get("/verify", {"permit_no": permit_no, "name": HOLDER}))
    assert "验证结果：已挂失，证件不能使用" in verified and "请不要接受这张证件" in verified
    token = signing.sign(permit_no, 1, Permit.objects.get(permit_no=permit_no).expiry_date)
    assert "已挂失，证件不能使用" in html(Client().get(f"/verify/qr/{token}"))


def test_r_w11_before_the_report_verify_says_valid(unit):
    _, _, permit_no = unit
    assert "验证结果：有效" in html(Client().get("/verify", {"permit_no": permit_no, "name": HOLDER}))


def test_r_w11_a_second_report_is_refused_on_the_page_and_changes_nothing(unit):
    client, _, permit_no = unit
    client.post(f"/unit/permits/{permit_no}/loss-report", {"note": ""})
    reported_at = Permit.objects.get(permit_no=permit_no).lost_reported_at
    response = client.post(f"/unit/permits/{permit_no}/loss-report", {"note": ""})
    assert response.status_code == 409
    page = html(response)
    assert "R-W11" in page.split('class="error-summary"')[1] and "已经挂失" in page
    assert Permit.objects.get(permit_no=permit_no).lost_reported_at == reported_at


def test_r_w11_a_cancelled_permit_offers_no_report_and_refuses_one(unit, clock):
    client, api, permit_no = unit
    clock("2026-07-01")
    body = {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-06-30"}
    submit(api, file_case(api, body)["id"])
    assert "挂失这张证件" not in html(client.get(f"/unit/permits/{permit_no}"))
    response = client.post(f"/unit/permits/{permit_no}/loss-report", {"note": ""})
    assert response.status_code == 409 and "R-W11" in html(response)
    assert Permit.objects.get(permit_no=permit_no).lost_reported_at is None


def test_a_note_too_long_is_400_beside_its_field(unit):
    client, _, permit_no = unit
    response = client.post(f"/unit/permits/{permit_no}/loss-report", {"note": "长" * 2001})
    assert response.status_code == 400
    assert 'href="#loss-note"' in html(response) and 'aria-invalid="true"' in html(response)
    assert Permit.objects.get(permit_no=permit_no).lost_reported_at is None


def test_another_units_permit_is_404(unit, portal):
    _, _, permit_no = unit
    stranger, _, _ = portal()
    assert stranger.get(f"/unit/permits/{permit_no}/loss-report").status_code == 404
    assert stranger.post(f"/unit/permits/{permit_no}/loss-report", {"note": ""}).status_code == 404
    assert Permit.objects.get(permit_no=permit_no).lost_reported_at is None


def test_r_w11_the_replacement_case_offers_the_report_and_comes_back_to_the_case(unit):
    client, api, permit_no = unit
    case = file_case(api, {"type": "replacement", "permit_no": permit_no, "reason": "lost"})
    page = html(client.get(f"/unit/cases/{case['id']}"))
    link = f'href="/unit/permits/{permit_no}/loss-report?case={case["id"]}"'
    assert "证件遗失？请先挂失" in page and link in page
    assert f'name="case" value="{case["id"]}"' in html(
        client.get(f"/unit/permits/{permit_no}/loss-report", {"case": case["id"]})
    )
    response = client.post(f"/unit/permits/{permit_no}/loss-report", {"note": "", "case": case["id"]})
    assert response.status_code == 302 and response["Location"] == f"/unit/cases/{case['id']}"
    page = html(client.get(f"/unit/cases/{case['id']}"))
    assert "证件遗失？请先挂失" not in page and "这张证件已于" in page


def test_r_w11_a_replacement_for_a_damaged_card_offers_no_report(unit):
    client, api, permit_no = unit
    case = file_case(api, {"type": "replacement", "permit_no": permit_no, "reason": "damaged"})
    assert "证件遗失？请先挂失" not in html(client.get(f"/unit/cases/{case['id']}"))


def test_another_units_case_as_the_way_back_is_404(unit, portal, file_new_case):
    client, _, permit_no = unit
    _, _, other = portal()
    foreign = file_case(other, {"type": "replacement", "permit_no": file_new_case(other)["permit_no"],
                                "reason": "lost"})
    response = client.post(f"/unit/permits/{permit_no}/loss-report", {"note": "", "case": foreign["id"]})
    assert response.status_code == 404
    assert Permit.objects.get(permit_no=permit_no).lost_reported_at is None
