"""Security decision 11: two reviewers deciding the same case at the same moment give exactly one
decision and one 409; and two submissions that R-W05, R-P08 or R-U04 count against each other (spec
1.1: judged at submission) give one submitted case and one refusal. Row locks need a real database
server, so this runs on PostgreSQL (CI)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from accounts.actor import Actor
from accounts.models import User
from accounts.roles import Role
from accounts.services import official_create
from cases import services
from cases.models import CaseEvent
from core.errors import Conflict, RuleViolation
from ops.demo import new_application, photo

TODAY = dt.date(2026, 6, 15)


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_give_one_decision_and_one_409(make_unit, file_new_case, clock):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are a no-op on SQLite; CI runs this on PostgreSQL")
    clock(TODAY)
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    official_create(
        username="hd_second", password="Official-Pass-2026!", role=Role.DISTRICT_REVIEWER, district="haidian"
    )
    reviewers = [User.objects.get(username="hd_reviewer"), User.objects.get(username="hd_second")]
    codes = [i["code"] for i in case["checklist"]]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user: User, decision: str) -> None:
        try:
            barrier.wait()
            services.case_review(
                Actor(user, user.role),
                case["id"],
                decision=decision,
                materials_received=codes,
                missing=[],
                note="同时审核",
            )
            outcomes.append("ok")
        except Conflict:
            outcomes.append("409")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(reviewers[0], "pass")),
        threading.Thread(target=decide, args=(reviewers[1], "reject")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["409", "ok"]
    decisions = CaseEvent.objects.filter(case_id=case["id"], action__startswith="review.")
    assert decisions.count() == 1


def _submit_at_once(submissions: list[tuple[User, int]]) -> list[str]:
    """Each (user, case id) submitted by its own thread and connection, all released together:
    "ok", "409" (R-W05) or "422 <rules>" per submission, in any order."""
    barrier = threading.Barrier(len(submissions))
    outcomes: list[str] = []

    def submit(user: User, case_id: int) -> None:
        try:
            barrier.wait()
            services.case_submit(Actor(user, user.role), case_id)
            outcomes.append("ok")
        except Conflict as exc:
            outcomes.append("409 " + " ".join(e.rule or "" for e in exc.errors))
        except RuleViolation as exc:
            outcomes.append("422 " + " ".join(e.rule or "" for e in exc.errors))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=pair) for pair in submissions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def _drafts(client, body: dict, count: int) -> list[int]:
    """`count` drafts of one body (a draft blocks nobody, spec 1.1), each with a photo if `new`."""
    ids = []
    for _ in range(count):
        response = client.post("/applications", body)
        assert response.status_code == 201, response.content
        if body["type"] == "new":
            client.upload(f"/applications/{response.json()['id']}/photo", "p.jpg", photo())
        ids.append(response.json()["id"])
    return ids


@pytest.mark.django_db(transaction=True)
def test_r_w05_two_submissions_at_once_give_one_submitted_case_and_one_409(make_unit, clock):
    """The R-W05 count and the submission run under the unit's row lock: two drafts of one unit's
    unit-information change submitted at the same moment cannot both find no submitted case."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are a no-op on SQLite; CI runs this on PostgreSQL")
    from cases.models import Case, CaseType

    clock(TODAY)
    client, unit_id = make_unit("haidian")
    user = User.objects.get(unit_id=unit_id)
    body = {"type": "unit_info_change", "changes": {"legal_representative": "赵新"}}
    ids = _drafts(client, body, 2)
    assert _submit_at_once([(user, i) for i in ids]) == ["409 R-W05", "ok"]
    cases = Case.objects.filter(unit_id=unit_id, type=CaseType.UNIT_INFO_CHANGE)
    assert sorted(cases.values_list("status", flat=True)) == ["draft", "submitted"]


@pytest.mark.django_db(transaction=True)
def test_r_p08_two_units_submitting_one_person_at_once_give_one_submitted_case_and_one_422(make_unit, clock):
    """Two employers' drafts for one person (another unit's draft never blocks), submitted at the same
    moment: the applicant's advisory lock lets one through and refuses the other (R-P08)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are a no-op on SQLite; CI runs this on PostgreSQL")
    from cases.models import Case

    clock(TODAY)
    data = new_application(TODAY)
    units = [make_unit(district) for district in ("haidian", "chaoyang")]
    pairs = [(User.objects.get(unit_id=unit_id), _drafts(client, {"type": "new", **data}, 1)[0])
             for client, unit_id in units]
    assert _submit_at_once(pairs) == ["422 R-P08", "ok"]
    assert sorted(Case.objects.values_list("status", flat=True)) == ["draft", "submitted"]


@pytest.mark.django_db(transaction=True)
def test_r_u04_a_branchs_fifth_and_sixth_submitted_at_once_give_one_422(make_unit, file_new_case, clock):
    """A branch holding 4: two drafts submitted at the same moment cannot both be the 5th (R-U04,
    under the unit's row lock)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are a no-op on SQLite; CI runs this on PostgreSQL")
    from cases.models import Case, CaseStatus

    clock(TODAY)
    client, unit_id = make_unit("haidian", entity_type="branch")
    for _ in range(4):
        file_new_case(client, until="submitted")
    user = User.objects.get(unit_id=unit_id)
    ids = [_drafts(client, {"type": "new", **new_application(TODAY)}, 1)[0] for _ in range(2)]
    assert _submit_at_once([(user, i) for i in ids]) == ["422 R-U04", "ok"]
    assert Case.objects.filter(unit_id=unit_id, status=CaseStatus.SUBMITTED).count() == 5


@pytest.mark.django_db(transaction=True)
def test_a_case_created_while_its_unit_moves_is_created_in_the_new_district(make_unit, clock, monkeypatch):
    """cases.districts: a unit's move locks its cases before the unit, and a case created meanwhile (a
    row no lock could hold yet) waits for the move and takes the new district, not the old one."""
    if connection.vendor != "postgresql":
        pytest.skip("advisory and row locks are PostgreSQL's; CI runs this on PostgreSQL")
    from cases import districts
    from cases.models import Case
    from cases.tests.support import file_case, submit

    clock(TODAY)
    client, unit_id = make_unit("haidian")
    move = submit(client, file_case(
        client, {"type": "unit_info_change", "changes": {"district": "chaoyang", "address": "朝阳区1号"}}
    )["id"])
    reviewer, operator = User.objects.get(username="hd_reviewer"), User.objects.get(unit_id=unit_id)
    moved, made = threading.Event(), []
    real = districts.unit_apply_changes

    def slow_move(*args, **kwargs):  # the unit moved, not yet committed: a creation starts now
        unit = real(*args, **kwargs)
        moved.set()
        threading.Event().wait(0.5)
        return unit

    monkeypatch.setattr(districts, "unit_apply_changes", slow_move)

    def review() -> None:
        try:
            codes = [i["code"] for i in move["checklist"]]
            services.case_review(Actor(reviewer, reviewer.role), move["id"], decision="pass",
                                 materials_received=codes, missing=[], note="")
        finally:
            moved.set()
            connection.close()

    def create() -> None:
        try:
            moved.wait(10)
            case = services.case_create(Actor(operator, operator.role), "new", new_application(TODAY))
            made.append(case.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=review), threading.Thread(target=create)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Case.objects.get(pk=move["id"]).status == "approved"
    assert Case.objects.get(pk=made[0]).district_id == "chaoyang"
    assert set(Case.objects.filter(unit_id=unit_id).values_list("district_id", flat=True)) == {"chaoyang"}
