"""The notices of a decision (api.md "Notices to units"): each kind at the decision it reports,
written in that decision's transaction (a decision rolled back leaves neither notice nor task), the
kinds that always arrive (a PUT turning one off is 422), and their delivery by the task worker
through email to the operators and the SMS gateway."""

import datetime as dt

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from accounts.actor import Actor
from accounts.models import User
from accounts.roles import Role
from audit.models import AuditEvent
from cases import services as case_services
from cases.models import Case
from cases.signals import case_decided
from cases.tests.support import employer_change, file_case, resubmit, submit
from conftest import HELD_ISSUED_ON
from notices.channels import SMS_SIGNATURE
from notices.models import Delivery, DeliveryStatus, Notice, NoticeKind
from notices.tests.support import case_notices as notices
from notices.tests.support import put
from permits.models import Permit
from reference.models import District, WindowDayOverride

pytestmark = pytest.mark.django_db
SATURDAY = "2026-06-13"  # the window is closed: its next open hours are Monday's whatever the time
DECISION_TASK = "notices.tasks.deliver_notices_by_id"


def _review(reviewer, case_id, decision, **body):
    response = reviewer.post(f"/applications/{case_id}/review", {"decision": decision, **body})
    assert response.status_code == 200, response.content
    return response.json()


def _approval(city, case_id, decision="approve", **body):
    response = city.post(f"/applications/{case_id}/approval", {"decision": decision, **body})
    assert response.status_code == 200, response.content
    return response.json()


def _jobs_of(notice_ids):
    """The delivery tasks enqueued for exactly these notices."""
    return [job for job in DBTaskResult.objects.filter(task_path=DECISION_TASK)
            if job.args_kwargs["args"] == [list(notice_ids)]]


def _about(unit_id, number):
    return [n for n in notices(unit_id) if n.key == number]


@pytest.fixture
def passed(make_unit, file_new_case, clock):
    """A Haidian unit's `new` case that the district passed on a Saturday, for the city to decide."""
    clock(SATURDAY)
    client, unit_id = make_unit("haidian")
    return client, unit_id, file_new_case(client, until="district_passed")


# each kind at its decision ----------------------------------------------------------------------


def test_r_w04_the_citys_approval_of_a_new_case_is_approved_and_ready_for_collection(passed, officials):
    client, unit_id, case = passed
    assert notices(unit_id) == []  # the district's pass of a city-approved type reports nothing
    _approval(officials["city"], case["id"])
    approved, ready = notices(unit_id)
    assert (approved.kind, ready.kind) == (NoticeKind.CASE_APPROVED, NoticeKind.READY_FOR_COLLECTION)
    assert approved.key == ready.key == case["number"]
    permit_no = Permit.objects.get(source_case_id=case["id"]).permit_no
    assert "2026年6月13日批准" in approved.body and permit_no in approved.body
    assert "可取证" in approved.body
    # the window's address and telephone (reference data) and its next open hours (R-W08)
    assert ready.title == f"可取证：请到海淀区办理窗口领取证件（{case['number']}）"
    haidian = District.objects.get(code="haidian")  # its address when known (reference data)
    assert "海淀区办理窗口" in ready.body
    assert (f"地址：{haidian.address}。" in ready.body) == bool(haidian.address)
    assert (f"咨询部门：{haidian.office}。" in ready.body) == bool(haidian.office)
    assert "62615183" in ready.body and permit_no in ready.body
    assert "最近的办理时间：2026年6月15日（星期一）09:00–17:00" in ready.body
    assert "Next open: Monday 2026-06-15, 09:00–17:00" in ready.body_en
    assert "张*" in ready.body and "张伟" not in ready.body + approved.body  # R-S01: masked
    # the unit's inbox (API) shows both, newest first (then the unit's verification, notices.unit_decisions)
    assert [n["kind"] for n in client.get("/notices").json()["items"]] == [
        "ready_for_collection", "case_approved", "unit_verified"]
    # one delivery task for the decision's notices, stored with them
    assert len(_jobs_of([approved.pk, ready.pk])) == 1


def test_r_w04_a_replacement_approved_is_ready_for_collection_as_a_replacement_card(held, clock, officials):
    clock("2026-08-01")
    case = submit(held.client, file_case(
        held.client, {"type": "replacement", "permit_no": held.permit_no, "reason": "lost"})["id"])
    _review(officials["haidian"], case["id"], "pass",
            materials_received=[i["code"] for i in case["checklist"] if i["required"]])
    assert _about(held.unit_id, case["number"]) == []
    _approval(officials["city"], case["id"])
    approved, ready = _about(held.unit_id, case["number"])
    assert ready.kind == NoticeKind.READY_FOR_COLLECTION and "补发的工作居住证" in ready.body
    assert held.permit_no in ready.body and "replacement card" in ready.body_en


