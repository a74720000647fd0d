"""The officials' workbench (/office/): the case queues, the case page with its decisions, and the
compliance lists. Every read goes through the scoped selectors (another district's case is 404) and
every decision through cases.services; a refusal is shown next to the control it names."""

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accounts import policies
from accounts.models import User
from accounts.roles import Role
from audit.services import audit_record
from cases import services, transitions
from cases.files import case_photo
from cases.models import COLLECTED_TYPES, Case, CaseStatus, CaseType
from cases.selectors import case_for, case_rows, cases_visible_to, queue_rows
from cases.types import spec_for
from core import clock
from core.errors import Conflict, DomainError, NotFound
from core.numbers import normalise_number
from documents import exports
from documents.uploads import document_download
from permits import selectors as permit_selectors
from rules.engine import REGISTRY
from rules.types import rules_for
from web.access import actor, error_messages, office_page, user
from web.errors import form_summary, summary
from web.office.forms import (
    AWAITING_COLLECTION,
    QUEUE_LABELS,
    STATUS_CHOICES,
    ApprovalForm,
    CollectionForm,
    NameFilter,
    QueueFilter,
    ReviewForm,
)
from web.present import ACTIONS, describe
from web.wording import english, rule_source

PER_PAGE = 25
TYPE_LABELS, STATUS_LABELS = dict(CaseType.choices), dict(CaseStatus.choices)
QUEUES = {  # the working queues of each role, in the order of the tabs
    # where the review waits, where the unit's answer to a request waits, where the card waits
    Role.DISTRICT_REVIEWER: [transitions.one("review"), transitions.one("resubmit"), AWAITING_COLLECTION],
    Role.CITY_APPROVER: [transitions.one("approval")],
}
# Where each decision form shows an error naming a field (beside which control); any other error
# goes on top of the form.
SLOTS = {
    "review": {"materials_received": "checklist", "missing": "checklist", "note": "note"},
    "approval": {"note": "note", "confirm_special_talent": "confirm"},
    "collection": {"collected_by": "collected_by", "note": "note"},
}
# The control each slot's errors are about, as the error summary links it (dom id, label), in the
# order of the form; a group (the checklist, the radios) is linked by its first input ("": the
# checklist's first box).
TARGETS = {
    "review": {"checklist": ("", _lazy("已收到的材料")), "note": ("review-note", _lazy("意见"))},
    "approval": {
        "confirm": ("confirm-special-talent", _lazy("特殊人才条件确认")),
        "note": ("approval-note", _lazy("意见")),
    },
    "collection": {
        "collected_by": ("collected-holder", _lazy("领证人")),
        "note": ("collection-note", _lazy("备注")),
    },
}


def paginate(request: HttpRequest, qs: QuerySet[Any], count: int | None = None) -> Page:
    """The page asked for (`?page=`); `count`: the number of rows of `qs` when the caller has counted
    them already (the queue's tab), so the pager asks no COUNT of its own."""
    paginator = Paginator(qs, PER_PAGE)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


def _with_status(qs: QuerySet[Case], status: str) -> QuerySet[Case]:
    if status == AWAITING_COLLECTION:
        return qs.filter(status=CaseStatus.APPROVED, type__in=COLLECTED_TYPES)
    return qs.filter(status=status)


def _queue_condition(status: str) -> Q:
    if status == AWAITING_COLLECTION:
        return Q(status=CaseStatus.APPROVED, type__in=COLLECTED_TYPES)
    return Q(status=status)


