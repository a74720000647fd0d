"""Filtering permits by status (`in_status`, the indexed spelling used by lists) picks exactly the
permits whose computed `status_now` is that status, on any day: every precedence case of
lifecycle.md, renewals that do or do not keep an expired permit alive, stamped and unstamped freezes,
a permit not valid on 1 May (R-I03)."""

import datetime as dt

import pytest

from accounts.models import User
from accounts.roles import Role
from cases.history import mark_renewal
from cases.models import Case, CaseStatus, CaseType
from inspections.conditions import r_i03_stamped
from inspections.models import InspectionSource, PersonInspection
from permits.models import Permit, PermitStatus
from permits.selectors import frozen_permits_for
from rules.inspection import enforced_year
from units.sweep import freeze_permits
from verification.tests.factories import make_permit, stamp_frozen

pytestmark = pytest.mark.django_db

STAMPED = dt.datetime(2026, 5, 2, tzinfo=dt.UTC)


def _renewal(permit: Permit, submitted_on: dt.date, status: str = CaseStatus.SUBMITTED) -> None:
    operator = User.objects.create_user(f"op{permit.pk}", role=Role.UNIT, unit=permit.unit)
    Case.objects.create(number=f"XQ{permit.pk:014d}", type=CaseType.RENEWAL, status=status, unit=permit.unit,
                        district_id=permit.unit.district_id, permit=permit, created_by=operator,
                        submitted_on=submitted_on)
    mark_renewal(permit.pk)  # as every renewal's change of status does (cases.history)


@pytest.fixture
def permits() -> dict[str, Permit]:
    made = {
        "valid": make_permit(expiry=dt.date(2028, 12, 31)),
        "frozen stamped": make_permit(expiry=dt.date(2028, 12, 31), frozen_at=STAMPED),
        "inspection missed": make_permit(expiry=dt.date(2028, 12, 31), inspected=False),
        # renewed after 1 May 2027 from an April expiry (R-I03): not frozen for 2027, frozen for 2026, 2028
        "not valid on 1 May 2027": make_permit(expiry=dt.date(2030, 4, 1), inspected=False,
                                               not_valid_on_1_may=2027),
        "expires in June": make_permit(expiry=dt.date(2027, 6, 1)),
        "expired in April": make_permit(expiry=dt.date(2027, 4, 1)),
        "renewal in time": make_permit(expiry=dt.date(2027, 4, 1)),
        "renewal too late": make_permit(expiry=dt.date(2027, 4, 1)),
        "renewal refused": make_permit(expiry=dt.date(2027, 4, 1)),
        "frozen, renewal in time": make_permit(expiry=dt.date(2027, 4, 1), frozen_at=STAMPED),
        "frozen and expired in April": make_permit(expiry=dt.date(2027, 4, 1), frozen_at=STAMPED),
        "cancelled": make_permit(expiry=dt.date(2028, 12, 31), cancelled_at=STAMPED),
        "cancelled, frozen and lapsed": make_permit(
            expiry=dt.date(2026, 1, 31), frozen_at=STAMPED, cancelled_at=STAMPED
        ),
    }
    _renewal(made["renewal in time"], dt.date(2027, 4, 20))
    _renewal(made["renewal too late"], dt.date(2027, 5, 2))
    _renewal(made["renewal refused"], dt.date(2027, 4, 20), CaseStatus.REJECTED)
    _renewal(made["frozen, renewal in time"], dt.date(2027, 3, 1))
    return made


@pytest.mark.parametrize(
    "today",
    ["2026-06-15", "2027-03-01", "2027-04-02", "2027-05-01", "2027-05-02", "2027-06-15", "2027-07-02",
     "2029-02-01"],
)
def test_in_status_finds_exactly_the_permits_of_that_status(permits, today):
    day = dt.date.fromisoformat(today)
    computed = dict(Permit.objects.annotate_status(day).values_list("pk", "status_now"))
    assert _in_status(day) == computed


def _in_status(day: dt.date) -> dict[int, str]:
    """Each permit's status as `in_status` finds it, asserting that it finds each in one status only."""
    found: dict[int, str] = {}
    for status in PermitStatus.values:
        for pk in Permit.objects.in_status(status, day).values_list("pk", flat=True):
            assert pk not in found, f"permit {pk} has two statuses on {day}"
            found[pk] = status
    return found


