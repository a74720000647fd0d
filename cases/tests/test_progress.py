"""办件进度查询 (api.md `GET /api/v1/progress`; cases.progress): each type's steps, their dates from
the history, what happens next, no oracle, the rate limit and nothing personal in the answer."""

import datetime as dt

import pytest
from django.utils import timezone

from cases import progress
from cases.models import Case, CaseEvent, CaseStatus, CaseType
from cases.tests.support import file_case, submit
from core import clock as system_clock
from reference.window import WindowHours

S, T = CaseStatus, CaseType
TODAY = dt.date(2026, 6, 15)  # `held`'s day, a Monday
HOLDER = "张伟"  # ops.demo's applicant, the holder of `held`'s permit
UNIT_NAME = "北京示例科技有限公司"  # ops.demo's registration
pytestmark = pytest.mark.django_db
ALL = ("submitted", "district_review", "city_approval", "ready_for_collection", "collected")


def _today_real() -> dt.date:
    """The day the history records (real time, in Beijing): every act of a test happens today."""
    return timezone.now().astimezone(system_clock.SHANGHAI).date()


def _steps(body: dict) -> list[tuple[str, bool]]:
    return [(s["step"], s["done"]) for s in body["steps"]]


def _look(api, number: str, name: str = HOLDER, status: int = 200) -> dict:
    response = api.get("/progress", number=number, name=name)
    assert response.status_code == status, response.content
    return response.json()


# The route of each type (R-W03, R-W04), from the transition table's groups --------------------


@pytest.mark.parametrize(
    ("case_type", "steps"),
    [
        (T.NEW, ALL),
        (T.REPLACEMENT, ALL),
        (T.RENEWAL, ("submitted", "district_review", "city_approval", "decided")),
        (T.EMPLOYER_CHANGE, ("submitted", "district_review", "decided")),
        (T.ADDRESS_CHANGE, ("submitted", "district_review", "decided")),
        (T.DEPENDENTS_CHANGE, ("submitted", "district_review", "decided")),
        (T.GENERAL_CHANGE, ("submitted", "district_review", "decided")),
        (T.UNIT_INFO_CHANGE, ("submitted", "district_review", "decided")),
        (T.CANCELLATION, ("submitted", "decided")),
    ],
)
def test_r_w03_r_w04_each_type_shows_only_the_steps_it_goes_through(case_type, steps):
    assert progress.route(case_type) == steps


def test_every_type_has_a_route():
    assert {progress.route(t)[-1] for t in T} == {"collected", "decided"}


# Steps and their dates from a history (no database) ---------------------------------------------


def _history(*moves: tuple[str, str, str, str]) -> list[CaseEvent]:
    """(day, action, from, to) → the case's history entries, at noon in Beijing."""
    return [
        CaseEvent(at=dt.datetime.fromisoformat(f"{day}T12:00:00+08:00"), action=action, from_status=before,
                  to_status=after)
        for day, action, before, after in moves
    ]


NEW_PATH = [
    ("2026-06-01", "create", "", S.DRAFT),
    ("2026-06-02", "submit", S.DRAFT, S.SUBMITTED),
    ("2026-06-05", "review.request_supplement", S.SUBMITTED, S.SUPPLEMENT_REQUESTED),
    ("2026-06-08", "resubmit", S.SUPPLEMENT_REQUESTED, S.SUBMITTED),
    ("2026-06-09", "review.pass", S.SUBMITTED, S.DISTRICT_PASSED),
    ("2026-06-12", "approval.approve", S.DISTRICT_PASSED, S.APPROVED),
    ("2026-06-16", "collection", S.APPROVED, S.COLLECTED),
    ("2026-06-20", "rate", S.COLLECTED, S.COLLECTED),
]


def _case(case_type: str, status: str) -> Case:
    return Case(type=case_type, status=status)


