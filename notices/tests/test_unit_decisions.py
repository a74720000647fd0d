"""The notices of a decision on a unit (api.md "Notices to units"): `unit_verified` at the district's
verification, `unit_frozen` at R-I02's 2 May freeze (one insert per batch of the daily job),
`penalty_imposed` at every penalty on a unit (an official's, an investigation's finding, the daily
job's R-B04); each written in its decision's transaction (rolled back: no notice, no task) and
delivered by the task worker."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from accounts.actor import Actor
from accounts.models import User
from accounts.roles import Role
from cases.sweep import impose_supplement_timeouts
from enforcement import services as enforcement
from notices.models import Delivery, DeliveryStatus, Notice, NoticeKind
from notices.tests.support import notices, put
from notices.tests.test_decisions import RecordingGateway
from ops.demo import id_number
from penalties.models import Penalty, PenaltyKind
from penalties.signals import penalties_imposed
from reference.models import District
from units import sweep as unit_sweep
from units.models import Unit, UnitStatus
from units.services import unit_verify
from units.signals import unit_verified, units_frozen

pytestmark = pytest.mark.django_db
K = NoticeKind
TASK = "notices.tasks.deliver_notices_by_id"
REG = ["REG-01", "REG-02", "REG-03"]


def _kind(unit_id, kind):
    return notices(unit_id, kind)


def _tasks_for(notice_ids):
    wanted = set(notice_ids)
    return [t for t in DBTaskResult.objects.filter(task_path=TASK) if set(t.args_kwargs["args"][0]) & wanted]


def _statuses(notice):
    return set(Delivery.objects.filter(notice=notice).values_list("status", flat=True))


def _inserts(ctx, table):
    return sum(1 for q in ctx.captured_queries if q["sql"].startswith(f'INSERT INTO "{table}"'))


class Fails:
    """A receiver connected after notices' own: the decision fails once its notices are written."""

    def __init__(self, signal):
        self.signal, self.seen = signal, []

    def __enter__(self):
        self.signal.connect(self, dispatch_uid="test.fails_after_the_notices")
        return self

    def __exit__(self, *exc):
        self.signal.disconnect(dispatch_uid="test.fails_after_the_notices")

    def __call__(self, sender, **kwargs):
        self.seen.extend(Notice.objects.all())
        raise RuntimeError("the decision fails after its notices were written")


# unit_verified -----------------------------------------------------------------------------------


def test_r_u03_the_districts_verification_tells_the_unit(make_unit, officials, clock):
    clock("2026-06-15")
    _, unit_id = make_unit("haidian", active=False)
    assert notices(unit_id) == []  # registration itself tells nothing
    done = officials["haidian"].post(f"/units/{unit_id}/verification",
                                     {"decision": "approve", "materials_received": REG, "note": ""})
    assert done.status_code == 200, done.content
    (verified,) = notices(unit_id)
    assert (verified.kind, verified.key, verified.due_on) == (K.UNIT_VERIFIED, str(unit_id), None)
    unit = Unit.objects.get(pk=unit_id)
    assert verified.title == "单位注册已通过核验"
    assert f"贵单位（{unit.name}" in verified.body
    assert "2026年6月15日通过海淀区人社局的窗口核验" in verified.body
    assert "R-U03" in verified.body and "R-I02" in verified.body
    assert "verified at the Haidian district window on 2026-06-15" in verified.body_en
    assert len(_tasks_for([verified.pk])) == 1


def test_r_u03_a_rejected_registration_writes_no_notice(make_unit, officials):
    """api.md lists no kind for a rejection: `unit_verified` reports a verification (units.signals)."""
    _, unit_id = make_unit("haidian", active=False)
    body = {"decision": "reject", "materials_received": [], "note": "营业执照过期"}
    refused = officials["haidian"].post(f"/units/{unit_id}/verification", body)
    assert refused.json()["status"] == "rejected"
    assert notices(unit_id) == []


def test_unit_verified_can_be_turned_off(make_unit, officials):
    client, unit_id = make_unit("haidian", active=False)
    assert put(client, "/notices/preferences", {"kind": "unit_verified", "enabled": False}).status_code == 200
    done = officials["haidian"].post(f"/units/{unit_id}/verification",
                                     {"decision": "approve", "materials_received": REG, "note": ""})
    assert done.status_code == 200
    assert notices(unit_id) == []


