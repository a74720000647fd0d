"""Date-driven steps of the daily job (ops.sweep) owned by this app: freezing on 2 May for a
missed annual inspection (R-I02 units, R-I03 permits). Both are set-based and idempotent, and
catch up by date: on any day they freeze the misses of `rules.inspection.enforced_year(today)`.
Each commits a batch at a time (core.sweep.in_batches), so a unit filing meanwhile waits for one
batch at most, never for the whole job (issue 9)."""

import datetime as dt

from django.db import connection
from django.db.models import DateTimeField, F, Value
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import ApiToken, User
from audit.services import audit_record
from core import clock
from core.sweep import committed, in_batches, step
from inspections.conditions import r_i02_units_to_freeze, r_i03_permits_to_freeze, r_i03_stamped
from inspections.models import PermitFreezeCompleted
from permits.models import Freeze, Permit
from rules.inspection import enforced_year
from rules.states import UnitStatus
from units.models import Unit
from units.signals import send_frozen

# Rows a batch locks (core.sweep.in_batches): a filing by one of these units waits at most one batch.
UNIT_BATCH = 500
PERMIT_BATCH = 5000


@step("inspections.freeze_units", commits_itself=True)
def freeze_units(today: dt.date) -> int:
    """R-I02: freeze the units, a batch at a time; their operators' sessions and tokens end at once
    (security decision 4): one UPDATE of the auth generation, one revoking the tokens; each batch's
    units are told in its transaction (units.signals.units_frozen: one notice insert per batch)."""
    year = enforced_year(today)
    ids = list(r_i02_units_to_freeze(Unit.objects.all(), year).order_by("pk").values_list("pk", flat=True))
    return in_batches(ids, UNIT_BATCH, lambda batch: _freeze_units(batch, year, today))


def _freeze_units(batch: list[int], year: int, today: dt.date) -> int:
    missed = r_i02_units_to_freeze(Unit.objects.filter(pk__in=batch), year)
    ids = list(missed.select_for_update(no_key=True).values_list("pk", flat=True))
    if not ids:
        return 0
    now = timezone.now()
    Unit.objects.filter(pk__in=ids).update(status=UnitStatus.FROZEN)
    User.objects.filter(unit_id__in=ids).update(auth_generation=F("auth_generation") + 1)
    ApiToken.objects.filter(user__unit_id__in=ids, revoked_at__isnull=True).update(revoked_at=now)
    audit_record(
        Actor.system(),
        "inspection.units_frozen",
        object_type="sweep",
        object_id=f"R-I02 {year}",
        after={"year": year, "count": len(ids), "unit_ids": ids},
    )
    send_frozen(ids, year=year, on=today)  # one signal per batch: the notices unit_frozen, one insert
    return len(ids)


@step("inspections.freeze_permits", commits_itself=True)
def freeze_permits(today: dt.date) -> int:
    """R-I03: stamp the permits (`permits.Freeze`), a batch at a time; each batch's audit row names them.
    Then, in a last transaction, record that the year's freezing completed (`PermitFreezeCompleted`):
    from then on the stamp alone answers the rule (inspections.conditions.r_i03_stamped), and a
    rerun has nothing to select — it skips the anti-join of every unstamped permit with the year's
    inspections."""
    year = enforced_year(today)
    if r_i03_stamped(year):
        return 0
    missed = r_i03_permits_to_freeze(Permit.objects.all(), year)
    ids = list(missed.order_by("pk").values_list("pk", flat=True))
    count = in_batches(ids, PERMIT_BATCH, lambda batch: _freeze_permits(batch, year))
    if year == enforced_year(clock.today()):  # a run as of another day than the clock's proves nothing
        committed(lambda: PermitFreezeCompleted.objects.get_or_create(year=year))
    return count


def _freeze_permits(batch: list[int], year: int) -> int:
    """The batch as the range of ids it spans (its ids are in order): the rule re-checked there, so a
    permit missed since the selection is stamped too; no list of 5,000 parameters to send and parse.
    One INSERT … SELECT: the stamps are written from the rows the database selects (and locks, as an
    UPDATE of them would: a change of one of them meanwhile is waited for and re-checked), never
    carried through Python; a permit stamped meanwhile by the employer change that brought it back
    (permits.services.r_i03_stamp_if_missed) keeps that stamp."""
    now = timezone.now()
    span = Permit.objects.filter(pk__range=(batch[0], batch[-1]))
    missed = (
        r_i03_permits_to_freeze(span, year)
        .select_for_update(no_key=True, of=("self",))
        .annotate(stamp=Value(now, output_field=DateTimeField()))
        .values_list("pk", *Freeze.COPIED, "stamp")
        .order_by()
    )
    select, params = missed.query.sql_with_params()
    table = connection.ops.quote_name(Freeze._meta.db_table)
    names = ("permit_id", *Freeze.COPIED, "frozen_at")
    columns = ", ".join(connection.ops.quote_name(name) for name in names)
    insert = f"INSERT INTO {table} ({columns})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The batch's permits checked against the year's inspections and the stamps by index:
            # the planner's choice, a hash of every inspection and stamp built for each batch, cost
            # more than the batch's own rows (issue 14: 55 ms a batch against 29 at 100,000 permits).
            cursor.execute("SET LOCAL enable_hashjoin = off")  # until the batch's transaction ends
        cursor.execute(f"{insert} {select} ON CONFLICT DO NOTHING", params)  # the ORM's SQL, its parameters
        count = cursor.rowcount
    if count:
        stamped = Freeze.objects.filter(pk__gte=batch[0], pk__lte=batch[-1], frozen_at=now)
        numbers = list(stamped.order_by("pk").values_list("permit__permit_no", flat=True))
        audit_record(
            Actor.system(),
            "inspection.permits_frozen",
            object_type="sweep",
            object_id=f"R-I03 {year}",
            after={"year": year, "count": count, "permit_nos": numbers},
        )
    return count
