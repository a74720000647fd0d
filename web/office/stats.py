"""Statistics for officials (/office/stats): a district reviewer sees its district, a city approver
the whole city. Every figure is read through the same scoping as the lists (accounts.scoping), each
with one grouped query; processing times are computed in Python over one query (the percentiles
are not portable SQL: SQLite has no percentile_cont)."""

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from typing import Any

from django import forms
from django.db.models import Avg, Count, Min, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policies
from accounts.models import User
from accounts.roles import Role
from accounts.scoping import scoped
from cases import transitions
from cases.models import CaseStatus, CaseType, Rating
from cases.selectors import cases_visible_to
from cases.statistics import case_counts, permit_counts
from core import clock
from documents import exports
from documents.exports import xlsx_response
from inspections.models import InspectionSource, PersonInspection, UnitInspection
from permits.models import PermitStatus
from web.access import actor, office_page, user
from web.errors import form_summary
from web.office.charts import bar_chart
from web.wording import ClerkForm, district_names

DAY = 86400


class StatsForm(ClerkForm):
    year = forms.IntegerField(label=gettext_lazy("办结年份"), min_value=2000, max_value=2100, required=False)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of a non-empty list: the smallest value with p% of them at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def cases_by_type_and_status(account: User) -> dict[str, Any]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (_district, case_type, status), n in case_counts(account).items():
        counts[case_type][status] += n
    statuses = [s for s in CaseStatus if any(s.value in by for by in counts.values())]
    rows: list[dict[str, Any]] = [
        {
            "label": t.label,
            "cells": [counts[t.value].get(s.value, 0) for s in statuses],
            "total": sum(counts[t.value].values()),
        }
        for t in CaseType
        if t.value in counts
    ]
    return {
        "statuses": [s.label for s in statuses],
        "rows": rows,
        "chart": bar_chart("chart-cases", _("各业务类型办件数"), [(r["label"], [r["total"]]) for r in rows]),
    }


def processing_times(account: User, year: int, names: dict[str, str]) -> dict[str, Any]:
    """Days from the first submission to the final decision (approval, or a refusal) of the cases
    decided in `year`, per district: median and 90th percentile (nearest rank). Cancellations take
    effect on submission and are left out. One query: the district and both moments of each case."""
    rows = (
        cases_visible_to(account)
        .filter(status__in=transitions.DECIDED, decided_at__year=year)
        .exclude(type=CaseType.CANCELLATION)
        .annotate(first_submitted=Min("events__at", filter=Q(events__action="submit")))
        .values_list("district_id", "first_submitted", "decided_at")
    )
    days: dict[str, list[float]] = defaultdict(list)
    for district, submitted, decided in rows:
        if submitted is not None and decided is not None:
            days[district].append(max(0.0, (decided - submitted).total_seconds() / DAY))
    every = [d for values in days.values() for d in values]
    table: list[dict[str, Any]] = [
        {
            "label": names.get(code, code),
            "count": len(values),
            "median": statistics.median(values),
            "p90": percentile(values, 90),
        }
        for code, values in sorted(days.items())
    ]
    if account.role == Role.CITY_APPROVER and every:
        table.append(
            {
                "label": _("全市"),
                "count": len(every),
                "median": statistics.median(every),
                "p90": percentile(every, 90),
                "total": True,
            }
        )
    chart = bar_chart(
        "chart-times",
        _("办理时长（天）"),
        [(r["label"], [round(r["median"], 1), round(r["p90"], 1)]) for r in table],
        [_("中位数"), _("90百分位")],
    )
    return {"rows": table, "chart": chart}


def permits_by_status(account: User, today: dt.date) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    for (_district, status), n in permit_counts(account, today).items():
        counts[status] += n
    rows: list[dict[str, Any]] = [{"label": s.label, "count": counts[s.value]} for s in PermitStatus]
    return {
        "rows": rows,
        "total": sum(counts.values()),
        "chart": bar_chart("chart-permits", _("证件状态"), [(r["label"], [r["count"]]) for r in rows]),
    }