@pytest.mark.parametrize(
    ("upto", "status", "expected"),
    [
        (2, S.SUBMITTED, [("submitted", "2026-06-02"), ("district_review", None), ("city_approval", None),
                          ("ready_for_collection", None), ("collected", None)]),
        (3, S.SUPPLEMENT_REQUESTED, [("submitted", "2026-06-02"), ("district_review", None),
                                     ("city_approval", None), ("ready_for_collection", None),
                                     ("collected", None)]),
        (5, S.DISTRICT_PASSED, [("submitted", "2026-06-02"), ("district_review", "2026-06-09"),
                                ("city_approval", None), ("ready_for_collection", None),
                                ("collected", None)]),
        (6, S.APPROVED, [("submitted", "2026-06-02"), ("district_review", "2026-06-09"),
                         ("city_approval", "2026-06-12"), ("ready_for_collection", "2026-06-12"),
                         ("collected", None)]),
        (8, S.COLLECTED, [("submitted", "2026-06-02"), ("district_review", "2026-06-09"),
                          ("city_approval", "2026-06-12"), ("ready_for_collection", "2026-06-12"),
                          ("collected", "2026-06-16")]),
    ],
)
def test_a_new_case_dates_each_step_from_its_history(upto, status, expected):
    """The first submission dates 提交 (a resubmission does not move it); a supplement request
    completes no step; the pass dates 初审; the approval dates 审批 and 可取证; the collection 领证."""
    steps = progress.steps(_case(T.NEW, status), _history(*NEW_PATH[:upto]))
    assert [(s.step, s.on.isoformat() if s.on else None) for s in steps] == expected
    assert [s.done for s in steps] == [on is not None for _, on in expected]


def test_a_district_only_type_is_decided_at_the_district_review():
    history = _history(
        ("2026-06-02", "submit", S.DRAFT, S.SUBMITTED),
        ("2026-06-03", "review.pass", S.SUBMITTED, S.APPROVED),
    )
    steps = progress.steps(_case(T.ADDRESS_CHANGE, S.APPROVED), history)
    assert [(s.step, s.done, s.on) for s in steps] == [
        ("submitted", True, dt.date(2026, 6, 2)),
        ("district_review", True, dt.date(2026, 6, 3)),
        ("decided", True, dt.date(2026, 6, 3)),
    ]


def test_a_renewal_is_decided_at_the_city_approval_and_has_no_card_to_collect():
    history = _history(
        ("2026-06-02", "submit", S.DRAFT, S.SUBMITTED),
        ("2026-06-03", "review.pass", S.SUBMITTED, S.DISTRICT_PASSED),
        ("2026-06-04", "approval.approve", S.DISTRICT_PASSED, S.APPROVED),
    )
    steps = progress.steps(_case(T.RENEWAL, S.APPROVED), history)
    assert [(s.step, s.on) for s in steps] == [
        ("submitted", dt.date(2026, 6, 2)),
        ("district_review", dt.date(2026, 6, 3)),
        ("city_approval", dt.date(2026, 6, 4)),
        ("decided", dt.date(2026, 6, 4)),
    ]
    assert all(s.done for s in steps)


def test_r_w03_a_cancellation_is_decided_on_submission():
    history = _history(("2026-06-02", "submit", S.DRAFT, S.APPROVED))
    steps = progress.steps(_case(T.CANCELLATION, S.APPROVED), history)
    assert [(s.step, s.done, s.on) for s in steps] == [
        ("submitted", True, dt.date(2026, 6, 2)),
        ("decided", True, dt.date(2026, 6, 2)),
    ]


@pytest.mark.parametrize(
    ("moves", "kept"),
    [
        # refused at the district: 初审 done, 审批 never reached
        ([("2026-06-03", "review.reject", S.SUBMITTED, S.REJECTED)], ["submitted", "district_review"]),
        # refused by the city: 初审 and 审批 done, no card
        ([("2026-06-03", "review.pass", S.SUBMITTED, S.DISTRICT_PASSED),
          ("2026-06-04", "approval.reject", S.DISTRICT_PASSED, S.REJECTED)],
         ["submitted", "district_review", "city_approval"]),
        # closed by an employer change while back with the unit: no review was done
        ([("2026-06-03", "review.request_supplement", S.SUBMITTED, S.SUPPLEMENT_REQUESTED),
          ("2026-06-04", "transfer.close", S.SUPPLEMENT_REQUESTED, S.REJECTED)], ["submitted"]),
    ],
)
def test_a_rejected_case_keeps_the_steps_it_went_through_and_ends_decided(moves, kept):
    history = _history(("2026-06-02", "submit", S.DRAFT, S.SUBMITTED), *moves)
    steps = progress.steps(_case(T.NEW, S.REJECTED), history)
    assert [s.step for s in steps] == [*kept, "decided"]
    assert all(s.done for s in steps)
    assert steps[-1].on == dt.date.fromisoformat(moves[-1][0])


