"""Units and permits on the workbench: the district's verification queue (R-U03 with the REG
checklist), the unit page, frozen units and permits and their unfreezing (R-I04, R-I05), the
operator's password reset at the window (R-W12, with its printed slip). Reads are scoped (another
district's unit or permit is 404); changes go through units / permits services."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policies
from core import clock
from core.crypto import mask_id, mask_phone
from core.errors import DomainError, NotFound
from permits.selectors import frozen_permits_for, permit_for
from permits.services import permit_unfreeze
from rules.checklists import PWD_CHECKLIST, REG_CHECKLIST
from units import services
from units.consent import ConsentVia
from units.models import Unit, UnitStatus, frozen_on
from units.operator_password import operator_password_reset
from units.selectors import unit_for, unit_standing, units_visible_to
from web.access import actor, office_page, user
from web.errors import summary
from web.office.forms import NameFilter, NoteForm, OperatorPasswordForm, VerificationForm
from web.office.views import paginate, refusal


def _unit(request: HttpRequest, unit_id: int) -> Unit:
    try:
        return unit_for(user(request), unit_id)
    except NotFound as exc:
        raise Http404 from exc


@office_page(policies.UNIT_VERIFY)
def pending_units(request: HttpRequest) -> HttpResponse:
    """Units registered online and waiting for the district's window verification, oldest first."""
    form = NameFilter(request.GET)
    qs = units_visible_to(user(request)).filter(status=UnitStatus.PENDING)
    if form.is_valid() and form.cleaned_data["unit"]:
        qs = qs.filter(name__icontains=form.cleaned_data["unit"])
    page = paginate(request, qs.order_by("registered_at", "pk"))
    return render(request, "office/units.html", {"form": form, "page": page})


@office_page(policies.UNIT_UNFREEZE)
def frozen_units(request: HttpRequest) -> HttpResponse:
    form = NameFilter(request.GET)
    qs = units_visible_to(user(request)).filter(frozen_on(clock.today()))  # R-I02 even before the job ran
    if form.is_valid() and form.cleaned_data["unit"]:
        qs = qs.filter(name__icontains=form.cleaned_data["unit"])
    page = paginate(request, qs.order_by("name", "pk"))
    return render(request, "office/frozen_units.html", {"form": form, "page": page})


