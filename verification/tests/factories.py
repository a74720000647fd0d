"""Permits for verification tests, built with the ORM until the permit services exist."""

import datetime as dt
import itertools

from dateutil.relativedelta import relativedelta

from inspections.models import InspectionSource, PersonInspection
from people.models import Person
from permits.models import Freeze, Permit
from reference.models import EntityType
from units.models import Unit, UnitStatus

_seq = itertools.count(1)


def make_unit(name: str = "北京星河科技有限公司") -> Unit:
    n = next(_seq)
    return Unit.objects.create(
        name=name,
        uscc=f"91110000MA{n:08d}",
        entity_type=EntityType.ENTERPRISE,
        district_id="haidian",
        address="海淀区中关村大街1号",
        main_business="软件开发",
        last_year_tax_cny=1_000_000,
        employee_count=50,
        planned_permit_count=5,
        legal_representative="王五",
        operator_name="赵六",
        operator_id_number="110101199001011234",
        operator_id_index=f"op-{n}",
        operator_phone="13800000000",
        status=UnitStatus.ACTIVE,
    )


def make_permit(
    holder_name: str = "张三丰",
    expiry: dt.date = dt.date(2026, 12, 31),
    *,
    inspected: bool = True,
    **extra: object,
) -> Permit:
    """A permit issued on 1 January 2025; `inspected`: with a person inspection for every year it
    runs (else it reads `frozen` from 2 May 2025 on, R-I03); `frozen_at`: stamped frozen then, as the
    daily job leaves it (`stamp_frozen`)."""
    n = next(_seq)
    person = Person.objects.create(
        name=holder_name,
        id_number="110101198501011234",
        id_index=f"idx-{n}",
        sex="M",
        birth_date=dt.date(1985, 1, 1),
    )
    fields: dict[str, object] = {
        "permit_no": f"BJ2026{n:06d}",
        "holder": person,
        "unit": make_unit(),
        "issue_date": dt.date(2025, 1, 1),
        "period_start": dt.date(2025, 1, 1),
        "first_issued_on": dt.date(2025, 1, 1),
        "expiry_date": expiry,
        "lapses_on": expiry + relativedelta(months=1),
    }
    fields.update(extra)
    frozen_at = fields.pop("frozen_at", None)
    permit = Permit.objects.create(**fields)
    if frozen_at is not None:
        stamp_frozen(permit.permit_no, frozen_at)  # type: ignore[arg-type]
    if inspected:
        PersonInspection.objects.bulk_create(
            PersonInspection(permit=permit, year=year, source=InspectionSource.UNIT)
            for year in range(permit.issue_date.year, permit.expiry_date.year + 2)
        )
    return permit


def stamp_frozen(permit_no: str, at: dt.datetime | str | None) -> None:
    """R-I03's stamp (permits.Freeze) on the permit at `at`, as the 2 May job leaves it; None takes it
    off, as the district's unfreezing does."""
    permit = Permit.objects.get(permit_no=permit_no)
    Freeze.objects.filter(permit=permit).delete()
    if at is not None:
        Freeze.of(permit, at).save(force_insert=True)
