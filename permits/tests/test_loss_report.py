"""R-W11, the loss report (挂失): POST /permits/{permit_no}/loss-report and its withdrawal by the district
(api.md "Permits"), and what verification answers meanwhile (api.md "GET /api/v1/verify")."""

import pytest

from audit.models import AuditEvent
from cases.tests.support import file_case, submit
from permits.models import Permit
from verification import signing
from verification.tests.factories import stamp_frozen

pytestmark = [pytest.mark.django_db, pytest.mark.held(inspected_through=2029)]
HOLDER = "张伟"  # `held`'s holder (ops.demo.new_application)


def _verify(api, permit_no, **extra):
    return api.get("/verify", permit_no=permit_no, name=HOLDER, **extra).json()["result"]


def _report(client, permit_no, status=200, **body):
    response = client.post(f"/permits/{permit_no}/loss-report", body or {"note": "地铁上遗失"})
    assert response.status_code == status, response.content
    return response.json()


def _withdraw(client, permit_no, note, status=200):
    response = client.post(f"/permits/{permit_no}/loss-report/withdraw", {"note": note})
    assert response.status_code == status, response.content
    return response.json()


def _cancel(held):
    """`held`'s holder left on 30 June; the unit cancels the permit (R-C01), effective at once."""
    body = {"type": "cancellation", "permit_no": held.permit_no, "left_on": "2026-06-30"}
    submit(held.client, file_case(held.client, body)["id"])


def _rules(body):
    return [e.get("rule") for e in body["errors"]]


def _replacement(held, officials, until):
    """A replacement (补办) of `held`'s card for a lost one, taken as far as `until` (approved, collected)."""
    client, permit_no = held.client, held.permit_no
    body = {"type": "replacement", "permit_no": permit_no, "reason": "lost"}
    case = submit(client, file_case(client, body)["id"])
    codes = [i["code"] for i in case["checklist"] if i["required"]]
    reviewed = officials["haidian"].post(
        f"/applications/{case['id']}/review", {"decision": "pass", "materials_received": codes}
    )
    assert reviewed.status_code == 200, reviewed.content
    approved = officials["city"].post(f"/applications/{case['id']}/approval", {"decision": "approve"})
    assert approved.json()["status"] == "approved"
    if until == "collected":
        collected = officials["haidian"].post(
            f"/applications/{case['id']}/collection", {"collected_by": "holder"}
        )
        assert collected.json()["status"] == "collected"
    return case


# --- the report -----------------------------------------------------------------------------------------


def test_r_w11_before_the_report_valid_after_it_reported_lost(held, api):
    assert _verify(api, held.permit_no) == "valid"
    assert held.client.get(f"/permits/{held.permit_no}").json()["reported_lost"] is False
    permit = _report(held.client, held.permit_no)
    assert permit["reported_lost"] is True and permit["status"] == "valid"  # the lifecycle's status stays
    answer = api.get("/verify", permit_no=held.permit_no, name=HOLDER).json()
    assert answer == {
        "result": "reported_lost",
        "permit_no": held.permit_no,
        "holder_name_masked": "张*",
        "unit_name": answer["unit_name"],
        "expiry_date": "2029-06-15",
    }


def test_r_w11_every_card_version_answers_reported_lost_a_never_issued_one_not_found(held, api, officials):
    _replacement(held, officials, "collected")  # card 2 now; card 1 superseded
    assert _verify(api, held.permit_no, card_version=1) == "superseded"
    _report(held.client, held.permit_no)
    assert _verify(api, held.permit_no, card_version=1) == "reported_lost"
    assert _verify(api, held.permit_no, card_version=2) == "reported_lost"
    assert api.get("/verify", permit_no=held.permit_no, name=HOLDER, card_version=3).status_code == 404


def test_r_w11_the_cards_qr_code_answers_reported_lost(held, api):
    token = signing.sign(held.permit_no, 1, Permit.objects.get(permit_no=held.permit_no).expiry_date)
    assert api.get(f"/verify/qr/{token}").json()["result"] == "valid"
    _report(held.client, held.permit_no)
    assert api.get(f"/verify/qr/{token}").json()["result"] == "reported_lost"


def test_r_w11_the_report_is_audited_once_with_its_note(held):
    before = AuditEvent.objects.count()
    _report(held.client, held.permit_no, note="地铁上遗失")
    rows = list(AuditEvent.objects.order_by("pk")[before:])
    assert [r.action for r in rows] == ["permit.loss_reported"]
    assert rows[0].after["reported_lost"] is True and rows[0].after["note"] == "地铁上遗失"
    assert rows[0].actor_role == "unit"


def test_r_w11_the_district_reports_at_the_window(held, officials, api):
    permit = _report(officials["haidian"], held.permit_no, note="持证人到窗口申报遗失")
    assert permit["reported_lost"] is True
    assert _verify(api, held.permit_no) == "reported_lost"


def test_r_w11_a_note_is_not_needed_to_report(held):
    assert _report(held.client, held.permit_no, note="")["reported_lost"] is True


def test_r_w11_a_second_report_while_one_stands_is_409(held):
    _report(held.client, held.permit_no)
    refused = _report(held.client, held.permit_no, 409)
    assert _rules(refused) == ["R-W11"] and "已经挂失" in refused["errors"][0]["message_zh"]


def test_r_w11_a_cancelled_permit_cannot_be_reported(held, api, clock):
    clock("2026-07-01")
    _cancel(held)
    refused = _report(held.client, held.permit_no, 409)
    assert _rules(refused) == ["R-W11"]
    assert _verify(api, held.permit_no) == "cancelled"
    assert Permit.objects.get(permit_no=held.permit_no).lost_reported_at is None