def test_a_withdrawn_case_ends_decided_on_the_withdrawal():
    history = _history(
        ("2026-06-02", "submit", S.DRAFT, S.SUBMITTED),
        ("2026-06-05", "withdraw", S.SUBMITTED, S.WITHDRAWN),
    )
    steps = progress.steps(_case(T.RENEWAL, S.WITHDRAWN), history)
    assert [(s.step, s.on) for s in steps] == [
        ("submitted", dt.date(2026, 6, 2)),
        ("decided", dt.date(2026, 6, 5)),
    ]


def test_a_step_is_dated_by_the_day_in_beijing():
    """16:30 UTC on 2 June is 00:30 on 3 June in Beijing."""
    history = [CaseEvent(at=dt.datetime(2026, 6, 2, 16, 30, tzinfo=dt.UTC), action="submit",
                         from_status=S.DRAFT, to_status=S.SUBMITTED)]
    assert progress.steps(_case(T.NEW, S.SUBMITTED), history)[0].on == dt.date(2026, 6, 3)


# Through the API ---------------------------------------------------------------------------------


def test_a_new_case_from_submission_to_collection(make_unit, file_new_case, officials, api, clock):
    clock(TODAY)
    unit, _ = make_unit("haidian")
    case = file_new_case(unit, until="submitted")
    body = _look(api, case["number"])
    assert body["number"] == case["number"] and body["type"] == "new" and body["status"] == "submitted"
    assert _steps(body) == [("submitted", True)] + [(s, False) for s in ALL[1:]]
    assert body["steps"][0]["on"] == _today_real().isoformat()
    assert [s["on"] for s in body["steps"][1:]] == [None] * 4
    assert "初审" in body["next"] and "海淀区人事局调配科" in body["next"]

    officials["haidian"].post(f"/applications/{case['id']}/review", {
        "decision": "pass", "materials_received": [i["code"] for i in case["checklist"]]})
    body = _look(api, case["number"])
    assert body["status"] == "district_passed"
    assert _steps(body) == [("submitted", True), ("district_review", True), ("city_approval", False),
                            ("ready_for_collection", False), ("collected", False)]
    assert "审批" in body["next"]

    officials["city"].post(f"/applications/{case['id']}/approval", {"decision": "approve"})
    body = _look(api, case["number"])
    assert _steps(body)[-2:] == [("ready_for_collection", True), ("collected", False)]
    assert "可以领证" in body["next"] and "海淀区人事局调配科" in body["next"]
    assert "窗口最近开放时间" in body["next"]

    officials["haidian"].post(f"/applications/{case['id']}/collection", {"collected_by": "holder"})
    body = _look(api, case["number"])
    assert body["status"] == "collected" and all(done for _, done in _steps(body))
    assert body["next"] == "证件已领取，本件已办结。"


def test_r_w08_ready_for_collection_names_the_window_and_its_next_open_hours(held, api, clock):
    """可取证 tells where the district's window is and when it next opens (R-W08). On a Friday after
    12:00 that is Monday; the clock's day and the real time of day (api.md, test clock)."""
    clock("2026-06-26")  # a Friday (19 June is the Dragon Boat Festival)
    found = progress.find(held.case["number"], HOLDER)
    assert found is not None
    p = progress.progress(found, today=dt.date(2026, 6, 26), now=dt.time(12, 0))
    assert p.window.opening == (dt.date(2026, 6, 29), WindowHours(True, "09:00", "17:00"))
    assert "6月29日（周一）09:00–17:00" in progress.present(p).next
    before_noon = progress.progress(found, today=dt.date(2026, 6, 26), now=dt.time(11, 59))
    assert "6月26日（周五）09:00–12:00" in progress.present(before_noon).next