def inspections(account: User, year: int, names: dict[str, str]) -> dict[str, Any]:
    """Inspections recorded for this year's season, per district: filed by units in the season, and
    recorded by a district's unfreezing (R-I04, R-I05)."""
    by: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    units = scoped(
        UnitInspection.objects.filter(year=year), account, unit="unit_id", district="unit__district_id"
    )
    persons = scoped(
        PersonInspection.objects.filter(year=year),
        account,
        unit="permit__unit_id",
        district="permit__unit__district_id",
    )
    for kind, qs, district in (
        ("unit", units, "unit__district_id"),
        ("person", persons, "permit__unit__district_id"),
    ):
        for row in qs.order_by().values(district, "source").annotate(n=Count("pk")):
            by[row[district]][f"{kind}_{row['source']}"] += row["n"]
    rows: list[dict[str, Any]] = [
        {
            "label": names.get(code, code),
            "unit": c[f"unit_{InspectionSource.UNIT}"],
            "unit_unfreeze": c[f"unit_{InspectionSource.DISTRICT_UNFREEZE}"],
            "person": c[f"person_{InspectionSource.UNIT}"],
            "person_unfreeze": c[f"person_{InspectionSource.DISTRICT_UNFREEZE}"],
        }
        for code, c in sorted(by.items())
    ]
    chart = bar_chart(
        "chart-inspections",
        _("%(year)s年年检") % {"year": year},
        [(r["label"], [r["unit"] + r["unit_unfreeze"], r["person"] + r["person_unfreeze"]]) for r in rows],
        [_("单位年检"), _("个人年检")],
    )
    return {"rows": rows, "chart": chart}


def ratings(account: User, names: dict[str, str]) -> dict[str, Any]:
    qs = scoped(Rating.objects.all(), account, unit="case__unit_id", district="case__district_id")
    by_district = [
        {
            "label": names.get(r["case__district_id"], r["case__district_id"]),
            "count": r["n"],
            "average": r["avg"],
        }
        for r in qs.order_by("case__district_id")
        .values("case__district_id")
        .annotate(n=Count("pk"), avg=Avg("score"))
    ]
    type_labels = dict(CaseType.choices)
    by_type = [
        {"label": type_labels.get(r["case__type"], r["case__type"]), "count": r["n"], "average": r["avg"]}
        for r in qs.order_by("case__type").values("case__type").annotate(n=Count("pk"), avg=Avg("score"))
    ]
    chart = bar_chart(
        "chart-ratings",
        _("服务评价平均分（5分为非常满意）"),
        [(r["label"], [round(r["average"], 2)]) for r in by_district],
        scale_max=5,
    )
    return {"by_district": by_district, "by_type": by_type, "chart": chart}


@office_page(policies.STATISTICS_READ)
def stats(request: HttpRequest) -> HttpResponse:
    account, today = user(request), clock.today()
    form = StatsForm(request.GET)
    valid = form.is_valid()  # else this year's, the year typed shown with its error
    year = (form.cleaned_data.get("year") if valid else None) or today.year
    names = district_names()
    scope = names.get(account.district_id or "", "") if account.role == Role.DISTRICT_REVIEWER else _("全市")
    context = {
        "form": form,
        "year": year,
        "year_shown": year if valid else None,
        "summary": form_summary(form),
        "today": today,
        "scope": scope,
        "cases": cases_by_type_and_status(account),
        "times": processing_times(account, year, names),
        "permits": permits_by_status(account, today),
        "inspections": inspections(account, today.year, names),
        "ratings": ratings(account, names),
    }
    return render(request, "office/stats.html", context)


@office_page(policies.STATISTICS_READ)
def stats_export(request: HttpRequest) -> FileResponse:
    """documents.exports' statistics workbook (cases by district × type × status, permits by district
    × status, in the official's scope), audited as export.downloaded."""
    stream = exports.statistics_export(actor(request))
    return xlsx_response(stream, f"statistics-{clock.today():%Y%m%d}.xlsx")
