"""The employer portal's first page: what needs the unit's attention today, each item with its date
and the rule behind it. Reads only; the dates come from the rules' own helpers."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import policies
from accounts.models import User
from cases import services
from cases.models import COLLECTED_TYPES, Case, CaseStatus, CaseType, open_cases
from cases.selectors import cases_visible_to
from core import clock
from core.dates import add_months
from inspections.conditions import (
    person_inspected,
    r_i02_units_to_freeze,
    r_i03_missed,
    unit_inspected,
)
from notices.selectors import notices_visible_to
from penalties.models import DISQUALIFYING_UNIT_KINDS, PenaltyKind
from permits.models import Permit, PermitStatus
from reference.window import next_opening
from rules.cancellation import cancellation_deadline
from rules.changes import employer_change_deadline
from rules.checklists import REG_CHECKLIST
from rules.data import date_of
from rules.inspection import inspection_season
from rules.penalties import KIND_RULE, r_b04_suspended_from
from rules.renewal import renewal_window
from units.models import Unit, UnitStatus
from units.selectors import unit_for, unit_standing
from web.access import unit_page, user
from web.unit.common import rule_ref

NEARING_MONTHS = 3  # permits expiring within this many months are listed
LIST_LIMIT = 20
ONE_DAY = dt.timedelta(days=1)


def standing_notes(unit: Unit, today: dt.date) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The unit's status and restrictions in plain words, each with the rules behind it."""
    standing = unit_standing(unit, today)
    notes: list[dict[str, Any]] = []
    status = unit.status_on(today)  # frozen by R-I02 even before the daily job ran
    if status in (UnitStatus.PENDING, UnitStatus.REJECTED, UnitStatus.FROZEN):
        rules = {"pending": ["R-U03"], "rejected": ["R-U03"], "frozen": ["R-U05"]}[status]
        notes.append({"kind": status, "rules": [rule_ref(r) for r in rules]})
    disqualifying = {k.value for k in DISQUALIFYING_UNIT_KINDS}
    for penalty in standing["restrictions"]:  # type: ignore[attr-defined]
        origin = KIND_RULE.get(penalty.kind, "R-B04")
        effect = "R-U07" if penalty.kind in disqualifying else "R-U06"
        notes.append(
            {
                "kind": "disqualified" if effect == "R-U07" else "suspended",
                "penalty": penalty,
                "label": PenaltyKind(penalty.kind).label,
                "origin": origin,
                "rules": [rule_ref(effect)],
            }
        )
    return notes, standing


def _supplements(account: User, today: dt.date) -> list[dict[str, Any]]:
    """Cases back with the unit (补充材料): what is missing, and the last day before R-B04 suspends."""
    rows = []
    for case in (
        cases_visible_to(account)
        .filter(status=CaseStatus.SUPPLEMENT_REQUESTED)
        .order_by("supplement_requested_on", "pk")
    ):
        titles = {i.code: i.title for i in services.checklist(case, today)}
        asked = case.supplement_requested_on or today
        last_day = r_b04_suspended_from(asked) - ONE_DAY
        rows.append(
            {
                "case": case,
                "asked": asked,
                "last_day": last_day,
                "days_left": (last_day - today).days,
                "days_overdue": (today - last_day).days,  # shown once the last day has passed
                "missing": [(code, titles.get(code, "")) for code in case.materials_missing or []],
            }
        )
    return rows


def _renewals(unit: Unit, today: dt.date) -> dict[str, Any]:
    """Live permits expiring within NEARING_MONTHS (or expired and still renewable), soonest first,
    with their renewal window (R-R01) and any renewal already open."""
    qs = (
        Permit.objects.live(today)
        .filter(unit=unit, expiry_date__lte=add_months(today, NEARING_MONTHS))
        .select_related("holder")
        .order_by("expiry_date", "pk")
    )
    rows = list(qs[:LIST_LIMIT])
    renewing = {
        c.permit_id: c
        for c in Case.objects.filter(open_cases(), type=CaseType.RENEWAL, permit__in=[p.pk for p in rows])
    }
    items = []
    for permit in rows:
        opens, closes = renewal_window(permit.expiry_date)
        items.append(
            {
                "permit": permit,
                "opens": opens,
                "closes": closes,
                "open": opens <= today,
                "expired": permit.expiry_date < today,
                "case": renewing.get(permit.pk),
            }
        )
    return {"items": items, "total": qs.count(), "open_count": sum(1 for i in items if i["open"])}