def test_a_district_only_type_shows_no_city_approval(held, officials, api, clock):
    clock("2026-10-10")
    residence = {"address": "北京市朝阳区望京街10号", "district": "chaoyang", "housing_type": "owned"}
    case = submit(held.client, file_case(held.client, {
        "type": "address_change", "permit_no": held.permit_no, "residence": residence})["id"])
    steps = [s["step"] for s in _look(api, case["number"])["steps"]]
    assert steps == ["submitted", "district_review", "decided"]
    officials["haidian"].post(f"/applications/{case['id']}/review", {
        "decision": "pass", "materials_received": [i["code"] for i in case["checklist"] if i["required"]]})
    body = _look(api, case["number"])
    assert body["status"] == "approved" and all(done for _, done in _steps(body))
    assert "已办结" in body["next"]


def test_r_w03_a_cancellation_shows_it_took_effect_on_submission(held, api):
    case = submit(held.client, file_case(held.client, {
        "type": "cancellation", "permit_no": held.permit_no, "left_on": "2026-06-15"})["id"])
    body = _look(api, case["number"])
    assert _steps(body) == [("submitted", True), ("decided", True)]
    assert body["steps"][0]["on"] == body["steps"][1]["on"] == _today_real().isoformat()
    assert body["next"] == "注销已生效，本件已办结，无需再到窗口办理。"


def test_a_unit_info_change_is_found_by_the_units_name(held, api):
    case = submit(held.client, file_case(held.client, {
        "type": "unit_info_change", "changes": {"address": "北京市海淀区中关村大街2号"}})["id"])
    assert _look(api, case["number"], UNIT_NAME)["type"] == "unit_info_change"
    assert _look(api, case["number"], HOLDER, status=404) == {
        "type": "about:blank", "title": "Not found", "status": 404,
        "detail": "No submitted case has that number and that name.", "errors": [], "result": "not_found"}


def test_a_case_on_a_permit_is_found_by_the_holders_name(held, api):
    case = submit(held.client, file_case(held.client, {
        "type": "replacement", "permit_no": held.permit_no, "reason": "lost"})["id"])
    body = _look(api, case["number"])
    assert [s["step"] for s in body["steps"]] == list(ALL)


def test_r_w07_a_supplement_request_says_what_to_do_and_by_when(make_unit, file_new_case, officials, api,
                                                               clock):
    clock(TODAY)
    unit, _ = make_unit("haidian")
    case = file_new_case(unit, until="submitted")
    officials["haidian"].post(f"/applications/{case['id']}/review", {
        "decision": "request_supplement", "missing": ["NEW-05"], "note": "租赁合同复印件不清晰，张伟请重交"})
    body = _look(api, case["number"])
    assert body["status"] == "supplement_requested"
    assert _steps(body)[:2] == [("submitted", True), ("district_review", False)]
    # R-B04: three months exactly is still in time, so 15 September is the last day
    assert "2026年9月15日前" in body["next"] and "重新提交" in body["next"]
    assert "租赁合同" not in body["next"]  # the note is the unit's, not the public's


def test_a_rejected_case_tells_whom_to_ask_and_not_why(make_unit, file_new_case, officials, api, clock):
    clock(TODAY)
    unit, _ = make_unit("haidian")
    case = file_new_case(unit, until="submitted")
    officials["haidian"].post(f"/applications/{case['id']}/review",
                              {"decision": "reject", "note": "张伟的社保记录不连续"})
    body = _look(api, case["number"])
    assert body["status"] == "rejected"
    assert _steps(body) == [("submitted", True), ("district_review", True), ("decided", True)]
    assert "未获通过" in body["next"] and "62615183" in body["next"] and "社保" not in body["next"]


def test_a_withdrawn_case_ends_decided(make_unit, file_new_case, api, clock):
    clock(TODAY)
    unit, _ = make_unit("haidian")
    case = file_new_case(unit, until="submitted")
    unit.post(f"/applications/{case['id']}/withdraw")
    body = _look(api, case["number"])
    assert body["status"] == "withdrawn" and _steps(body) == [("submitted", True), ("decided", True)]
    assert "撤回" in body["next"]


# No oracle -----------------------------------------------------------------------------------------


