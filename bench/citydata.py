"""City-scale rows for the benchmarks (bench/*_benchmark.py and the concurrency drill), written with
PostgreSQL's COPY a batch at a time, so that a million permits never sit in memory at once and nothing
goes through the services row by row. Each table gets its rows as plain column values: the columns every
row shares are computed once from a model instance (its defaults included, and an encrypted field
encrypted as the model stores it), the columns that vary are prepared per row by their model field
(`get_db_prep_save`: an encrypted ID number is encrypted row by row). Primary keys are drawn from the
table's sequence before the COPY, so the new rows' ids are known without reading them back. Numbers
continue after the rows already there, so a scratch database can be filled twice.
Import after `django.setup()`; PostgreSQL only."""

import datetime as dt
import functools
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    Field,
    ForeignKey,
    IntegerField,
    Model,
    OuterRef,
    PositiveIntegerField,
    PositiveSmallIntegerField,
    Subquery,
)
from psycopg.types.json import Jsonb

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

BATCH = 50_000  # rows a COPY, their ids drawn in one query
CHUNK = 2_000  # rows sent at a time
Row = dict[str, Any]


def _text(value: Any) -> str:
    """A prepared column value in COPY's text format."""
    kind = type(value)
    if kind is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if kind is int:
        return str(value)
    if kind is dt.date or kind is dt.datetime:
        return value.isoformat()
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is Jsonb:
        return _text((value.dumps or json.dumps)(value.obj))
    return _text(str(value))


# Fields whose Python value is written as it is (their preparation only checks or converts the type);
# every other field (encrypted, JSON …) prepares each value through the field.
PLAIN = (CharField, IntegerField, PositiveIntegerField, PositiveSmallIntegerField, BigIntegerField,
         DateField, DateTimeField, ForeignKey, BooleanField)


def _copy(model: type[Model], rows: Iterable[Row], constant: Row | None = None) -> list[int]:
    """COPY `rows` into `model`'s table, a batch at a time; the new primary keys in order. A row gives
    the columns that vary (by field name or attname); every other column takes its value from one
    instance `model(**constant)`, defaults included, prepared once. Making a row must not query the
    database (the connection is busy copying).

    Rows are made and sent a chunk at a time while the COPY is open, so PostgreSQL stores a chunk while
    the next is made. Foreign keys
    are not checked row by row (`session_replication_role = replica` while copying: no triggers): every
    id written here was drawn from the table it refers to, or read from it."""
    db = connections[DEFAULT_DB_ALIAS]
    fields: list[Field[Any, Any]] = [f for f in model._meta.concrete_fields if not f.primary_key]
    template = model(**(constant or {}))
    shared = {f.attname: _text(f.get_db_prep_save(f.pre_save(template, True), db)) for f in fields}
    prepare = {key: (f.attname, None if type(f) in PLAIN else f.get_db_prep_save)
               for f in fields for key in (f.name, f.attname)}
    table = db.ops.quote_name(model._meta.db_table)
    pk = next(f.column for f in model._meta.concrete_fields if f.primary_key)
    columns = ", ".join(db.ops.quote_name(c) for c in [pk, *(f.column for f in fields)])
    ids: list[int] = []
    it = iter(rows)
    with db.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, pk])
        (sequence,) = cursor.fetchone()
        cursor.execute("SET session_replication_role = replica")
        try:
            while chunk := list(itertools.islice(it, CHUNK)):
                # Ids for a whole batch (for fewer rows when the first chunk is all): the rows are
                # made while the COPY is open; ids a batch leaves unused are a gap in the sequence.
                size = BATCH if len(chunk) == CHUNK else len(chunk)
                cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, size])
                keys = [k for (k,) in cursor.fetchall()]
                used = 0
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    while chunk:
                        lines = []
                        for key, row in zip(keys[used:used + len(chunk)], chunk, strict=True):
                            values = shared.copy()
                            for name, value in row.items():
                                attname, prep = prepare[name]
                                values[attname] = _text(value if prep is None else prep(value, db))
                            lines.append(f"{key}\t" + "\t".join(values.values()) + "\n")
                        copy.write("".join(lines))
                        used += len(chunk)
                        chunk = list(itertools.islice(it, min(CHUNK, size - used)))
                ids.extend(keys[:used])
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
    return ids


def district_codes() -> list[str]:
    return list(District.objects.order_by("code").values_list("code", flat=True))


