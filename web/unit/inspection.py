"""Annual inspection (年检): in the season, the unit's own inspection and its staff's, all or the
selected ones, in one action (units.inspection), with the result of each permit shown."""

import datetime as dt
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import policies
from core import clock
from core.errors import DomainError
from inspections.conditions import person_inspected, person_inspection_required, unit_inspected
from permits.models import Permit, PermitStatus
from rules.inspection import inspection_season, r_i01_in_season
from units import inspection as services
from web.access import actor, error_messages, unit_page, user
from web.errors import summary
from web.unit.common import rule_title
from web.wording import page_message


def _staff(unit_id: int, year: int) -> list[dict[str, Any]]:
    """The unit's live permits, with whether each needs this year's person inspection (R-I03,
    `person_inspection_required`, the question the permits page and the dashboard ask too) and
    whether it is recorded."""
    today = clock.today()
    rows = (
        Permit.objects.live(today)
        .with_status(today)
        .filter(unit_id=unit_id)
        .annotate(inspected=person_inspected(year))
        .annotate(required=ExpressionWrapper(person_inspection_required(year), BooleanField()))
        .select_related("holder")
        .order_by("permit_no")
    )
    return [
        {
            "permit": p,
            "status": PermitStatus(p.status_now),  # type: ignore[attr-defined]
            "inspected": p.inspected,  # type: ignore[attr-defined]
            "required": p.required,  # type: ignore[attr-defined]
        }
        for p in rows
    ]


def next_season_start(today: dt.date) -> dt.date:
    """The first day of the next inspection season (R-I01): this year's 1 April, or next year's."""
    start = inspection_season(today.year)[0]
    return start if today < start else inspection_season(today.year + 1)[0]


def _inspect_persons(
    request: HttpRequest, numbers: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """persons_inspect in batches of the service's maximum: (per-permit results, refusals of a batch)."""
    results: list[dict[str, Any]] = []
    size = services.MAX_PERMITS_PER_REQUEST
    for start in range(0, len(numbers), size):
        try:
            results += services.persons_inspect(actor(request), numbers[start : start + size])
        except DomainError as exc:
            return results, error_messages(exc)
    return results, []


@unit_page(policies.INSPECTION_FILE)
@require_http_methods(["GET", "POST"])
def inspection(request: HttpRequest) -> HttpResponse:
    account, today = user(request), clock.today()
    unit_id = account.unit_id or 0
    start, end = inspection_season(today.year)
    errors: list[dict[str, Any]] = []
    unit_result: dict[str, Any] | None = None
    results: list[dict[str, Any]] = []
    status = 200
    in_season = start <= today <= end
    if request.method == "POST" and not in_season:
        # out of season nothing is filed: R-I01 once, for the unit and its staff alike
        errors = [{"rule": f.rule, "message": f.message} for f in r_i01_in_season(today)]
        status = 422
    elif request.method == "POST":
        if request.POST.get("scope") == "all":
            numbers = [
                r["permit"].permit_no
                for r in _staff(unit_id, today.year)
                if r["required"] and not r["inspected"]
            ]
        else:
            numbers = request.POST.getlist("permit_no")
        if request.POST.get("unit"):
            try:
                done = services.unit_inspect(actor(request))
                unit_result = {"ok": True, "year": done.year}
            except DomainError as exc:
                unit_result = {"ok": False, "errors": error_messages(exc)}
        if numbers:
            results, errors = _inspect_persons(request, numbers)
        elif not request.POST.get("unit"):
            errors = [{"message": _("请选择单位年检或至少一名人员。"), "choose": True}]
        if errors or (unit_result and not unit_result["ok"]):
            status = 422
    staff = _staff(unit_id, today.year)
    names = {r["permit"].permit_no: r["permit"].holder.name for r in staff}
    for r in results:
        r["holder"] = names.get(r["permit_no"], "")
        if "error" in r:
            r["error"]["title"] = rule_title(r["error"].get("rule"))
            r["error"]["message"] = page_message(r["error"]["message"], prefix=False)  # the row names it
    # the error summary: what kept the request from being filed; "nothing chosen" linked to the
    # first box (the unit's, else the first person's); the unit's own refusal headed by its name
    boxes = ([] if unit_inspected(unit_id, today.year) else ["inspect-unit"]) + [
        f"p-{r['permit'].permit_no}" for r in staff if r["required"] and not r["inspected"]]
    chosen = [{**e, "href": f"#{boxes[0]}"} if e.get("choose") and boxes else e for e in errors]
    unit_errors = unit_result["errors"] if unit_result and not unit_result["ok"] else []
    context = {
        "summary": summary(chosen, [("inspect-unit", _("单位年检"), unit_errors)]),
        "today": today,
        "start": start,
        "end": end,
        "in_season": in_season,
        "next_start": next_season_start(today),
        "unit_done": unit_inspected(unit_id, today.year),
        "staff": staff,
        "unit_result": unit_result,
        "results": results,
        "approved": sum(1 for r in results if r.get("status") == "approved"),
        "refused": sum(1 for r in results if "error" in r),
        "errors": errors,
    }
    return render(request, "unit/inspection.html", context, status=status)
