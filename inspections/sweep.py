"""Date-driven steps of the daily job (core.sweep) owned by this app: freezing on 2 May for a
missed annual inspection (R-I02 units, R-I03 permits). Both are set-based and idempotent, and
catch up by date: on any day they freeze the misses of `rules.inspection.enforced_year(today)`."""

import datetime as dt

from django.db.models import F
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import ApiToken, User
from audit.services import audit_record
from core.sweep import step
from permits.models import Permit
from rules.inspection import enforced_year, r_i02_units_to_freeze, r_i03_permits_to_freeze
from units.models import Unit, UnitStatus


@step("inspections.freeze_units")
def freeze_units(today: dt.date) -> int:
    """R-I02: one UPDATE freezes the units; their operators' sessions and tokens end at once
    (security decision 4): one UPDATE of the auth generation, one revoking the tokens."""
    year = enforced_year(today)
    ids = list(
        r_i02_units_to_freeze(Unit.objects.all(), year).select_for_update().values_list("pk", flat=True)
    )
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
    return len(ids)


@step("inspections.freeze_permits")
def freeze_permits(today: dt.date) -> int:
    """R-I03: one UPDATE stamps `frozen_at` on the permits; the stamp then names them for the
    audit row."""
    year = enforced_year(today)
    now = timezone.now()
    to_freeze = r_i03_permits_to_freeze(Permit.objects.all(), year).values("pk")
    count = Permit.objects.filter(pk__in=to_freeze).update(frozen_at=now)
    if count:
        numbers = list(
            Permit.objects.filter(frozen_at=now).order_by("pk").values_list("permit_no", flat=True)
        )
        audit_record(
            Actor.system(),
            "inspection.permits_frozen",
            object_type="sweep",
            object_id=f"R-I03 {year}",
            after={"year": year, "count": count, "permit_nos": numbers},
        )
    return count