def test_r_w11_an_expired_permit_on_its_last_day_is_reported_a_lapsed_one_is_409(held, clock, api):
    clock("2029-07-15")  # expiry 2029-06-15 + 1 month: the last day before it lapses (R-V02)
    assert _verify(api, held.permit_no) == "expired"
    _report(held.client, held.permit_no)
    assert _verify(api, held.permit_no) == "reported_lost"
    clock("2029-07-16")  # lapsed: the final word outranks the report
    assert _verify(api, held.permit_no) == "lapsed"


def test_r_w11_a_lapsed_permit_cannot_be_reported(held, clock):
    clock("2029-07-16")
    assert _rules(_report(held.client, held.permit_no, 409)) == ["R-W11"]


def test_r_w11_a_frozen_permit_is_reported_and_answers_reported_lost(held, api):
    stamp_frozen(held.permit_no, "2026-06-15T10:00:00+08:00")
    assert _verify(api, held.permit_no) == "frozen"
    _report(held.client, held.permit_no)
    assert _verify(api, held.permit_no) == "reported_lost"


def test_r_w11_a_permit_cancelled_after_its_report_answers_cancelled(held, api, clock):
    _report(held.client, held.permit_no)
    clock("2026-07-01")
    _cancel(held)
    assert _verify(api, held.permit_no) == "cancelled"


# --- the replacement card ends it -------------------------------------------------------------------------


def test_r_w11_an_approved_replacement_not_yet_collected_still_answers_reported_lost(held, api, officials):
    _report(held.client, held.permit_no)
    _replacement(held, officials, "approved")
    assert _verify(api, held.permit_no) == "reported_lost"
    assert _verify(api, held.permit_no, card_version=1) == "reported_lost"


def test_r_w11_the_collected_replacement_ends_the_report_the_new_card_alone_is_valid(held, api, officials):
    _report(held.client, held.permit_no)
    before = AuditEvent.objects.count()
    _replacement(held, officials, "collected")
    assert _verify(api, held.permit_no) == "valid"
    assert _verify(api, held.permit_no, card_version=2) == "valid"
    assert _verify(api, held.permit_no, card_version=1) == "superseded"
    assert held.client.get(f"/permits/{held.permit_no}").json()["reported_lost"] is False
    replaced = AuditEvent.objects.filter(pk__gt=before, action="permit.card_replaced").get()
    assert (replaced.before["reported_lost"], replaced.after["reported_lost"]) == (True, False)
    _report(held.client, held.permit_no)  # the new card can be reported lost in its turn
    assert _verify(api, held.permit_no, card_version=2) == "reported_lost"


# --- the withdrawal ---------------------------------------------------------------------------------------


def test_r_w11_the_district_withdraws_with_a_reason_and_the_card_verifies_again(held, officials, api):
    _report(held.client, held.permit_no)
    before = AuditEvent.objects.count()
    permit = _withdraw(officials["haidian"], held.permit_no, "证件已找到，持证人到窗口交验")
    assert permit["reported_lost"] is False
    assert _verify(api, held.permit_no) == "valid"
    rows = list(AuditEvent.objects.order_by("pk")[before:])
    assert [r.action for r in rows] == ["permit.loss_report_withdrawn"]
    assert rows[0].after == {"reported_lost": False, "note": "证件已找到，持证人到窗口交验"}


@pytest.mark.parametrize("note", ["", "   "])
def test_r_w11_a_withdrawal_without_a_reason_is_422_and_changes_nothing(held, officials, api, note):
    _report(held.client, held.permit_no)
    refused = _withdraw(officials["haidian"], held.permit_no, note, 422)
    assert _rules(refused) == ["R-W11"] and refused["errors"][0]["field"] == "note"
    assert "理由" in refused["errors"][0]["message_zh"]
    assert _verify(api, held.permit_no) == "reported_lost"


def test_r_w11_a_withdrawal_with_no_report_standing_is_409(held, officials):
    assert _rules(_withdraw(officials["haidian"], held.permit_no, "证件已找到", 409)) == ["R-W11"]


def test_r_w11_only_the_district_withdraws(held, officials, api):
    _report(held.client, held.permit_no)
    path = f"/permits/{held.permit_no}/loss-report/withdraw"
    for client in (held.client, officials["city"]):
        assert client.post(path, {"note": "找到了"}).status_code == 403
    assert _verify(api, held.permit_no) == "reported_lost"


# --- who, and what is refused before anything --------------------------------------------------------------


def test_another_unit_or_district_gets_404_and_the_city_403(held, officials, make_unit, api):
    stranger, _ = make_unit("haidian")
    path = f"/permits/{held.permit_no}/loss-report"
    assert stranger.post(path, {"note": ""}).status_code == 404
    assert officials["chaoyang"].post(path, {"note": ""}).status_code == 404
    assert officials["city"].post(path, {"note": ""}).status_code == 403
    _report(held.client, held.permit_no)
    assert officials["chaoyang"].post(
        f"/permits/{held.permit_no}/loss-report/withdraw", {"note": "找到了"}
    ).status_code == 404
    assert _verify(api, held.permit_no) == "reported_lost"


@pytest.mark.parametrize("body", [{"note": "x", "reason": "lost"}, {"note": 5}, {"note": "x" * 2001}])
def test_a_malformed_report_is_400_and_changes_nothing(held, body):
    assert held.client.post(f"/permits/{held.permit_no}/loss-report", body).status_code == 400
    assert Permit.objects.get(permit_no=held.permit_no).lost_reported_at is None
