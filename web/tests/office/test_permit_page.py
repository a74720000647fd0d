"""The permit page of the workbench (/office/permits/<no>/) and the print links of the case and permit
pages (issue 12, point 7): the card printed at collection, recorded; the application form (R-W10);
the loss report at the window and its withdrawal by the district (R-W11)."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from cases.models import Case
from cases.tests.support import file_case, submit
from permits.models import Permit

pytestmark = pytest.mark.django_db
HOLDER = "张伟"


def _html(response):
    return response.content.decode()


def _verify(permit_no):
    return _html(Client().get("/verify", {"permit_no": permit_no, "name": HOLDER}))


@pytest.fixture
def held_web(held):
    """`held`'s permit number and its approved (not yet collected) `new` case."""
    return held.permit_no, held.case


# --- the permit page --------------------------------------------------------------------------------------


def test_r_s02_the_permit_page_shows_the_full_id_number_audited(office, held_web):
    permit_no, case = held_web
    response = office["haidian"].get(f"/office/permits/{permit_no}/")
    assert response.status_code == 200
    html = _html(response)
    assert case["data"]["person"]["id_number"] in html and HOLDER in html
    assert f'href="/office/cases/{case["id"]}/"' in html
    assert f'href="/office/cases/{case["id"]}/form.pdf"' in html
    assert f'href="/office/permits/{permit_no}/card.pdf"' in html
    assert AuditEvent.objects.filter(action="permit.viewed", object_id=str(Permit.objects.get(
        permit_no=permit_no).pk), actor_username="hd_reviewer").exists()


def test_another_districts_permit_is_404_a_unit_is_refused(office, held_web, unit_web):
    permit_no, _ = held_web
    for path in ("/", "/card.pdf"):
        assert office["chaoyang"].get(f"/office/permits/{permit_no}{path}").status_code == 404
    refused = office["chaoyang"].post(f"/office/permits/{permit_no}/loss-report", {"note": ""})
    assert refused.status_code == 404
    web, _, _ = unit_web()
    assert web.get(f"/office/permits/{permit_no}/").status_code == 403
    assert not AuditEvent.objects.filter(action="permit.viewed", actor_username="cy_reviewer").exists()


def test_the_city_sees_the_permit_but_no_loss_report_form(office, held_web):
    permit_no, _ = held_web
    html = _html(office["city"].get(f"/office/permits/{permit_no}/"))
    assert "登记挂失" not in html and "撤销挂失" not in html
    assert office["city"].post(f"/office/permits/{permit_no}/loss-report", {"note": ""}).status_code == 403


