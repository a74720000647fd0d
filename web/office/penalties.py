"""Penalties (黑名单, R-B01…R-B05) and random investigations (R-C02) on the workbench, over
enforcement.services and penalties.selectors: a district reviewer imposes on its district's units and
on persons, a city approver imposes anywhere and lifts; a district investigates its own permits,
the city any district's or the whole city's (R-C02)."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policies
from cases.selectors import cases_visible_to
from core import clock
from core.crypto import mask_id
from core.errors import DomainError, NotFound
from core.numbers import normalise_number
from enforcement import services
from penalties.models import FindingOutcome, Penalty
from penalties.selectors import investigation_for, investigations_visible_to, penalties_filtered
from permits.selectors import permits_visible_to
from units.selectors import units_visible_to
from web.access import actor, office_page, user
from web.errors import summary
from web.office.forms import FindingForm, ImposeForm, InvestigationForm, NoteForm, PenaltyFilter
from web.office.views import paginate, refusal

# A service error names the API's field; the form's field that carries it.
FORM_FIELD = {"unit_id": "unit_uscc", "application_id": "application_number"}


def _field_errors(
    items: list[dict[str, Any]],
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    by_field: dict[str, list[dict[str, Any]]] = {}
    general = []
    for item in items:
        name = FORM_FIELD.get(item.get("field") or "", item.get("field") or "")
        if name in ImposeForm.base_fields:
            by_field.setdefault(name, []).append(item)
        else:
            general.append(item)
    return by_field, general


def _penalties(
    request: HttpRequest,
    *,
    impose: ImposeForm | None = None,
    errors: list[dict[str, Any]] | None = None,
    refused: int | None = None,
    lift_errors: list[dict[str, Any]] | None = None,
    status: int = 200,
    filter_data: Any = None,
) -> HttpResponse:
    account, today = user(request), clock.today()
    # The filter's ids are prefixed: the impose form below has fields of the same names (kind,
    # id_number), and each label must point at its own field. An ID number is only taken from the
    # filter's POST body, never from the URL (security decision 15).
    if filter_data is None:
        filter_data = request.GET.copy()
        filter_data.pop("id_number", None)
    form = PenaltyFilter(filter_data, auto_id="filter_%s")
    filters = form.cleaned_data if form.is_valid() else {}
    qs = penalties_filtered(account, unit_id=None, id_number=filters.get("id_number") or None)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("in_force"):
        qs = qs.in_force(today)  # type: ignore[attr-defined]
    page = paginate(
        request, qs.select_related("unit", "application", "lifted_by").order_by("-created_at", "-pk")
    )
    ids = [p.pk for p in page.object_list]
    in_force = set(Penalty.objects.in_force(today).filter(pk__in=ids).values_list("pk", flat=True))
    rows = [
        {
            "penalty": p,
            "id_masked": mask_id(p.id_number),
            "in_force": p.pk in in_force,
            "errors": lift_errors if p.pk == refused else None,
        }
        for p in page.object_list
    ]
    by_field, general = _field_errors(errors or [])
    impose = impose or ImposeForm(initial={"unit_uscc": request.GET.get("uscc", "")})
    lifted_row = refused in {r["penalty"].pk for r in rows}
    fields = [(impose[name].id_for_label, impose[name].label, by_field[name]) for name in impose.fields
              if name in by_field]
    if lifted_row:
        fields.insert(0, (f"lift-note-{refused}", _("解除理由"), lift_errors or []))
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "impose": impose,
        "errors": by_field,
        "may_lift": policies.PENALTY_LIFT.allows(account.role),
        # the error summary: a refused lifting beside its row (on top when the row is not shown)
        "summary": summary([*general, *([] if lifted_row else lift_errors or [])], fields),
    }
    return render(request, "office/penalties.html", context, status=status)


@office_page(policies.PENALTY_READ)
def penalties(request: HttpRequest) -> HttpResponse:
    """The list; its filter is posted (security decision 15: a searched ID number stays out of the
    URL, and so out of access logs and the browser's history)."""
    return _penalties(request, filter_data=request.POST if request.method == "POST" else None)


@require_POST
@office_page(policies.PENALTY_IMPOSE)
def penalty_impose(request: HttpRequest) -> HttpResponse:
    """The unit is named by its 统一社会信用代码 and the case by its number; both looked up in what
    the official may see (else the error is shown beside the field), then enforcement.services decides."""
    account = user(request)
    form = ImposeForm(request.POST)
    if not form.is_valid():
        errors = [{"message": m, "field": name} for name, ms in form.errors.items() for m in ms]
        return _penalties(request, impose=form, errors=errors, status=400)
    data = form.cleaned_data
    unit_id = application_id = None
    lookups: list[dict[str, Any]] = []
    if data["unit_uscc"]:
        unit = units_visible_to(account).filter(uscc=data["unit_uscc"].upper()).first()
        unit_id = unit.pk if unit else None
        if unit is None:
            lookups.append(
                {"message": _("没有该统一社会信用代码的单位（或不在您的辖区）。"), "field": "unit_uscc"}
            )
    if data["application_number"]:
        case = cases_visible_to(account).filter(number=normalise_number(data["application_number"])).first()
        application_id = case.pk if case else None
        if case is None:
            lookups.append(
                {"message": _("没有该编号的办件（或不在您的辖区）。"), "field": "application_number"}
            )
    if lookups:
        return _penalties(request, impose=form, errors=lookups, status=404)
    try:
        penalty = services.penalty_impose(
            actor(request),
            kind=data["kind"],
            note=data["note"],
            id_number=data["id_number"],
            unit_id=unit_id,
            application_id=application_id,
        )
    except DomainError as exc:
        return _penalties(request, impose=form, errors=refusal(exc), status=exc.status)
    messages.success(request, _("已实施惩戒：%(kind)s。") % {"kind": penalty.get_kind_display()})
    return redirect("office:penalties")


@require_POST
@office_page(policies.PENALTY_LIFT)
def penalty_lift(request: HttpRequest, penalty_id: int) -> HttpResponse:
    """R-B05: the city lifts a penalty with a reason (enforcement.services.penalty_lift)."""
    if not penalties_filtered(user(request), unit_id=None, id_number=None).filter(pk=penalty_id).exists():
        raise Http404
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.penalty_lift(actor(request), penalty_id, note=note)
    except DomainError as exc:
        return _penalties(request, refused=penalty_id, lift_errors=refusal(exc), status=exc.status)
    messages.success(request, _("惩戒已解除。"))
    return redirect("office:penalties")


def _investigations(
    request: HttpRequest,
    *,
    form: InvestigationForm | None = None,
    errors: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    qs = investigations_visible_to(user(request)).select_related("created_by", "district")
    items = errors or []
    form = form or InvestigationForm()
    size = [e for e in items if e.get("field") != "district"]  # beside the size
    district = [e for e in items if e.get("field") == "district"]
    context = {
        "page": paginate(request, qs.order_by("-created_at", "-pk")),
        "form": form,
        "errors": size,
        "district_errors": district,
        "summary": summary([], [(form["size"].id_for_label, form["size"].label, size),
                                (form["district"].id_for_label, form["district"].label, district)]),
        "city": policies.INVESTIGATION_START.scope_of(user(request).role) == policies.Scope.CITY,
    }
    return render(request, "office/investigations.html", context, status=status)


@office_page(policies.INVESTIGATION_READ)
def investigations(request: HttpRequest) -> HttpResponse:
    """The random investigations (R-C02) the official sees — a reviewer its district's, the city
    approver every one — newest first, and a form to draw a new sample."""
    return _investigations(request)


@require_POST
@office_page(policies.INVESTIGATION_START)
def investigation_start(request: HttpRequest) -> HttpResponse:
    form = InvestigationForm(request.POST)
    if not form.is_valid():
        errors = [{"message": m, "field": name} for name, ms in form.errors.items() for m in ms]
        return _investigations(request, form=form, errors=errors, status=400)
    try:
        investigation = services.investigation_start(
            actor(request), size=form.cleaned_data["size"], district=form.cleaned_data["district"] or None
        )
    except DomainError as exc:
        return _investigations(request, form=form, errors=refusal(exc), status=exc.status)
    messages.success(request, _("已抽取 %(n)s 张有效证件。") % {"n": len(investigation.permit_nos)})
    return redirect("office:investigation", investigation.pk)


def _investigation(
    request: HttpRequest,
    investigation_id: int,
    *,
    refused: str = "",
    errors: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        investigation = investigation_for(user(request), investigation_id)
    except NotFound as exc:
        raise Http404 from exc
    permits = {
        p.permit_no: p
        for p in permits_visible_to(user(request), clock.today()).filter(
            permit_no__in=investigation.permit_nos
        )
    }
    findings = {f.permit.permit_no: f for f in investigation.findings.select_related("permit")}
    rows = [
        {
            "permit_no": no,
            "permit": permits.get(no),
            "finding": findings.get(no),
            "id_masked": mask_id(permits[no].holder.id_number) if no in permits else "",
            "errors": errors if no == refused else None,
            "posted": request.POST if no == refused else None,
        }
        for no in investigation.permit_nos
    ]
    context = {
        "investigation": investigation,
        "rows": rows,
        "outcomes": FindingOutcome.choices,
        "summary": summary([], [(f"left-on-{refused}", "", errors or [])])
        if any(row["errors"] and not row["finding"] for row in rows)
        else summary(errors or []),  # the row's form is gone: no field to link
        "done": len(findings),
    }
    return render(request, "office/investigation.html", context, status=status)


@office_page(policies.INVESTIGATION_READ)
def investigation(request: HttpRequest, investigation_id: int) -> HttpResponse:
    """The sample, with the findings recorded so far and a form for each permit still to check."""
    return _investigation(request, investigation_id)


@require_POST
@office_page(policies.FINDING_RECORD)
def finding_record(request: HttpRequest, investigation_id: int) -> HttpResponse:
    """R-C02: `left_not_cancelled` cancels the permit and disqualifies the unit (enforcement.services)."""
    try:
        investigation_for(user(request), investigation_id)
    except NotFound as exc:
        raise Http404 from exc
    form = FindingForm(request.POST)
    permit_no = request.POST.get("permit_no", "")
    if not form.is_valid():
        errors = [{"message": m, "field": name} for name, ms in form.errors.items() for m in ms]
        return _investigation(request, investigation_id, refused=permit_no, errors=errors, status=400)
    data = form.cleaned_data
    left_on: dt.date | None = data["left_on"]
    try:
        services.finding_record(
            actor(request),
            investigation_id,
            permit_no=data["permit_no"],
            outcome=data["outcome"],
            left_on=left_on,
        )
    except DomainError as exc:
        return _investigation(
            request, investigation_id, refused=permit_no, errors=refusal(exc), status=exc.status
        )
    messages.success(request, _("已记录证件 %(no)s 的核查结果。") % {"no": data["permit_no"]})
    return redirect("office:investigation", investigation_id)
