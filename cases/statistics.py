"""The counts the statistics page and the statistics workbook both show, each one grouped query
within the official's scope: cases by district × type × status, permits by district × status."""

import datetime as dt
from collections import Counter

from django.db.models import Count

from accounts.models import User
from cases.selectors import cases_visible_to
from permits.selectors import scoped_permits


def case_counts(user: User) -> Counter[tuple[str, str, str]]:
    """(district code, case type, status) → cases."""
    keys = ("district_id", "type", "status")  # the case's own district (cases.districts: its unit's)
    rows = cases_visible_to(user).order_by().values(*keys).annotate(n=Count("id"))
    return Counter({(r["district_id"], r["type"], r["status"]): r["n"] for r in rows})


def permit_counts(user: User, today: dt.date) -> Counter[tuple[str, str]]:
    """(district code, status on `today`) → permits."""
    rows = (
        scoped_permits(user).annotate_status(today).order_by()
        .values("unit__district_id", "status_now")  # type: ignore[misc]  # annotated by annotate_status
        .annotate(n=Count("id"))
    )
    return Counter({(r["unit__district_id"], r["status_now"]): r["n"] for r in rows})
