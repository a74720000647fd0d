"""A permit on the workbench: its data (the full 身份证 number, audited: R-S02), the cases filed on it,
its card and application form to print at the window, and its loss report (挂失, R-W11) — reported
at the window or withdrawn when the card is found, by the district. Reads are scoped (another
district's permit is 404); changes go through permits.services."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import policies
from audit.services import audit_record
from cases.models import COLLECTED_TYPES, Case, CaseStatus, CaseType
from cases.selectors import case_for, cases_visible_to
from cases.types import spec_for
from core import clock
from core.errors import DomainError, NotFound
from documents.service import permit_card
from permits.models import Permit, PermitStatus
from permits.presenters import permit_out
from permits.selectors import permit_for
from permits.services import permit_report_loss, permit_withdraw_loss_report
from rules.loss import ENDED
from web.access import actor, office_page, user
from web.errors import summary
from web.office.forms import LossNoteForm
from web.office.views import refusal
from web.present import describe
from web.unit.common import attachment, form_pdf

FORMS = ("report", "withdraw")  # the loss report's forms of the page, one at a time


def _permit(request: HttpRequest, permit_no: str) -> Permit:
    try:
        return permit_for(user(request), permit_no, clock.today())
    except NotFound as exc:
        raise Http404 from exc


def _cases(request: HttpRequest, permit: Permit) -> list[dict[str, Any]]:
    """The cases filed on the permit that the official sees, newest first, each with its printed form
    when its type has one (R-W10)."""
    rows = cases_visible_to(user(request)).filter(permit=permit).order_by("-pk")
    return [
        {
            "case": c,
            "type": CaseType(c.type).label,
            "status": CaseStatus(c.status).label,
            "prints_form": bool((spec := spec_for(c.type)) and spec.prints_form),
        }
        for c in rows
    ]


def _render(
    request: HttpRequest,
    permit: Permit,
    *,
    failed: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The permit page. After a refused report or withdrawal, `failed` names the form and `errors`
    its messages: beside the reason field when they name it, else on top of the form."""
    today, role = clock.today(), user(request).role
    audit_record(actor(request), "permit.viewed", permit)  # the full ID number is shown (R-S02)
    data = permit_out(permit, today, full=True).model_dump()
    permit_status = PermitStatus(data["status"])
    ended = permit_status in ENDED
    errors = errors or []
    may_report = policies.PERMIT_LOSS_REPORT.allows(role) and not permit.reported_lost and not ended
    may_withdraw = policies.PERMIT_LOSS_WITHDRAW.allows(role) and permit.reported_lost
    note_errors = [e for e in errors if e.get("field") == "note"]
    general_errors = [e for e in errors if e.get("field") != "note"]
    if failed and failed == ("withdraw" if may_withdraw else "report" if may_report else None):
        label = _("撤销挂失的理由") if failed == "withdraw" else _("遗失情况")
        errors_summary = summary(general_errors, [(f"{failed}-note", label, note_errors)])
    else:  # the form posted is gone (the permit changed meanwhile): the refusal alone
        errors_summary = summary(errors)
    context = {
        "permit": permit,
        "data": data,
        "status": permit_status,
        "described": describe({"residence": data["residence"] or {}, "dependents": data["dependents"] or {}}),
        "cases": _cases(request, permit),
        "printable": not ended and not permit.reported_lost,  # a card that would verify as it should
        "may_report": may_report,
        "may_withdraw": may_withdraw,
        "failed": failed,
        "note_errors": note_errors,
        "summary": errors_summary,
        "posted": request.POST if failed else None,
    }
    return render(request, "office/permit.html", context, status=status)


@office_page(policies.PERMIT_READ)
@require_GET
def permit_page(request: HttpRequest, permit_no: str) -> HttpResponse:
    return _render(request, _permit(request, permit_no))


def _loss_act(request: HttpRequest, permit_no: str, name: str) -> HttpResponse:
    """Report (at the window) or withdraw (the card was found) through permits.services; a refusal
    comes back on the page with the service's status (409, 422), the reason typed kept."""
    permit = _permit(request, permit_no)
    form = LossNoteForm(request.POST)
    if not form.is_valid():
        error = {"message": _("备注或理由不能超过2000字。"), "field": "note"}
        return _render(request, permit, failed=name, errors=[error], status=400)
    note = form.cleaned_data["note"]
    try:
        if name == "report":
            permit_report_loss(actor(request), permit.pk, note=note)
        else:
            permit_withdraw_loss_report(actor(request), permit.pk, note=note)
    except DomainError as exc:
        now = _permit(request, permit_no)  # as it is after the refusal
        return _render(request, now, failed=name, errors=refusal(exc), status=exc.status)
    done = {
        "report": _("已登记挂失。验证这张证件现在显示“已挂失，证件不能使用”，直到领取补办的新证。"),
        "withdraw": _("已撤销挂失，证件恢复按实际状态验证。"),
    }[name]
    messages.success(request, done)
    return redirect("office:permit", permit.permit_no)


@require_POST
@office_page(policies.PERMIT_LOSS_REPORT)
def permit_loss_report(request: HttpRequest, permit_no: str) -> HttpResponse:
    """R-W11 at the window: the district reports the card lost for the unit or the holder."""
    return _loss_act(request, permit_no, "report")


@require_POST
@office_page(policies.PERMIT_LOSS_WITHDRAW)
def permit_loss_withdraw(request: HttpRequest, permit_no: str) -> HttpResponse:
    """R-W11: only the district withdraws a loss report (the card was found), with a reason."""
    return _loss_act(request, permit_no, "withdraw")


@office_page(policies.PERMIT_READ)
@require_GET
def permit_card_pdf(request: HttpRequest, permit_no: str) -> HttpResponse:
    """The card as printed at collection (the same bytes as GET /api/v1/permits/{no}/card.pdf), to
    print again at the window; audited (permit.card_downloaded)."""
    permit = _permit(request, permit_no)
    return attachment(permit_card(permit, actor(request)), "application/pdf", f"{permit.permit_no}-card.pdf")


def collected_card(case: Case) -> Permit | None:
    """The card a collected `new` or `replacement` case handed out (R-W04): the permit's current card,
    once the collection is recorded — a replacement's new version exists only from then on."""
    if case.type not in COLLECTED_TYPES or case.status != CaseStatus.COLLECTED or case.permit is None:
        return None
    return case.permit


def _case(request: HttpRequest, case_id: int) -> Case:
    try:
        return case_for(user(request), case_id)
    except NotFound as exc:
        raise Http404 from exc


@office_page(policies.PERMIT_READ)
@require_GET
def case_card_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    """The card handed out at the collection of this case, printed at the window once the collection
    is recorded; its audit row names the case (permit.card_downloaded)."""
    case = _case(request, case_id)
    permit = collected_card(case)
    if permit is None:
        raise Http404
    pdf = permit_card(permit, actor(request), case=case.number)
    return attachment(pdf, "application/pdf", f"{permit.permit_no}-card.pdf")


@office_page(policies.CASE_READ)
@require_GET
def case_form_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    """The printed application form (R-W10), the same bytes as GET /api/v1/applications/{id}/form.pdf."""
    return form_pdf(_case(request, case_id), actor(request))