def test_the_card_printed_from_the_permit_page_is_a_pdf_audited(office, held_web):
    permit_no, _ = held_web
    response = office["haidian"].get(f"/office/permits/{permit_no}/card.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    row = AuditEvent.objects.filter(action="permit.card_downloaded").get()
    assert row.after == {"card_version": 1} and row.actor_username == "hd_reviewer"


# --- R-W11 at the window ----------------------------------------------------------------------------------


def test_r_w11_the_district_reports_at_the_window_then_withdraws_with_a_reason(office, held_web):
    permit_no, _ = held_web
    reviewer = office["haidian"]
    assert "验证结果：有效" in _verify(permit_no)
    response = reviewer.post(f"/office/permits/{permit_no}/loss-report", {"note": "持证人到窗口申报遗失"})
    assert response.status_code == 302 and response["Location"] == f"/office/permits/{permit_no}/"
    assert "验证结果：已挂失，证件不能使用" in _verify(permit_no)
    html = _html(reviewer.get(f"/office/permits/{permit_no}/"))
    assert "撤销挂失的理由" in html and f'href="/office/permits/{permit_no}/card.pdf"' not in html
    done = reviewer.post(f"/office/permits/{permit_no}/loss-report/withdraw", {"note": "证件已找到"})
    assert done.status_code == 302
    assert "验证结果：有效" in _verify(permit_no)
    rows = AuditEvent.objects.filter(action__startswith="permit.loss").order_by("pk")
    actions = list(rows.values_list("action", flat=True))
    assert actions == ["permit.loss_reported", "permit.loss_report_withdrawn"]


def test_r_w11_a_withdrawal_without_a_reason_is_refused_beside_the_reason(office, held_web):
    permit_no, _ = held_web
    office["haidian"].post(f"/office/permits/{permit_no}/loss-report", {"note": ""})
    response = office["haidian"].post(f"/office/permits/{permit_no}/loss-report/withdraw", {"note": " "})
    assert response.status_code == 422
    error = _html(response).split('id="withdraw-note-error"')[1].split("</div>")[0]
    assert "R-W11" in error and "理由" in error
    assert Permit.objects.get(permit_no=permit_no).reported_lost


def test_r_w11_a_report_on_a_cancelled_permit_is_refused_on_the_page(office, held, clock):
    clock("2026-07-01")
    body = {"type": "cancellation", "permit_no": held.permit_no, "left_on": "2026-06-30"}
    submit(held.client, file_case(held.client, body)["id"])
    html = _html(office["haidian"].get(f"/office/permits/{held.permit_no}/"))
    assert "登记挂失" not in html and "不能打印证卡" in html
    response = office["haidian"].post(f"/office/permits/{held.permit_no}/loss-report", {"note": ""})
    assert response.status_code == 409 and "R-W11" in _html(response)
    assert not Permit.objects.get(permit_no=held.permit_no).reported_lost


# --- the case page: the card at collection, the form ------------------------------------------------------


def test_the_card_is_printed_from_the_case_page_once_the_collection_is_recorded(office, held_web):
    permit_no, case = held_web
    reviewer = office["haidian"]
    html = _html(reviewer.get(f"/office/cases/{case['id']}/"))
    assert "登记领证后，在此打印证卡" in html and f"/office/cases/{case['id']}/card.pdf" not in html
    assert f'href="/office/cases/{case["id"]}/form.pdf"' in html
    assert f'href="/office/permits/{permit_no}/"' in html
    assert reviewer.get(f"/office/cases/{case['id']}/card.pdf").status_code == 404  # nothing handed out yet
    collected = reviewer.post(f"/office/cases/{case['id']}/collection", {"collected_by": "holder"})
    assert collected.status_code == 302
    html = _html(reviewer.get(f"/office/cases/{case['id']}/"))
    assert f'href="/office/cases/{case["id"]}/card.pdf"' in html
    card = reviewer.get(f"/office/cases/{case['id']}/card.pdf")
    assert card.status_code == 200 and card.content.startswith(b"%PDF")
    collection = AuditEvent.objects.get(action="case.collection")
    assert collection.after["collected_by"] == "holder"
    printed = AuditEvent.objects.get(action="permit.card_downloaded")
    assert printed.after == {"card_version": 1, "case": case["number"]}


def test_the_application_form_prints_from_the_case_page(office, held_web):
    _, case = held_web
    response = office["haidian"].get(f"/office/cases/{case['id']}/form.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="case.form_downloaded", actor_username="hd_reviewer").exists()
    assert office["chaoyang"].get(f"/office/cases/{case['id']}/form.pdf").status_code == 404


def test_a_type_without_a_printed_form_has_no_form_link(office, held):
    case = file_case(held.client, {"type": "replacement", "permit_no": held.permit_no, "reason": "lost"})
    submit(held.client, case["id"])
    assert "/form.pdf" not in _html(office["haidian"].get(f"/office/cases/{case['id']}/"))
    assert office["haidian"].get(f"/office/cases/{case['id']}/form.pdf").status_code == 404


def test_r_w11_a_collected_replacement_prints_the_new_card_and_ends_the_report(office, held, officials):
    reviewer = office["haidian"]
    reviewer.post(f"/office/permits/{held.permit_no}/loss-report", {"note": "遗失"})
    case = submit(held.client, file_case(
        held.client, {"type": "replacement", "permit_no": held.permit_no, "reason": "lost"})["id"])
    codes = [i["code"] for i in case["checklist"] if i["required"]]
    review = {"decision": "pass", "materials_received": codes}
    officials["haidian"].post(f"/applications/{case['id']}/review", review)
    officials["city"].post(f"/applications/{case['id']}/approval", {"decision": "approve"})
    assert "已挂失，证件不能使用" in _verify(held.permit_no)
    reviewer.post(f"/office/cases/{case['id']}/collection", {"collected_by": "operator"})
    assert Case.objects.get(pk=case["id"]).status == "collected"
    assert "第2版" in _html(reviewer.get(f"/office/cases/{case['id']}/"))
    assert reviewer.get(f"/office/cases/{case['id']}/card.pdf").status_code == 200
    assert "验证结果：有效" in _verify(held.permit_no)
    printed = AuditEvent.objects.get(action="permit.card_downloaded")
    assert printed.after == {"card_version": 2, "case": case["number"]}
