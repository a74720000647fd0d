"""The unit's staff and their permits: a searchable, filterable list with masked ID numbers (R-S02),
the permit page with the full data (audited) and what can be filed for it, and the card."""

from django.contrib import messages
from django.db.models import BooleanField, ExpressionWrapper
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import policies
from audit.services import audit_record
from cases.models import CaseStatus, CaseType, open_cases
from cases.selectors import cases_visible_to
from core import clock
from core.crypto import mask_id
from core.errors import DomainError, NotFound
from core.pagination import page
from documents.service import permit_card
from inspections.conditions import person_inspected, person_inspection_required
from permits.models import LIVE_STATUSES, Permit, PermitStatus
from permits.presenters import permit_out
from permits.selectors import permit_for, permits_visible_to
from permits.services import permit_report_loss
from rules.loss import ENDED
from rules.renewal import renewal_window
from web.access import actor, error_messages, unit_page, user
from web.errors import summary
from web.present import VALUES, describe
from web.unit.common import attachment, visible_case
from web.unit.forms import LossReportForm
from web.unit.sheets import PERMIT_FILTERS, export_query

# What the unit can file for one of its permits, from the permit page (cases of these types).
ACTIONS = (
    CaseType.RENEWAL,
    CaseType.ADDRESS_CHANGE,
    CaseType.DEPENDENTS_CHANGE,
    CaseType.GENERAL_CHANGE,
    CaseType.REPLACEMENT,
    CaseType.CANCELLATION,
)


@unit_page(policies.PERMIT_READ)
@require_GET
def permit_list(request: HttpRequest) -> HttpResponse:
    """Search by the holder's name, filter by status; a page at a time (cursor), newest first."""
    today = clock.today()
    q, status = request.GET.get("q", "").strip(), request.GET.get("status", "")
    qs = permits_visible_to(user(request), today).annotate(
        inspected=person_inspected(today.year),
        # the one question of the inspection page and the dashboard too (R-I03)
        inspection_required=ExpressionWrapper(person_inspection_required(today.year), BooleanField()),
    )
    if q:
        qs = qs.filter(holder__name__icontains=q)
    if status in PermitStatus.values:
        qs = qs.in_status(status, today)
    try:
        rows, cursor = page(qs, 50, request.GET.get("cursor") or None)
    except DomainError as exc:
        raise Http404 from exc
    items = [
        {"permit": p, "id_masked": mask_id(p.holder.id_number), "status": PermitStatus(p.status_now)}  # type: ignore[attr-defined]
        for p in rows
    ]
    context = {
        "items": items,
        "next_cursor": cursor,
        "q": q,
        "status": status,
        "statuses": PermitStatus.choices,
        "year": today.year,
        "paged": bool(request.GET.get("cursor")),
        "export_query": export_query({"status": status}, PERMIT_FILTERS),
    }
    return render(request, "unit/permits.html", context)


def _permit(request: HttpRequest, permit_no: str) -> Permit:
    try:
        return permit_for(user(request), permit_no, clock.today())
    except NotFound as exc:
        raise Http404 from exc


@unit_page(policies.PERMIT_READ)
@require_GET
def permit_page(request: HttpRequest, permit_no: str) -> HttpResponse:
    """The permit with the holder's full ID number; each view is audited (R-S02)."""
    today = clock.today()
    permit = _permit(request, permit_no)
    audit_record(actor(request), "permit.viewed", permit)
    data = permit_out(permit, today, full=True).model_dump()
    opens, closes = renewal_window(permit.expiry_date)
    open_cases_here = cases_visible_to(user(request)).filter(open_cases(), permit=permit).order_by("-pk")
    context = {
        "permit": permit,
        "data": data,
        "status": PermitStatus(data["status"]),
        "holder": permit.holder,
        "sex": VALUES["sex"].get(permit.holder.sex, ""),
        "described": describe({"residence": data["residence"] or {}, "dependents": data["dependents"] or {}}),
        "renewal_opens": opens,
        "renewal_closes": closes,
        "actions": [(t.value, t.label) for t in ACTIONS],
        "open_cases": [
            {"case": c, "type": CaseType(c.type).label, "status": CaseStatus(c.status).label}
            for c in open_cases_here
        ],
        "live": data["status"] in LIVE_STATUSES,
        "reportable": not permit.reported_lost and data["status"] not in ENDED,  # R-W11
    }
    return render(request, "unit/permit.html", context)


@unit_page(policies.PERMIT_LOSS_REPORT)
@require_http_methods(["GET", "POST"])
def permit_loss_report(request: HttpRequest, permit_no: str) -> HttpResponse:
    """R-W11, 挂失 in two steps: the page says what the report does and asks for a confirmation (GET);
    the confirmation reports the card lost at once (POST, permits.services.permit_report_loss). From
    a replacement case (`?case=`), back to that case."""
    permit = _permit(request, permit_no)
    back = request.GET.get("case") or request.POST.get("case") or ""
    case = visible_case(request, int(back)) if back.isdigit() and len(back) < 10 else None
    form = LossReportForm(request.POST or None)
    errors: list[dict[str, object]] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                permit_report_loss(actor(request), permit.pk, note=form.cleaned_data["note"])
            except DomainError as exc:
                errors, status = error_messages(exc), exc.status
            else:
                done = _("证件 %(no)s 已挂失。现在验证这张证件会显示“已挂失，证件不能使用”；"
                         "领取补办的新证后挂失自动结束。")
                messages.success(request, done % {"no": permit.permit_no})
                return redirect("unit:case", case.pk) if case else redirect("unit:permit", permit.permit_no)
        else:
            status = 400
    note_errors = [{"message": m} for m in form["note"].errors]
    context = {
        "permit": permit,
        "status": PermitStatus(permit.status_now),  # type: ignore[attr-defined]
        "form": form,
        "summary": summary(errors, [("loss-note", form["note"].label, note_errors)]),
        "case": case,
    }
    return render(request, "unit/loss_report.html", context, status=status)


@unit_page(policies.PERMIT_READ)
@require_GET
def permit_card_pdf(request: HttpRequest, permit_no: str) -> HttpResponse:
    """The card as printed at collection: the same bytes as GET /api/v1/permits/{no}/card.pdf."""
    permit = _permit(request, permit_no)
    return attachment(permit_card(permit, actor(request)), "application/pdf", f"{permit.permit_no}-card.pdf")