def test_a_district_only_type_approved_at_review_is_approved_with_no_collection(held, clock, officials):
    clock("2026-08-01")
    residence = {"address": "北京市海淀区学院路1号", "district": "haidian", "housing_type": "owned"}
    case = submit(held.client, file_case(
        held.client, {"type": "address_change", "permit_no": held.permit_no, "residence": residence})["id"])
    _review(officials["haidian"], case["id"], "pass",
            materials_received=[i["code"] for i in case["checklist"] if i["required"]])
    (approved,) = _about(held.unit_id, case["number"])
    assert approved.kind == NoticeKind.CASE_APPROVED
    assert "居住地址变更申请" in approved.body and "变更已生效" in approved.body
    assert "2026年8月1日批准" in approved.body


def test_r_w07_a_refusal_at_review_names_its_reason(make_unit, file_new_case, officials, clock):
    clock(SATURDAY)
    client, unit_id = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    _review(officials["haidian"], case["id"], "reject", note="学历证明与原件不符")
    (rejected,) = notices(unit_id)
    assert (rejected.kind, rejected.key, rejected.due_on) == (NoticeKind.CASE_REJECTED, case["number"], None)
    assert "未通过区人社局初审" in rejected.body and "理由：学历证明与原件不符" in rejected.body
    assert "学历证明与原件不符" in rejected.body_en


def test_r_w07_a_refusal_at_the_citys_approval_names_its_reason(passed, officials):
    _, unit_id, case = passed
    _approval(officials["city"], case["id"], "reject", note="不符合人才引进条件")
    (rejected,) = notices(unit_id)
    assert rejected.kind == NoticeKind.CASE_REJECTED
    assert "未通过市人社局审批" in rejected.body and "理由：不符合人才引进条件" in rejected.body


def test_r_w07_a_supplement_request_names_the_items_and_the_3_month_deadline_each_time(
    make_unit, file_new_case, officials, clock
):
    clock(SATURDAY)
    client, unit_id = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    title = next(i["title"] for i in case["checklist"] if i["code"] == "NEW-07")
    _review(officials["haidian"], case["id"], "request_supplement", missing=["NEW-07"],
            note="请补交硕士学位证书。")
    (asked,) = notices(unit_id)
    assert (asked.kind, asked.key) == (NoticeKind.CASE_SUPPLEMENT_REQUESTED, case["number"])
    assert asked.due_on == dt.date(2026, 9, 13)  # R-B04: 3 months, that day included
    assert "NEW-07" in asked.body and title[:20] in asked.body
    assert "说明：请补交硕士学位证书" in asked.body and "2026年9月13日（含当日）" in asked.body
    assert "R-B04" in asked.body and "NEW-07" in asked.body_en and "2026-09-13" in asked.body_en
    # answered, then asked again: a second decision, a second notice with the same key
    clock("2026-07-01")
    resubmit(client, case["id"])
    _review(officials["haidian"], case["id"], "request_supplement", missing=["NEW-07"], note="仍缺学位证书")
    first, second = notices(unit_id)
    assert first.key == second.key and second.due_on == dt.date(2026, 10, 1)