def test_a_verification_rolled_back_leaves_no_notice_and_no_task(make_unit):
    _, unit_id = make_unit("haidian", active=False)
    reviewer = Actor(user=User.objects.get(username="hd_reviewer"), role=Role.DISTRICT_REVIEWER)
    with Fails(unit_verified) as failing, pytest.raises(RuntimeError):
        unit_verify(reviewer, unit_id, decision="approve", materials_received=REG, note="")
    assert [n.kind for n in failing.seen] == [K.UNIT_VERIFIED]  # written first, in the transaction
    assert notices(unit_id) == [] and not DBTaskResult.objects.filter(task_path=TASK).exists()
    assert Unit.objects.get(pk=unit_id).status == UnitStatus.PENDING


# unit_frozen -------------------------------------------------------------------------------------


@pytest.fixture
def missed(make_unit, clock):
    """Three units verified before the 2026 season that file no unit inspection (R-I02), and one
    that does; the clock on 2 May."""
    clock("2026-03-02")
    made = [make_unit(district)[1] for district in ("haidian", "haidian", "chaoyang")]
    inspected, _ = make_unit("haidian")
    clock("2026-04-10")
    assert inspected.post("/inspections/unit").status_code == 201
    clock("2026-05-02")
    return made


def test_r_i02_the_2_may_freeze_tells_each_frozen_unit(missed):
    assert unit_sweep.freeze_units(dt.date(2026, 5, 2)) == 3
    for unit_id in missed:
        (frozen,) = _kind(unit_id, K.UNIT_FROZEN)
        assert (frozen.key, frozen.due_on) == (str(unit_id), None)
        assert frozen.title == "单位账户已冻结：未完成2026年单位年检"
        assert "系统已于2026年5月2日冻结本单位账户（R-I02）" in frozen.body
        assert "请持营业执照原件到" in frozen.body and "R-I04" in frozen.body and "R-U05" in frozen.body
        assert "最近的办理时间：" in frozen.body and "Next open:" in frozen.body_en
        assert "the system froze the unit on 2026-05-02 (R-I02)" in frozen.body_en
    # each unit its own district's window: its telephone (reference data), its address when known
    for unit_id, code in ((missed[0], "haidian"), (missed[2], "chaoyang")):
        body, district = _kind(unit_id, K.UNIT_FROZEN)[0].body, District.objects.get(code=code)
        assert f"到{district.name}办理窗口解冻" in body and f"咨询电话：{district.phone}。" in body
        assert (f"地址：{district.address}。" in body) == bool(district.address)
    assert Notice.objects.filter(kind=K.UNIT_FROZEN).count() == 3  # the inspected unit: none
    # a rerun freezes nobody and tells nobody again
    assert unit_sweep.freeze_units(dt.date(2026, 5, 3)) == 0
    assert Notice.objects.filter(kind=K.UNIT_FROZEN).count() == 3


def test_r_i02_one_insert_and_one_task_per_batch_whatever_its_size(missed, monkeypatch):
    """The 2 May job stays set-based (docs/performance.md): a batch's notices cost one query for the
    units, one INSERT and one task, the same for a batch of 2 as for a batch of 1."""
    monkeypatch.setattr(unit_sweep, "UNIT_BATCH", 2)
    original, batches = unit_sweep._freeze_units, []

    def counted(batch, year, today):
        with CaptureQueriesContext(connection) as ctx:
            frozen = original(batch, year, today)
        batches.append((frozen, len(ctx), _inserts(ctx, "notices_notice"),
                        _inserts(ctx, "django_tasks_database_dbtaskresult")))
        return frozen

    monkeypatch.setattr(unit_sweep, "_freeze_units", counted)
    assert unit_sweep.freeze_units(dt.date(2026, 5, 2)) == 3
    (two, queries, inserts, tasks), (one, same_queries, *rest) = batches
    assert (two, inserts, tasks) == (2, 1, 1) and (one, *rest) == (1, 1, 1)
    assert queries == same_queries
    made = Notice.objects.filter(kind=K.UNIT_FROZEN).order_by("pk")
    assert sorted(made.values_list("unit_id", flat=True)) == sorted(missed)
    assert len(_tasks_for(made.values_list("pk", flat=True))) == 2


def test_r_i02_a_batch_rolled_back_leaves_no_notice_and_no_task(missed):
    with Fails(units_frozen) as failing, pytest.raises(RuntimeError):
        unit_sweep.freeze_units(dt.date(2026, 5, 2))
    assert {n.kind for n in failing.seen if n.kind == K.UNIT_FROZEN} == {K.UNIT_FROZEN}
    assert not Notice.objects.filter(kind=K.UNIT_FROZEN).exists()
    assert {Unit.objects.get(pk=u).status for u in missed} == {UnitStatus.ACTIVE}
    frozen_ids = {n.pk for n in failing.seen if n.kind == K.UNIT_FROZEN}
    assert _tasks_for(frozen_ids) == []