def _render_unit(
    request: HttpRequest,
    unit: Unit,
    *,
    failed: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    reset = failed == "password"  # the password reset's form was posted: its errors go beside it only
    posted = request.POST if failed and not reset else None
    received = set(posted.getlist("materials_received") if posted else unit.materials_received or [])
    unit_status = UnitStatus(unit.status_on(clock.today()))
    password_errors, errors = ((errors or []), None) if reset else ([], errors)
    pwd_received = set(request.POST.getlist("materials_received")) if reset else set()
    note_errors = [e for e in errors or [] if e.get("field") == "note"]
    checklist_errors = [e for e in errors or [] if e.get("field") == "materials_received"]
    general_errors = [e for e in errors or [] if e.get("field") not in ("note", "materials_received")]
    pwd_checklist_errors = [e for e in password_errors if e.get("field") == "materials_received"]
    pwd_other_errors = [e for e in password_errors if e.get("field") != "materials_received"]
    if reset:  # the error summary: each error linked to its control (a checklist by its first box)
        fields = [(f"pwd-received-{PWD_CHECKLIST[0].code}", _("已核验的原件"), pwd_checklist_errors)]
        errors_summary = summary(pwd_other_errors, fields)
    elif failed == "verify":
        fields = [(f"received-{REG_CHECKLIST[0].code}", _("已收到的材料"), checklist_errors),
                  ("verify-note", _("意见"), note_errors)]
        errors_summary = summary(general_errors, fields)
    else:
        errors_summary = summary(errors or [])
    context = {
        "unit": unit,
        "standing": unit_standing(unit, clock.today()),
        "operator_id": mask_id(unit.operator_id_number),  # not a case or permit page: masked (R-S02)
        "operator_phone": mask_phone(unit.operator_phone),
        "checklist": [{"item": i, "received": i.code in received} for i in REG_CHECKLIST],
        "can_verify": user(request).role == "district_reviewer" and unit.status == UnitStatus.PENDING,
        "can_unfreeze": user(request).role == "district_reviewer" and unit_status == UnitStatus.FROZEN,
        "unit_status": unit_status,  # frozen by R-I02 even before the daily job ran
        "failed": failed,
        "errors": errors or [],
        "note_errors": note_errors,
        "checklist_errors": checklist_errors,
        "summary": errors_summary,
        "posted": posted,
        # R-W12: the operator's password reset at the window, on the PWD list
        "can_reset_password": policies.UNIT_OPERATOR_PASSWORD.allows(user(request).role),
        "pwd_checklist": [{"item": i, "received": i.code in pwd_received} for i in PWD_CHECKLIST],
        "password_errors": password_errors,
        "password_note": request.POST.get("note", "") if reset else "",
        "password_checklist_errors": pwd_checklist_errors,
        "consent_via": ConsentVia(unit.consent_via).label if unit.consent_via else "",
    }
    return render(request, "office/unit.html", context, status=status)


@office_page(policies.UNIT_READ)
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    return _render_unit(request, _unit(request, unit_id))


@require_POST
@office_page(policies.UNIT_VERIFY)
def unit_verify(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Window verification with the REG checklist (units.services.unit_verify: R-U03, R-W02, R-W07)."""
    unit = _unit(request, unit_id)
    form = VerificationForm(request.POST, codes=[i.code for i in REG_CHECKLIST])
    if not form.is_valid():
        error = {"message": _("提交的内容不完整或无效，请重新选择后再提交。")}
        return _render_unit(request, unit, failed="verify", errors=[error], status=400)
    data = form.cleaned_data
    try:
        services.unit_verify(
            actor(request),
            unit.pk,
            decision=data["decision"],
            materials_received=data["materials_received"],
            note=data["note"],
        )
    except DomainError as exc:
        return _render_unit(request, unit, failed="verify", errors=refusal(exc), status=exc.status)
    messages.success(
        request, _("单位已核验通过。") if data["decision"] == "approve" else _("已作出不予通过的决定。")
    )
    return redirect("office:unit", unit.pk)


@require_POST
@office_page(policies.UNIT_UNFREEZE)
def unit_unfreeze(request: HttpRequest, unit_id: int) -> HttpResponse:
    """R-I04: the district unfreezes a unit (units.services.unit_unfreeze records the inspection)."""
    unit = _unit(request, unit_id)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.unit_unfreeze(actor(request), unit.pk, note=note)
    except DomainError as exc:
        return _render_unit(request, unit, failed="unfreeze", errors=refusal(exc), status=exc.status)
    messages.success(request, _("单位已解除冻结，并记录了当年的单位年检。"))
    return redirect("office:unit", unit.pk)


@require_POST
@office_page(policies.UNIT_OPERATOR_PASSWORD)
def unit_operator_password(request: HttpRequest, unit_id: int) -> HttpResponse:
    """R-W12 at the window (units.operator_password.operator_password_reset: PWD-01, R-W02): the
    answer is the slip with the temporary password, shown this once (not stored, not redirected to:
    the page is no-store like every signed-in page) for the operator to take away."""
    unit = _unit(request, unit_id)
    form = OperatorPasswordForm(request.POST)
    if not form.is_valid():
        error = {"message": _("提交的内容不完整或无效，请重新选择后再提交。")}
        return _render_unit(request, unit, failed="password", errors=[error], status=400)
    try:
        reset = operator_password_reset(
            actor(request), unit.pk,
            materials_received=form.cleaned_data["materials_received"], note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        return _render_unit(request, unit, failed="password", errors=refusal(exc), status=exc.status)
    context = {"unit": unit, "reset": reset, "at": clock.stamp(), "reviewer": user(request)}
    return render(request, "office/password_slip.html", context)


def _frozen_permits(
    request: HttpRequest, *, refused: str = "", errors: list[dict[str, Any]] | None = None, status: int = 200
) -> HttpResponse:
    """The list; after a refused unfreezing, its errors beside that permit's row (or on top of the
    list when the permit is no longer on it)."""
    form, today = NameFilter(request.GET), clock.today()
    name = (form.cleaned_data["unit"] if form.is_valid() else "") or ""
    frozen, count = frozen_permits_for(user(request), today, name)
    page = paginate(request, frozen, count=count)
    rows = [
        {
            "permit": p,
            "id_masked": mask_id(p.holder.id_number),
            "errors": errors if p.permit_no == refused else None,
        }
        for p in page.object_list
    ]
    shown = any(row["errors"] for row in rows)  # else the permit left the list: no field to link
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "refused": refused,
        "summary": summary([], [(f"note-{refused}", "", errors or [])]) if shown else summary(errors or []),
    }
    return render(request, "office/frozen_permits.html", context, status=status)


@office_page(policies.PERMIT_UNFREEZE)
def frozen_permits(request: HttpRequest) -> HttpResponse:
    """Permits frozen for a missed person inspection (R-I03), with their unfreezing (R-I05)."""
    return _frozen_permits(request)


@require_POST
@office_page(policies.PERMIT_UNFREEZE)
def permit_unfreeze_view(request: HttpRequest, permit_no: str) -> HttpResponse:
    """R-I05: on the unit's written request (permits.services.permit_unfreeze records the inspection)."""
    try:
        permit = permit_for(user(request), permit_no, clock.today())
    except NotFound as exc:
        raise Http404 from exc
    form = NoteForm(request.POST)
    try:
        permit_unfreeze(actor(request), permit.pk, note=form.cleaned_data["note"] if form.is_valid() else "")
    except DomainError as exc:
        return _frozen_permits(request, refused=permit_no, errors=refusal(exc), status=exc.status)
    messages.success(request, _("证件 %(no)s 已解除冻结，并记录了当年的个人年检。") % {"no": permit_no})
    return redirect("office:frozen-permits")
