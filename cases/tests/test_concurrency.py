"""Security decision 11: two reviewers deciding the same case at the same moment give exactly one
decision and one 409. Row locks need a real database server, so this runs on PostgreSQL (CI)."""

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
from core.errors import Conflict

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


@pytest.mark.django_db(transaction=True)
def test_r_w05_two_creates_at_once_give_one_case_and_one_409(make_unit, clock):
    """The R-W05 count and the insert run under the unit's row lock: two concurrent creates of one
    unit's unit-information change cannot both find no open case."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are a no-op on SQLite; CI runs this on PostgreSQL")
    from cases.models import Case, CaseType

    clock(TODAY)
    _, unit_id = make_unit("haidian")
    user = User.objects.get(unit_id=unit_id)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def create() -> None:
        try:
            barrier.wait()
            services.case_create(
                Actor(user, user.role), "unit_info_change", {"changes": {"legal_representative": "赵新"}}
            )
            outcomes.append("ok")
        except Conflict:
            outcomes.append("409")
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["409", "ok"]
    assert Case.objects.filter(unit_id=unit_id, type=CaseType.UNIT_INFO_CHANGE).count() == 1