def test_the_worker_delivers_the_freeze_by_email_and_sms(missed, settings, run_worker):
    settings.SMS_GATEWAY = "notices.tests.test_decisions.RecordingGateway"
    RecordingGateway.sent = []
    User.objects.filter(unit_id=missed[0]).update(email="hr@example.com")
    unit_sweep.freeze_units(dt.date(2026, 5, 2))
    run_worker()
    frozen = [m for m in mail.outbox if m.subject == "单位账户已冻结：未完成2026年单位年检"]
    assert [m.to for m in frozen] == [["hr@example.com"]]  # the other units' operators gave no address
    assert "Unit frozen" in frozen[0].body
    assert sum("冻结本单位账户" in text for _, text in RecordingGateway.sent) == 3
    assert _statuses(_kind(missed[0], K.UNIT_FROZEN)[0]) == {DeliveryStatus.SENT}


# penalty_imposed ---------------------------------------------------------------------------------


def _impose(client, body):
    response = client.post("/penalties", {"note": "经核查，申请人学历证明系伪造，单位未核对原件。", **body})
    assert response.status_code == 201, response.content
    return response.json()


def test_r_b02_a_districts_suspension_tells_the_unit_its_term_and_reason(make_unit, officials, clock):
    clock("2026-06-15")
    _, unit_id = make_unit("haidian")
    _impose(officials["haidian"], {"kind": "unit_negligent_review", "unit_id": unit_id})
    (imposed,) = _kind(unit_id, K.PENALTY_IMPOSED)
    assert (imposed.key, imposed.due_on) == (str(unit_id), None)
    assert imposed.title == "处罚决定：暂停新办申请权限2年（R-B02）"
    assert "区人社局于2026年6月15日对贵单位作出处罚决定" in imposed.body
    assert "自2026年6月15日至2028年6月14日（含当日）" in imposed.body
    assert "理由：经核查，申请人学历证明系伪造，单位未核对原件。" in imposed.body and "R-U06" in imposed.body
    assert "from 2026-06-15 to 2028-06-14 (included)" in imposed.body_en
    assert imposed.title_en == "Penalty: new applications suspended for 2 years (R-B02)"


def test_r_b03_a_disqualification_citing_a_case_is_keyed_by_it_with_the_name_masked(
    make_unit, file_new_case, officials
):
    client, unit_id = make_unit("haidian")
    case = file_new_case(client)
    _impose(officials["city"],
            {"kind": "unit_false_declaration", "unit_id": unit_id, "application_id": case["id"]})
    (imposed,) = _kind(unit_id, K.PENALTY_IMPOSED)
    assert imposed.key == case["number"] and imposed.title == "处罚决定：取消单位申报资格（R-B03）"
    assert "市人社局于" in imposed.body and "直至市人社局解除" in imposed.body and "R-U07" in imposed.body
    assert f"所涉申请：新办申请（办件编号{case['number']}，张*）" in imposed.body
    assert "张伟" not in imposed.body + imposed.body_en  # R-S01


def test_r_b04_an_officials_suspension_runs_until_lifted(make_unit, officials):
    _, unit_id = make_unit("haidian")
    _impose(officials["haidian"], {"kind": "unit_review_failure", "unit_id": unit_id})
    (imposed,) = _kind(unit_id, K.PENALTY_IMPOSED)
    assert imposed.title == "处罚决定：暂停新办申请权限（R-B04）" and "直至市人社局解除" in imposed.body


def test_r_b01_a_person_penalty_tells_no_unit(officials):
    person = id_number(dt.date(1990, 5, 17))
    _impose(officials["city"], {"kind": "person_false_materials", "id_number": person})
    assert Penalty.objects.count() == 1
    assert not Notice.objects.filter(kind=K.PENALTY_IMPOSED).exists()