def test_a_wrong_name_answers_exactly_like_an_unknown_number_and_a_draft(make_unit, file_new_case, api,
                                                                         clock):
    clock(TODAY)
    unit, _ = make_unit("haidian")
    submitted = file_new_case(unit, until="submitted")
    draft = file_new_case(unit, until="draft")
    wrong_name = api.get("/progress", number=submitted["number"], name="张三")
    unknown = api.get("/progress", number="XB2026061599999", name=HOLDER)
    of_a_draft = api.get("/progress", number=draft["number"], name=HOLDER)
    masked = api.get("/progress", number=submitted["number"], name="张*")
    answers = {(r.status_code, r.content, r["Content-Type"])
               for r in (wrong_name, unknown, of_a_draft, masked)}
    assert len(answers) == 1
    assert wrong_name.status_code == 404 and wrong_name.json()["result"] == "not_found"


def test_a_draft_withdrawn_before_submission_is_not_found(make_unit, file_new_case, api, clock):
    clock(TODAY)
    unit, _ = make_unit("haidian")
    draft = file_new_case(unit, until="draft")
    unit.post(f"/applications/{draft['id']}/withdraw")
    assert _look(api, draft["number"], status=404) == _look(api, "XB0", status=404)


def test_the_number_and_the_name_are_read_as_people_type_them(held, api):
    number = held.case["number"]
    full_width = number.translate({ord(c): ord(c) + 0xFEE0 for c in number})
    for typed in (number.lower(), f"  {number} ", full_width):
        assert _look(api, typed)["number"] == number
    assert _look(api, held.case["number"], "张 伟\u3000")["number"] == number


@pytest.mark.parametrize("params", [{"number": "XB1"}, {"name": HOLDER}, {"number": "", "name": HOLDER},
                                    {"number": "XB1", "name": "x" * 201}])
def test_a_missing_or_overlong_field_is_a_400(api, params):
    response = api.client.get("/api/v1/progress", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


# Nothing personal --------------------------------------------------------------------------------


def test_r_s01_the_answer_carries_only_the_listed_fields(held, api):
    """api.md's fields and nothing more: no name (not even masked), no ID number, no note, no unit."""
    body = _look(api, held.case["number"])
    assert set(body) == {"number", "type", "status", "steps", "next"}
    assert all(set(s) == {"step", "done", "on"} for s in body["steps"])
    text = str(body)
    assert HOLDER not in text and "张*" not in text and UNIT_NAME not in text
    person = Case.objects.get(number=held.case["number"]).data["person"]
    assert person["id_number"] not in text and person["id_number"][-4:] not in text


def test_a_public_lookup_writes_no_audit_row_as_verify(held, api):
    """security.md 7 audits full views of personal data; the progress shows none (as /verify)."""
    from audit.models import AuditEvent

    before = AuditEvent.objects.count()
    _look(api, held.case["number"])
    assert AuditEvent.objects.count() == before


def test_next_is_in_chinese_whatever_the_clients_language(held, api):
    english = api.client.get("/api/v1/progress", {"number": held.case["number"], "name": HOLDER},
                             HTTP_ACCEPT_LANGUAGE="en")
    assert "可以领证" in english.json()["next"]


# Rate limit ----------------------------------------------------------------------------------------


def test_progress_is_rate_limited_per_address_like_verify(held, api, settings):
    settings.RATELIMIT_VERIFY = "3/m"
    for _ in range(3):
        assert api.get("/progress", number="XB1", name="张三").status_code == 404
    limited = api.get("/progress", number=held.case["number"], name=HOLDER)
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/problem+json"
    other = api.client.get("/api/v1/progress", {"number": held.case["number"], "name": HOLDER},
                           REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200  # another address has its own budget


def test_progress_has_its_own_budget_beside_verify(held, api, settings):
    settings.RATELIMIT_VERIFY = "1/m"
    assert api.get("/verify", permit_no=held.permit_no, name=HOLDER).status_code == 200
    assert api.get("/progress", number=held.case["number"], name=HOLDER).status_code == 200
    assert api.get("/verify", permit_no=held.permit_no, name=HOLDER).status_code == 429