def test_r_e03_a_case_an_employer_change_ends_after_a_decision_is_rejected_with_the_reason(
    held, make_unit, clock, officials
):
    old, old_unit_id, permit_no, _ = held
    clock("2026-08-01")
    replacement = submit(old, file_case(old, {"type": "replacement", "permit_no": permit_no,
                                             "reason": "damaged"})["id"])
    _review(officials["haidian"], replacement["id"], "request_supplement",
            missing=[replacement["checklist"][0]["code"]], note="缺材料")
    draft = file_case(old, {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-07-31"})
    new, new_unit_id = make_unit("chaoyang")
    change = submit(new, file_case(new, employer_change(permit_no, "2026-07-31", "2026-08-01"))["id"])
    _review(officials["chaoyang"], change["id"], "pass",
            materials_received=[i["code"] for i in change["checklist"] if i["required"]])
    asked, rejected = _about(old_unit_id, replacement["number"])
    assert (asked.kind, rejected.kind) == (NoticeKind.CASE_SUPPLEMENT_REQUESTED, NoticeKind.CASE_REJECTED)
    assert "已终止" in rejected.body and "R-E03" in rejected.body
    assert _about(old_unit_id, draft["number"]) == []  # withdrawn: no decision, no notice
    assert [n.kind for n in _about(new_unit_id, change["number"])] == [NoticeKind.CASE_APPROVED]


# the same transaction ----------------------------------------------------------------------------


def test_a_decision_rolled_back_leaves_no_notice_and_no_task(passed):
    _, unit_id, case = passed
    seen = []

    def fails_after_the_notices(sender, **kwargs):
        seen.extend(notices(unit_id))  # the notices' receiver ran first, in this transaction
        raise RuntimeError("the decision fails after its notices were written")

    city = Actor(user=User.objects.get(username="city_approver"), role=Role.CITY_APPROVER)
    tasks = DBTaskResult.objects.filter(task_path=DECISION_TASK).count()  # the unit's verification's
    case_decided.connect(fails_after_the_notices, dispatch_uid="test.fails_after_the_notices")
    try:
        with pytest.raises(RuntimeError):
            case_services.case_approve(city, case["id"], decision="approve", note="",
                                       confirm_special_talent=False)
    finally:
        case_decided.disconnect(dispatch_uid="test.fails_after_the_notices")
    assert [n.kind for n in seen] == [NoticeKind.CASE_APPROVED, NoticeKind.READY_FOR_COLLECTION]
    assert notices(unit_id) == []
    assert DBTaskResult.objects.filter(task_path=DECISION_TASK).count() == tasks
    assert Case.objects.get(pk=case["id"]).status == "district_passed"
    assert not Permit.objects.filter(source_case_id=case["id"]).exists()


# preferences: the kinds that always arrive -------------------------------------------------------


@pytest.mark.parametrize("kind", ["ready_for_collection", "case_supplement_requested", "unit_frozen",
                                  "penalty_imposed"])
def test_a_kind_that_always_arrives_cannot_be_turned_off(make_unit, kind):
    client, _ = make_unit("haidian")
    refused = put(client, "/notices/preferences", {"kind": kind, "enabled": False})
    assert refused.status_code == 422, refused.content
    [error] = refused.json()["errors"]
    assert error["field"] == "kind" and "不能关闭" in error["message_zh"]
    assert "cannot be turned off" in error["message_en"]
    assert not AuditEvent.objects.filter(action="notice.preference").exists()
    items = {i["kind"]: i for i in client.get("/notices/preferences").json()["items"]}
    assert items[kind]["enabled"] is True and items[kind]["always"] is True
    assert put(client, "/notices/preferences", {"kind": kind, "enabled": True}).status_code == 200


def test_a_kind_turned_off_is_not_written_but_ready_for_collection_is(passed, officials):
    client, unit_id, case = passed
    off = put(client, "/notices/preferences", {"kind": "case_approved", "enabled": False})
    assert off.status_code == 200, off.content
    _approval(officials["city"], case["id"])
    assert [n.kind for n in notices(unit_id)] == [NoticeKind.READY_FOR_COLLECTION]


# delivery by the task worker ---------------------------------------------------------------------


class RecordingGateway:
    """The SMS gateway's test double (settings.SMS_GATEWAY): keeps what it was asked to send."""

    sent: list[tuple[str, str]] = []

    def send(self, phone, text):
        RecordingGateway.sent.append((phone, text))


def test_the_worker_delivers_a_decisions_notices_by_email_and_sms_once(
    passed, officials, settings, run_worker
):
    settings.SMS_GATEWAY = "notices.tests.test_decisions.RecordingGateway"
    RecordingGateway.sent = []
    _, unit_id, case = passed
    run_worker()  # the unit's verification's notice (notices.unit_decisions) leaves first
    mail.outbox.clear()
    RecordingGateway.sent = []
    User.objects.filter(unit_id=unit_id).update(email="hr@example.com")
    _approval(officials["city"], case["id"])
    assert mail.outbox == [] and RecordingGateway.sent == []  # nothing leaves before the worker runs
    run_worker()
    subjects = {m.subject for m in mail.outbox}
    number = case["number"]
    assert subjects == {f"申请已批准（{number}）", f"可取证：请到海淀区办理窗口领取证件（{number}）"}
    assert all(m.to == ["hr@example.com"] for m in mail.outbox)
    assert len(RecordingGateway.sent) == 2
    assert all(text.startswith(SMS_SIGNATURE) for _, text in RecordingGateway.sent)
    assert any("62615183" in text for _, text in RecordingGateway.sent)  # the window's telephone
    decided = Delivery.objects.filter(notice__unit_id=unit_id, notice__key=number)
    assert list(decided.values_list("status", flat=True)) == [DeliveryStatus.SENT] * 4  # 2 notices × 2
    run_worker()
    assert len(mail.outbox) == 2 and len(RecordingGateway.sent) == 2
    (job,) = _jobs_of(list(decided.values_list("notice_id", flat=True).distinct().order_by("notice_id")))
    assert job.return_value == 4


# the window's next open hours (R-W08: reference.window.next_opening) ------------------------------


def test_r_w08_the_next_open_hours_skip_a_holiday_the_admin_entered(passed, officials):
    _, unit_id, case = passed
    WindowDayOverride.objects.create(date=dt.date(2026, 6, 15), kind=WindowDayOverride.Kind.HOLIDAY)
    _approval(officials["city"], case["id"])
    ready = notices(unit_id, NoticeKind.READY_FOR_COLLECTION)[0]
    assert "最近的办理时间：2026年6月16日（星期二）09:00–17:00" in ready.body


def test_the_held_permits_approval_wrote_its_notices_on_its_day(held):
    """`held` (root conftest) approves its case on HELD_ISSUED_ON: its two notices are there."""
    kinds = [n.kind for n in _about(held.unit_id, held.case["number"])]
    assert kinds == [NoticeKind.CASE_APPROVED, NoticeKind.READY_FOR_COLLECTION]
    day = HELD_ISSUED_ON
    assert f"{day.year}年{day.month}月{day.day}日批准" in notices(held.unit_id)[0].body
    assert Notice.objects.filter(unit_id=held.unit_id).exclude(kind=NoticeKind.UNIT_VERIFIED).count() == 2