@pytest.mark.parametrize(
    "today",
    ["2026-06-15", "2027-03-01", "2027-04-02", "2027-05-01", "2027-05-02", "2027-06-15", "2027-07-02",
     "2029-02-01"],
)
def test_r_i03_once_the_years_freezing_completed_the_stamp_alone_gives_the_same_statuses(
    permits, today, clock
):
    """Before the daily job's freezing of the year enforced on `today`, "frozen" is the stamp or R-I03's
    condition; once it completed (inspections.conditions.r_i03_stamped), the stamp alone, and the filter
    no longer asks for inspections. Every spelling answers the same for every permit on both sides, and
    the frozen list's count (`frozen_permits_for`, from the stamps' copies of their permits' columns
    once the freezing completed) counts what the frozen filter finds."""
    city = User.objects.create_user("city", role=Role.CITY_APPROVER)
    day = dt.date.fromisoformat(today)
    clock(day)
    before = dict(Permit.objects.annotate_status(day).values_list("pk", "status_now"))
    assert "inspections_personinspection" in str(Permit.objects.in_status(PermitStatus.FROZEN, day).query)
    assert _in_status(day) == before
    frozen = sum(status == PermitStatus.FROZEN for status in before.values())
    assert frozen_permits_for(city, day)[1] == frozen
    freeze_permits(day)
    assert r_i03_stamped(enforced_year(day))
    assert "inspections_personinspection" not in str(Permit.objects.in_status(PermitStatus.FROZEN, day).query)
    assert dict(Permit.objects.annotate_status(day).values_list("pk", "status_now")) == before
    assert _in_status(day) == before
    assert {p.pk: p.status_now for p in Permit.objects.with_status(day)} == before
    assert frozen_permits_for(city, day)[1] == frozen


def test_r_i03_an_earlier_years_completion_is_not_read_once_the_clock_enforces_a_later_year(permits, clock):
    """The stamp alone is R-I03's answer only for the year the clock enforces: an unfreezing in 2027
    records 2027's inspection and clears the stamp of a permit that missed 2026's, so a read as of a
    2026 date must still see 2026's condition."""
    clock("2026-06-15")
    freeze_permits(dt.date(2026, 6, 15))
    missed = Permit.objects.get(pk=permits["inspection missed"].pk)
    assert missed.frozen_at is not None
    clock("2027-06-15")
    stamp_frozen(missed.permit_no, None)  # as the district's unfreezing of 2027 leaves it (permits.services)
    missed.refresh_from_db()
    PersonInspection.objects.create(permit=missed, year=2027, source=InspectionSource.DISTRICT_UNFREEZE)
    day = dt.date(2026, 6, 15)
    assert not r_i03_stamped(2026)
    assert missed.pk in Permit.objects.in_status(PermitStatus.FROZEN, day).values_list("pk", flat=True)
    assert missed.status_on(day) == PermitStatus.FROZEN
    assert missed.status_on(dt.date(2027, 6, 15)) == PermitStatus.VALID


def test_the_fixture_covers_every_status(permits):
    """So that the comparison above is not vacuous: on 15 June 2027 all five statuses occur."""
    statuses = dict(Permit.objects.annotate_status(dt.date(2027, 6, 15)).values_list("pk", "status_now"))
    named = {name: statuses[p.pk] for name, p in permits.items()}
    assert named["valid"] == PermitStatus.VALID
    assert named["inspection missed"] == PermitStatus.FROZEN
    assert named["not valid on 1 May 2027"] == PermitStatus.VALID
    assert named["expires in June"] == PermitStatus.EXPIRED
    assert named["renewal in time"] == PermitStatus.EXPIRED
    assert named["renewal too late"] == PermitStatus.LAPSED
    assert named["frozen, renewal in time"] == PermitStatus.FROZEN
    assert named["frozen and expired in April"] == PermitStatus.LAPSED
    assert named["cancelled, frozen and lapsed"] == PermitStatus.CANCELLED


def test_a_district_reviewer_lists_the_frozen_permits_of_the_district(permits, officials, clock):
    clock("2027-06-15")
    listed = officials["haidian"].get("/permits", status="frozen").json()["items"]
    frozen = {"frozen stamped", "inspection missed", "frozen, renewal in time"}
    assert {p["permit_no"] for p in listed} == {permits[name].permit_no for name in frozen}
    assert {p["status"] for p in listed} == {"frozen"}
    assert officials["chaoyang"].get("/permits", status="frozen").json()["items"] == []


@pytest.mark.parametrize(
    "today",
    ["2026-06-15", "2027-03-01", "2027-04-02", "2027-05-01", "2027-05-02", "2027-06-15", "2027-07-02",
     "2029-02-01"],
)
def test_one_permits_status_read_from_its_row_is_the_status_sql_computes(
    permits, today, django_assert_max_num_queries
):
    """`Permit.status_on` (rules.validity.permit_status, what verification and a permit's page read)
    answers what `annotate_status` computes for every permit of the fixture on every day, with the
    inspections prefetched (lists) and without (at most one look-up), the R-I03 stamp read with the row
    (`with_freeze`)."""
    day = dt.date.fromisoformat(today)
    computed = dict(Permit.objects.annotate_status(day).values_list("pk", "status_now"))
    read = Permit.objects.with_freeze()
    assert {p.pk: p.status_on(day) for p in read.prefetch_related("inspections")} == computed
    for permit in read:
        with django_assert_max_num_queries(1):
            assert permit.status_on(day) == computed[permit.pk]
