"""City-scale rows for the benchmarks (bench/*_benchmark.py), made set-based: model instances are
built a batch at a time and written with one bulk INSERT per batch, so that a million permits never
sit in memory at once and nothing goes through the services row by row. Numbers continue after the
rows already there, so a scratch database can be filled twice. Import after `django.setup()`."""

import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model, OuterRef, Subquery

from accounts.models import User
from cases.models import OPEN_STATUSES, Case, CaseEvent, CaseType
from core import crypto
from core.dates import add_months
from inspections.models import PersonInspection, UnitInspection
from ops.demo import make_id_number, make_uscc
from people.models import Person
from permits.models import Permit
from reference.models import District
from units.models import Unit, UnitStatus

BATCH = 5000
M = TypeVar("M", bound=Model)


def _insert(model: type[M], rows: Iterable[M]) -> list[int]:
    """Bulk-insert `rows` a batch at a time; the new primary keys in order."""
    ids: list[int] = []
    it = iter(rows)
    while batch := list(itertools.islice(it, BATCH)):
        ids.extend(obj.pk for obj in model._default_manager.bulk_create(batch, batch_size=BATCH))
    return ids


def district_codes() -> list[str]:
    return list(District.objects.order_by("code").values_list("code", flat=True))


# The columns every generated unit shares.
UNIT_COLUMNS: dict[str, Any] = {
    "entity_type": "enterprise", "address": "北京市", "main_business": "软件", "last_year_tax_cny": 1,
    "employee_count": 10, "planned_permit_count": 5, "legal_representative": "王", "operator_name": "李",
    "operator_id_number": "110105198803010012", "operator_phone": "13800000000", "status": UnitStatus.ACTIVE,
}


def make_units(count: int, *, verified_at: dt.datetime) -> list[int]:
    """Active enterprises spread round-robin over every district."""
    districts, base = district_codes(), Unit.objects.count()
    return _insert(
        Unit,
        (
            Unit(name=f"基准单位{base + i}", uscc=make_uscc(f"9111{base + i:013d}"),
                 district_id=districts[i % len(districts)], operator_id_index=f"bench{base + i}",
                 verified_at=verified_at, **UNIT_COLUMNS)
            for i in range(count)
        ),
    )


def _person(n: int) -> Person:
    birth, region = dt.date(1980 + n % 20, 1 + n % 12, 1 + n % 28), f"{110000 + n // 500 % 900000:06d}"
    number = make_id_number(birth, "M", seq=n % 500, region=region)
    return Person(
        name=f"持证人{n}", id_number=number, id_index=crypto.blind_index(number), sex="M",
        birth_date=dt.date(1985, 1, 1),
    )


def make_people(count: int) -> list[int]:
    """Holders with distinct, valid ID numbers (encrypted, with their blind index)."""
    first = Person.objects.count()
    return _insert(Person, (_person(first + i) for i in range(count)))


def permit_dates(expiry: dt.date, issued_by: dt.date | None = None) -> dict[str, dt.date]:
    """The date columns of a permit expiring on `expiry`: a 3-year period, issued no later than
    `issued_by` when given, and the lapse date one month after the expiry (R-V02)."""
    start = expiry.replace(year=expiry.year - 3) if (expiry.month, expiry.day) != (2, 29) else expiry
    if issued_by is not None:
        start = min(start, issued_by)
    return {
        "issue_date": start, "first_issued_on": start, "period_start": start,
        "expiry_date": expiry, "lapses_on": add_months(expiry, 1),
    }


def make_permits(
    holder_ids: list[int], unit_ids: list[int], shape: Callable[[int], dict[str, Any]]
) -> list[int]:
    """One permit per holder, the i-th held by unit i mod len(unit_ids); `shape(i)` gives its
    dates (`permit_dates`) and any other column (frozen_at, cancelled_at …)."""
    first = Permit.objects.count()
    return _insert(
        Permit,
        (
            Permit(permit_no=f"BM{first + i:011d}", holder_id=holder, unit_id=unit_ids[i % len(unit_ids)],
                   **shape(i))
            for i, holder in enumerate(holder_ids)
        ),
    )


def make_inspections(permit_ids: Iterable[int], unit_ids: Iterable[int], year: int) -> None:
    """This year's inspection recorded for the permits and units given."""
    _insert(PersonInspection, (PersonInspection(permit_id=pk, year=year, source="unit") for pk in permit_ids))
    _insert(UnitInspection, (UnitInspection(unit_id=pk, year=year, source="unit") for pk in unit_ids))


def make_cases(rows: Iterable[dict[str, Any]], operator: User) -> int:
    """Cases from column dicts (number, type, status, unit_id, permit_id, data, submitted_on …),
    created by `operator`, each with its history as lists show it: created, then submitted when it
    was. Returns how many were made."""
    made, it = 0, iter(rows)
    while batch := [Case(created_by=operator, **row) for row in itertools.islice(it, BATCH)]:
        Case.objects.bulk_create(batch, batch_size=BATCH)
        events = []
        for case in batch:
            events.append(CaseEvent(case=case, at=case.created_at, actor=operator, actor_role="unit",
                                    action="create", to_status="draft"))
            if case.submitted_at is not None:
                events.append(CaseEvent(case=case, at=case.submitted_at, actor=operator, actor_role="unit",
                                        action="submit", from_status="draft", to_status="submitted"))
        CaseEvent.objects.bulk_create(events, batch_size=BATCH)
        made += len(batch)
    mark_open_renewals()
    return made


def mark_open_renewals() -> None:
    """R-V02's mark on the permits (`renewal_submitted_on`), as cases.history.mark_renewal keeps it,
    for the cases made here in bulk: one UPDATE."""
    first = (
        Case.objects.filter(permit=OuterRef("pk"), type=CaseType.RENEWAL, status__in=OPEN_STATUSES,
                            submitted_on__isnull=False)
        .order_by("submitted_on").values("submitted_on")[:1]
    )
    renewed = Case.objects.filter(type=CaseType.RENEWAL, status__in=OPEN_STATUSES, submitted_on__isnull=False)
    Permit.objects.filter(pk__in=renewed.values("permit_id")).update(renewal_submitted_on=Subquery(first))


def analyze() -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would give a live database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