def _queue_filters(request: HttpRequest, account: User) -> tuple[QueueFilter, str, dict[str, Any]]:
    """The queue asked for: the filter form, the chosen queue (the role's first by default; none when
    a case number is asked for: `?number=` finds its case in any status) and the valid filters (none
    when the form is invalid)."""
    form = QueueFilter(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    filters["number"] = normalise_number(filters.get("number") or "")  # as typed or scanned (core.numbers)
    if filters["number"]:
        return form, "", filters
    return form, filters.get("status") or QUEUES[Role(account.role)][0], filters


def _export_query(status: str, filters: dict[str, Any]) -> str:
    """The query string of the queue's export: the same queue and filters as the page shown."""
    wanted = {"status": status, "type": filters.get("type"), "unit": filters.get("unit")}
    return urlencode({key: value for key, value in wanted.items() if value})


@office_page(policies.CASE_READ)
def queue(request: HttpRequest) -> HttpResponse:
    """The role's queues with their counts (one query); the chosen one, oldest submission first."""
    account, today = user(request), clock.today()
    queues = QUEUES[Role(account.role)]
    form, status, filters = _queue_filters(request, account)
    visible = queue_rows(cases_visible_to(account))
    # Counted over the rows of the role's queues only, which an index finds (not every case in scope).
    statuses = [CaseStatus.APPROVED.value if key == AWAITING_COLLECTION else key for key in queues]
    counts = visible.filter(status__in=statuses).aggregate(
        **{key: Count("pk", filter=_queue_condition(key)) for key in queues}
    )
    qs = _with_status(visible, status) if status else visible
    if filters["number"]:  # ?number=: the case of that number, in any status
        qs = qs.filter(number=filters["number"])
    if filters.get("type"):
        qs = qs.filter(type=filters["type"])
    if filters.get("unit"):
        qs = qs.filter(unit__name__icontains=filters["unit"])
    narrowed = filters["number"] or filters.get("type") or filters.get("unit")
    page = paginate(request, qs.order_by(F("submitted_on").asc(nulls_last=True), "pk"),
                    count=None if narrowed else counts.get(status))  # the tab's count is the queue's
    rows = [  # the labels read from the tables once, not Django's get_*_display a row (issue 14)
        {
            "case": c,
            "type": TYPE_LABELS[c.type],
            "status": STATUS_LABELS[c.status],
            "age": (today - c.submitted_on).days if c.submitted_on else None,
        }
        for c in page.object_list
    ]
    tabs = [
        {"status": key, "label": QUEUE_LABELS[key], "count": counts[key], "current": key == status}
        for key in queues
    ]
    context = {
        "form": form,
        "summary": form_summary(form),
        "tabs": tabs,
        "page": page,
        "rows": rows,
        "today": today,
        "current_status": status,
        "status_label": dict(STATUS_CHOICES).get(status, status)
        if status
        else _("办件编号 %(number)s") % {"number": filters["number"]},
        "number": filters["number"],
        "export_query": _export_query(status, filters),
    }
    return render(request, "office/queue.html", context)


@office_page(policies.CASE_READ)
def queue_export(request: HttpRequest) -> FileResponse:
    """The queue shown by `queue` with the same filters, as documents.exports' 申请办件 sheet (scoped,
    ID numbers masked, audited as export.downloaded)."""
    account = user(request)
    _, status, filters = _queue_filters(request, account)
    status = status or QUEUES[Role(account.role)][0]  # a queue, never one case's number
    awaiting = status == AWAITING_COLLECTION
    stream = exports.applications_export(
        actor(request),
        status=CaseStatus.APPROVED.value if awaiting else status,
        types=[t.value for t in COLLECTED_TYPES] if awaiting else None,
        type=filters.get("type") or None,
        unit_name=filters.get("unit") or None,
    )
    return exports.xlsx_response(stream, f"queue-{status}-{clock.today():%Y%m%d}.xlsx")


def _case(request: HttpRequest, case_id: int) -> Case:
    try:
        return case_for(user(request), case_id)
    except NotFound as exc:
        raise Http404 from exc


DECISIONS = ("review", "approval", "collection")  # the forms of the case page, one at a time


def _control(role: str, case: Case) -> str | None:
    """The one decision form the case's state and the user's role allow: the action's policy and
    its row of the transition table, as the API's route and the service judge them."""
    return next((a for a in DECISIONS if transitions.may(role, a, case.type, case.status)), None)


def _rule_rows(case: Case, today: dt.date) -> tuple[list[dict[str, Any]], Any]:
    """Every rule of the type with its citation, and what today's evaluation found against it."""
    result = services.eligibility(case, today)
    rows = []
    for rule_id in rules_for(case.type):
        rule = REGISTRY[rule_id]
        rows.append(
            {
                "id": rule_id,
                "title": rule.title_en if english() else rule.title_zh,
                "seed": rule_source(rule.seed),
                "failures": [f.message for f in result.failures if f.rule == rule_id],
                "discretion": rule_id in result.needs_discretion,
            }
        )
    return rows, result


def _render_case(
    request: HttpRequest,
    case: Case,
    *,
    failed: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page: the full (audited, R-S02) data, checklist, eligibility, copies, history and
    the decision the state allows. After a refusal, `failed` names the form and `errors` its
    messages, each beside the control it names."""
    account, today = user(request), clock.today()
    audit_record(actor(request), "case.viewed", case)
    control = _control(account.role, case)
    rules, result = _rule_rows(case, today)
    posted = request.POST if failed else None
    received = set(posted.getlist("materials_received") if posted else case.materials_received or [])
    missing = set(posted.getlist("missing") if posted else [])
    by_field: dict[str, list[dict[str, Any]]] = {}
    general = []
    for item in errors or []:
        slot = SLOTS.get(failed or "", {}).get(item.get("field") or "")
        if slot:
            by_field.setdefault(slot, []).append(item)
        else:
            general.append(item)
    permit = case.permit
    checklist = services.checklist(case, today)
    if failed and failed == control:  # each error linked to its control, in the order of the form
        first = f"received-{checklist[0].code}" if checklist else "decision"
        fields = [(dom_id or first, label, by_field[slot])
                  for slot, (dom_id, label) in TARGETS[failed].items() if slot in by_field]
        errors_summary = summary(general, fields)
    else:  # the form is gone (someone acted first): the refusal alone, on top
        errors_summary = summary(errors or [])
    documents = list(case.documents.all())
    listed = {i.code for i in checklist}
    context = {
        "case": case,
        "today": today,
        "sections": describe(case.data or {}),
        "holder": permit.holder if permit is not None else None,
        "checklist": [  # each item with the copies the unit uploaded for it, shown in its row
            {
                "item": i,
                "received": i.code in received,
                "missing": i.code in missing,
                "documents": [d for d in documents if d.item_code == i.code],
            }
            for i in checklist
        ],
        "rules": rules,
        "eligible": result.eligible,
        "needs_discretion": "R-P03" in result.needs_discretion,
        "documents": documents,
        "other_documents": [d for d in documents if d.item_code not in listed],  # the list changed
        "history": [
            {
                "event": e,
                "action": ACTIONS.get(e.action, e.action),
                "role": Role(e.actor_role).label if e.actor_role in Role.values else e.actor_role,
                "from": CaseStatus(e.from_status).label if e.from_status else "",
                "to": CaseStatus(e.to_status).label,
            }
            for e in case.events.all()
        ],
        "control": control,
        "failed": failed,
        "errors": by_field,
        "summary": errors_summary,
        "posted": posted,
        "decided": case.status not in transitions.UNDECIDED,
        "prints_form": bool((spec := spec_for(case.type)) and spec.prints_form),  # R-W10
    }
    return render(request, "office/case.html", context, status=status)


@office_page(policies.CASE_READ)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    return _render_case(request, _case(request, case_id))


def refusal(exc: DomainError) -> list[dict[str, Any]]:
    """A service's refusal as messages for the page. A state conflict that names no rule (someone
    else acted first, or the page was stale) is said in plain words, with the service's detail."""
    if isinstance(exc, Conflict) and not exc.errors:
        return [
            {
                "message": _("当前状态不允许这个操作（可能已由他人处理），请查看最新状态。（%(detail)s）")
                % {"detail": exc.detail}
            }
        ]
    return error_messages(exc)


def _decide(request: HttpRequest, case: Case, name: str, call: Any, done: str) -> HttpResponse:
    """Call the service; on success back to the case page with a message, else the case as it is
    now with the refusal beside the controls, answered with the API's status (409, 422)."""
    try:
        call()
    except DomainError as exc:
        return _render_case(
            request, _case(request, case.pk), failed=name, errors=refusal(exc), status=exc.status
        )
    messages.success(request, done)
    return redirect("office:case", case.pk)


def _invalid(request: HttpRequest, case: Case, name: str) -> HttpResponse:
    error = {"message": _("提交的内容不完整或无效，请重新选择后再提交。")}
    return _render_case(request, case, failed=name, errors=[error], status=400)


@require_POST
@office_page(policies.CASE_REVIEW)
def case_review(request: HttpRequest, case_id: int) -> HttpResponse:
    """初审 at the window: pass / request a supplement / reject (cases.services.case_review)."""
    case = _case(request, case_id)
    codes = [i.code for i in services.checklist(case, clock.today())]
    form = ReviewForm(request.POST, codes=codes)
    if not form.is_valid():
        return _invalid(request, case, "review")
    data = form.cleaned_data
    done = {
        "pass": _("初审通过。"),
        "reject": _("已作出不予通过的决定。"),
        "request_supplement": _("已通知单位补充材料。"),
    }[data["decision"]]
    return _decide(
        request,
        case,
        "review",
        lambda: services.case_review(
            actor(request),
            case.pk,
            decision=data["decision"],
            materials_received=data["materials_received"],
            missing=data["missing"],
            note=data["note"],
        ),
        done,
    )


@require_POST
@office_page(policies.CASE_APPROVAL)
def case_approval(request: HttpRequest, case_id: int) -> HttpResponse:
    """审批 by the city: approve / reject, R-P03(c) confirmed explicitly (cases.services.case_approve)."""
    case = _case(request, case_id)
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, "approval")
    data = form.cleaned_data
    done = _("已批准。") if data["decision"] == "approve" else _("已作出不予批准的决定。")
    return _decide(
        request,
        case,
        "approval",
        lambda: services.case_approve(
            actor(request),
            case.pk,
            decision=data["decision"],
            note=data["note"],
            confirm_special_talent=data["confirm_special_talent"],
        ),
        done,
    )