# The columns every generated unit shares.
UNIT_COLUMNS: Row = {
    "entity_type": "enterprise", "address": "北京市", "main_business": "软件", "last_year_tax_cny": 1,
    "employee_count": 10, "planned_permit_count": 5, "legal_representative": "王", "operator_name": "李",
    "operator_id_number": "110105198803010012", "operator_phone": "13800000000", "status": UnitStatus.ACTIVE,
}


def make_units(count: int, *, verified_at: dt.datetime) -> list[int]:
    """Active enterprises spread round-robin over every district."""
    districts, base = district_codes(), Unit.objects.count()
    return _copy(
        Unit,
        (
            {"name": f"基准单位{base + i}", "uscc": make_uscc(f"9111{base + i:013d}"),
             "district_id": districts[i % len(districts)], "operator_id_index": f"bench{base + i}"}
            for i in range(count)
        ),
        {**UNIT_COLUMNS, "verified_at": verified_at},
    )


def _person(n: int) -> Row:
    birth, region = dt.date(1980 + n % 20, 1 + n % 12, 1 + n % 28), f"{110000 + n // 500 % 900000:06d}"
    number = make_id_number(birth, "M", seq=n % 500, region=region)
    return {"name": f"持证人{n}", "id_number": number, "id_index": crypto.blind_index(number)}


def make_people(count: int) -> list[int]:
    """Holders with distinct, valid ID numbers (encrypted, with their blind index)."""
    first = Person.objects.count()
    return _copy(Person, (_person(first + i) for i in range(count)),
                 {"sex": "M", "birth_date": dt.date(1985, 1, 1)})


def permit_dates(expiry: dt.date, issued_by: dt.date | None = None) -> dict[str, dt.date]:
    """The date columns of a permit expiring on `expiry`: a 3-year period, issued no later than
    `issued_by` when given, and the lapse date one month after the expiry (R-V02)."""
    return dict(_permit_dates(expiry, issued_by))


@functools.cache
def _permit_dates(expiry: dt.date, issued_by: dt.date | None) -> dict[str, dt.date]:
    start = expiry.replace(year=expiry.year - 3) if (expiry.month, expiry.day) != (2, 29) else expiry
    if issued_by is not None:
        start = min(start, issued_by)
    return {
        "issue_date": start, "first_issued_on": start, "period_start": start,
        "expiry_date": expiry, "lapses_on": add_months(expiry, 1),
    }


def make_permits(
    holder_ids: list[int], unit_ids: list[int], shape: Callable[[int], Row]
) -> list[int]:
    """One permit per holder, the i-th held by unit i mod len(unit_ids); `shape(i)` gives its
    dates (`permit_dates`) and any other column (cancelled_at …)."""
    first = Permit.objects.count()
    return _copy(
        Permit,
        (
            {"permit_no": f"BM{first + i:011d}", "holder_id": holder, "unit_id": unit_ids[i % len(unit_ids)],
             **shape(i)}
            for i, holder in enumerate(holder_ids)
        ),
    )


def make_inspections(permit_ids: Iterable[int], unit_ids: Iterable[int], year: int) -> None:
    """This year's inspection recorded for the permits and units given."""
    constant = {"year": year, "source": "unit"}
    _copy(PersonInspection, ({"permit_id": pk} for pk in permit_ids), constant)
    _copy(UnitInspection, ({"unit_id": pk} for pk in unit_ids), constant)


def make_cases(rows: Iterable[Row], operator: User) -> int:
    """Cases from column dicts (number, type, status, unit_id, permit_id, data, submitted_on …),
    created by `operator`, each with its history as lists show it: created, then submitted when it
    was. Returns how many were made."""
    made, it = 0, iter(rows)
    districts = dict(Unit.objects.values_list("pk", "district_id"))  # each case in its unit's district
    while batch := list(itertools.islice(it, BATCH)):
        for row in batch:
            row.setdefault("district_id", districts[row["unit_id"]])
        ids = _copy(Case, batch, {"created_by": operator})
        _copy(CaseEvent, _events(zip(ids, batch, strict=True)), {"actor": operator, "actor_role": "unit"})
        made += len(batch)
    mark_open_renewals()
    return made


def _events(cases: Iterable[tuple[int, Row]]) -> Iterator[Row]:
    for pk, case in cases:
        yield {"case_id": pk, "at": case["created_at"], "action": "create", "to_status": "draft"}
        if case.get("submitted_at") is not None:
            yield {"case_id": pk, "at": case["submitted_at"], "action": "submit", "from_status": "draft",
                   "to_status": "submitted"}


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