def _season(unit: Unit, today: dt.date) -> dict[str, Any]:
    """The inspection season of this year (R-I01) and what the unit has done in it. What is still
    to do is what the 2 May job would freeze, by the same conditions (rules.inspection, R-I02 and
    R-I03): a unit verified on or after 1 April, a permit issued on or after 1 April or ending
    before 2 May, need no inspection this year."""
    year = today.year
    start, end = inspection_season(year)
    permits = Permit.objects.filter(unit=unit)
    unit_done = unit_inspected(unit.pk, year)
    if unit_done:
        unit_state = "done"
    elif unit.status_on(today) == UnitStatus.FROZEN:
        unit_state = "frozen"  # it cannot file (R-U05) until the district unfreezes it (R-I04)
    elif r_i02_units_to_freeze(Unit.objects.filter(pk=unit.pk), year).exists():
        unit_state = "due"
    elif unit.status == UnitStatus.ACTIVE:
        unit_state = "not_required"  # verified on or after 1 April
    else:
        unit_state = "not_verified"
    persons_done = permits.filter(person_inspected(year)).count()
    # not done yet among the permits that need it: the question the permits page and the
    # inspection page ask (inspections.conditions.r_i03_missed), frozen ones included
    persons_due = permits.filter(r_i03_missed(year)).count()
    frozen = permits.in_status(PermitStatus.FROZEN, today).count()
    phase = "before" if today < start else "in" if today <= end else "after"
    return {
        "start": start,
        "end": end,
        "phase": phase,
        "days_to_start": (start - today).days,
        "days_left": (end - today).days,
        "unit_state": unit_state,
        "persons_done": persons_done,
        "persons_due": persons_due,
        "persons_required": persons_done + persons_due > 0,
        "persons_frozen": frozen,
        # the warning speaks of the coming 2 May: only in the season and while something is due
        "warn_freeze": phase == "in" and (unit_state == "due" or persons_due > 0),
    }


def _clocks(account: User, today: dt.date) -> list[dict[str, Any]]:
    """Drafts that run against a deadline: an employer change 60 days after the holder left the
    former unit (R-E01), a cancellation 5 days after the holder left (R-C01)."""
    rows = []
    drafts = (
        cases_visible_to(account)
        .filter(status=CaseStatus.DRAFT, type__in=[CaseType.EMPLOYER_CHANGE, CaseType.CANCELLATION])
        .order_by("pk")
    )
    for case in drafts:
        data = case.data or {}
        deadline: Callable[[dt.date], dt.date]
        if case.type == CaseType.EMPLOYER_CHANGE:
            left, deadline, rule = date_of(data, "left_previous_on"), employer_change_deadline, "R-E01"
        else:
            left, deadline, rule = date_of(data, "left_on"), cancellation_deadline, "R-C01"
        last_day = deadline(left) if left else None
        rows.append(
            {
                "case": case,
                "type": CaseType(case.type).label,
                "left": left,
                "last_day": last_day,
                "days_left": (last_day - today).days if last_day else None,
                "rule": rule_ref(rule),
            }
        )
    return sorted(rows, key=lambda r: r["last_day"] or dt.date.max)


def collectable_cases(account: User, unit: Unit) -> QuerySet[Case]:
    """Cards waiting at the district window (可取证, R-W04): the approved `new` and `replacement` cases
    whose permit the unit still holds (after an employer change moved it, the card is refused at the
    window, R-E03). The dashboard lists them; a case's page asks whether it is one."""
    return cases_visible_to(account).filter(
        status=CaseStatus.APPROVED, type__in=COLLECTED_TYPES, permit__unit=unit
    )


def collection_window(unit: Unit, today: dt.date) -> dict[str, Any]:
    """Where and when a card is collected, as the `ready_for_collection` notice names it: the unit's
    district window (its address, office and telephone: reference data) and its next open hours
    (R-W08). Drawn by templates/unit/_collection_window.html, on the dashboard and a case's page."""
    return {
        "district": unit.district,
        "opening": next_opening(today, clock.now().astimezone(clock.SHANGHAI).time()),
        "rules": [rule_ref("R-W04"), rule_ref("R-W08")],
    }


def _collectable(account: User, unit: Unit, today: dt.date) -> dict[str, Any]:
    """The cards waiting at the window (`collectable_cases`), oldest decision first, and the window."""
    cases = collectable_cases(account, unit).select_related("permit").order_by("decided_at", "pk")
    rows = list(cases[:LIST_LIMIT])
    return {
        "items": rows,
        "total": len(rows) if len(rows) < LIST_LIMIT else cases.count(),
        "window": collection_window(unit, today) if rows else None,
    }


@unit_page(policies.UNIT_READ)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    account, today = user(request), clock.today()
    unit = unit_for(account, account.unit_id or 0)
    notes, standing = standing_notes(unit, today)
    notices = notices_visible_to(account)
    cases = cases_visible_to(account)
    context = {
        "unit": unit,
        "today": today,
        "notes": notes,
        "standing": standing,
        "cap": unit.permit_cap,
        "cap_rules": [rule_ref("R-U04")],
        "reg_checklist": REG_CHECKLIST,
        "collectable": _collectable(account, unit, today),
        "supplements": _supplements(account, today),
        "renewals": _renewals(unit, today),
        "season": _season(unit, today),
        "clocks": _clocks(account, today),
        "notices": list(notices.order_by("-pk")[:5]),
        "unread": notices.filter(read_at__isnull=True).count(),
        "drafts": cases.filter(status=CaseStatus.DRAFT).count(),
        # each counter links to the list filtered by the status it counts, so the two agree
        "submitted": cases.filter(status=CaseStatus.SUBMITTED).count(),
        "district_passed": cases.filter(status=CaseStatus.DISTRICT_PASSED).count(),
    }
    return render(request, "unit/dashboard.html", context)