@require_POST
@office_page(policies.CASE_COLLECTION)
def case_collection(request: HttpRequest, case_id: int) -> HttpResponse:
    """领证 at the district window (cases.services.case_collect)."""
    case = _case(request, case_id)
    form = CollectionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, "collection")
    data = form.cleaned_data
    return _decide(
        request,
        case,
        "collection",
        lambda: services.case_collect(
            actor(request), case.pk, collected_by=data["collected_by"], note=data["note"]
        ),
        _("已登记领证。"),
    )


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@office_page(policies.CASE_READ)
def case_document(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    """An uploaded copy, checked and audited by documents.uploads.document_download."""
    try:
        document, content = document_download(actor(request), case_id, document_id)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        for item in error_messages(exc):  # in the page's language (web.wording), not the API's detail
            messages.error(request, item["message"])
        return redirect("office:case", case_id)
    return _attachment(content, document.content_type, document.served_name)


@office_page(policies.CASE_READ)
def case_photo_view(request: HttpRequest, case_id: int) -> HttpResponse:
    """The applicant's photo, checked and audited by cases.files.case_photo."""
    case = _case(request, case_id)
    try:
        content, content_type = case_photo(case, actor(request))
    except DomainError as exc:
        raise Http404 from exc
    return _attachment(content, content_type, f"photo-{case.pk}.{content_type.split('/')[1]}")


@office_page(policies.CASE_READ)
def late_cancellations(request: HttpRequest) -> HttpResponse:
    """Cancellations filed more than 5 days after the leaving date (R-C01), newest first."""
    form = NameFilter(request.GET)
    qs = case_rows(cases_visible_to(user(request))).filter(type=CaseType.CANCELLATION, late=True)
    if form.is_valid() and form.cleaned_data["unit"]:
        qs = qs.filter(unit__name__icontains=form.cleaned_data["unit"])
    page = paginate(request, qs.order_by("-submitted_at", "-pk"))
    rows = []
    for c in page.object_list:
        left_on = dt.date.fromisoformat((c.data or {})["left_on"])
        rows.append(
            {
                "case": c,
                "left_on": left_on,
                "days": (c.submitted_on - left_on).days if c.submitted_on else None,
            }
        )
    return render(request, "office/late_cancellations.html", {"form": form, "page": page, "rows": rows})


@office_page(policies.COMPLIANCE_READ)
def omitted_cancellations(request: HttpRequest) -> HttpResponse:
    """Permits moved by an employer change although the former unit never cancelled them (R-C01),
    listed for the former unit's district."""
    form = NameFilter(request.GET)
    qs = permit_selectors.omitted_cancellations(user(request))
    if form.is_valid() and form.cleaned_data["unit"]:
        qs = qs.filter(from_unit__name__icontains=form.cleaned_data["unit"])
    page = paginate(request, qs.order_by("-transferred_on", "-pk"))
    return render(request, "office/omitted_cancellations.html", {"form": form, "page": page})