def test_r_c02_r_b03_a_findings_disqualification_names_the_permit(make_unit, file_new_case, officials, clock):
    clock("2026-06-15")
    client, unit_id = make_unit("haidian")
    permit_no = file_new_case(client)["permit_no"]
    drawn = officials["haidian"].post("/investigations", {"size": 1}).json()
    clock("2026-09-01")
    found = officials["haidian"].post(f"/investigations/{drawn['id']}/findings",
                                      {"permit_no": permit_no, "outcome": "left_not_cancelled",
                                       "left_on": "2026-07-31"})
    assert found.status_code == 201, found.content
    (imposed,) = _kind(unit_id, K.PENALTY_IMPOSED)
    assert imposed.key == permit_no and imposed.title == "处罚决定：取消单位申报资格（R-B03）"
    assert f"持证人张*（证号{permit_no}）已于2026年7月31日离职" in imposed.body
    assert "R-C02" in imposed.body and "R-U07" in imposed.body and "区人社局于2026年9月1日" in imposed.body
    assert "张伟" not in imposed.body + imposed.body_en
    assert f"the holder of permit {permit_no} (张*) left on 2026-07-31" in imposed.body_en


@pytest.fixture
def asked(make_unit, file_new_case, officials, clock):
    """A Haidian unit whose `new` case was asked for more materials on `day`: (client, unit id, case)."""

    def ask(day):
        clock(day)
        client, unit_id = make_unit("haidian")
        case = file_new_case(client, until="submitted")
        body = {"decision": "request_supplement", "missing": ["NEW-08"], "note": "缺公章"}
        response = officials["haidian"].post(f"/applications/{case['id']}/review", body)
        assert response.status_code == 200, response.content
        return client, unit_id, case

    return ask


def test_r_b04_the_daily_jobs_suspensions_are_told_with_one_insert(asked, clock):
    _, first, first_case = asked("2026-01-15")
    _, second, _ = asked("2026-01-20")
    clock("2026-05-10")
    with CaptureQueriesContext(connection) as ctx:
        assert len(impose_supplement_timeouts(dt.date(2026, 5, 10))) == 2
    assert _inserts(ctx, "notices_notice") == 1
    assert _inserts(ctx, "django_tasks_database_dbtaskresult") == 1
    (imposed,) = _kind(first, K.PENALTY_IMPOSED)
    assert imposed.key == first_case["number"]
    assert imposed.title == "处罚决定：暂停新办申请权限（R-B04）"
    assert "系统于2026年5月10日对贵单位作出处罚决定" in imposed.body
    assert "自2026年4月16日起，直至市人社局解除" in imposed.body
    about = f"新办申请（办件编号{first_case['number']}，张*）"
    assert f"{about}于2026年1月15日被要求补充材料，逾期3个月未补正" in imposed.body
    assert [n.kind for n in _kind(second, K.PENALTY_IMPOSED)] == [K.PENALTY_IMPOSED]


def test_r_b04_a_late_answer_refused_keeps_its_suspension_and_its_notice(asked, clock):
    client, unit_id, case = asked("2026-01-15")
    clock("2026-04-20")
    late = client.post(f"/applications/{case['id']}/submit")
    assert late.status_code == 422  # R-U06: a suspended unit files no new case
    (imposed,) = _kind(unit_id, K.PENALTY_IMPOSED)
    assert imposed.key == case["number"] and "自2026年4月16日起" in imposed.body


def test_a_penalty_rolled_back_leaves_no_notice_and_no_penalty(make_unit):
    _, unit_id = make_unit("haidian")
    city = Actor(user=User.objects.get(username="city_approver"), role=Role.CITY_APPROVER)
    with Fails(penalties_imposed) as failing, pytest.raises(RuntimeError):
        enforcement.penalty_impose(city, kind=PenaltyKind.UNIT_REVIEW_FAILURE, note="未履行审核职责",
                                   unit_id=unit_id)
    assert [n.kind for n in failing.seen if n.kind == K.PENALTY_IMPOSED] == [K.PENALTY_IMPOSED]
    assert not Penalty.objects.exists() and _kind(unit_id, K.PENALTY_IMPOSED) == []


def test_the_worker_delivers_a_penalty_by_email_and_sms(make_unit, officials, settings, run_worker):
    settings.SMS_GATEWAY = "notices.tests.test_decisions.RecordingGateway"
    RecordingGateway.sent = []
    _, unit_id = make_unit("haidian")
    User.objects.filter(unit_id=unit_id).update(email="hr@example.com")
    _impose(officials["haidian"], {"kind": "unit_review_failure", "unit_id": unit_id})
    run_worker()
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count("处罚决定：暂停新办申请权限（R-B04）") == 1
    assert sum("处罚决定" in text for _, text in RecordingGateway.sent) == 1
    assert _statuses(_kind(unit_id, K.PENALTY_IMPOSED)[0]) == {DeliveryStatus.SENT}
