"""The unit's applications: the list, starting one of each type, the case page whose form redraws the
eligibility and the materials checklist as it is filled (htmx, unsaved) and saves the draft, the photo
and electronic copies, submit / withdraw, the printed form and letter, and the service rating.
Every change is a call of cases.services (or documents, cases.ratings); nothing is judged here."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import policies
from accounts.roles import Role
from audit.services import audit_record
from cases import ratings, services, transitions
from cases.commitment import STATEMENT, TICK, Commitment
from cases.facts import permit_facts
from cases.files import case_photo
from cases.models import COLLECTED_TYPES, OPEN_STATUSES, Case, CaseStatus, CaseType, Rating
from cases.presenters import case_out
from cases.progress import progress
from cases.selectors import case_rows, cases_visible_to
from cases.types import spec_for
from core import clock
from core.errors import DomainError
from core.pagination import page
from documents import uploads
from documents.letters import case_letter
from documents.templates import DOCX
from rules.renewal import holding_period_months
from web.access import actor, error_messages, unit_page, user
from web.errors import form_fields, summary
from web.present import ACTIONS, describe
from web.unit import forms
from web.unit.common import attachment, form_pdf, is_htmx, rule_ref, rule_title, visible_case
from web.unit.dashboard import collectable_cases, collection_window
from web.unit.sheets import CASE_FILTERS, export_query

# the photo's block on the case page (templates/unit/_photo.html): where R-W09's failure links
PHOTO = "photo-block"
# a case with no confirmation page: back with the unit, or withdrawn
NOT_SUBMITTED = (CaseStatus.DRAFT, CaseStatus.SUPPLEMENT_REQUESTED, CaseStatus.WITHDRAWN)


@unit_page(policies.CASE_READ)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """The unit's cases, newest first, filtered by type and status; a page at a time (cursor)."""
    qs = case_rows(cases_visible_to(user(request)), data=False)
    case_type, status = request.GET.get("type", ""), request.GET.get("status", "")
    if case_type in CaseType.values:
        qs = qs.filter(type=case_type)
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    try:
        rows, cursor = page(qs, 50, request.GET.get("cursor") or None)
    except DomainError as exc:
        raise Http404 from exc
    context = {
        "rows": rows,
        "next_cursor": cursor,
        "type": case_type,
        "status": status,
        "types": CaseType.choices,
        "statuses": CaseStatus.choices,
        "paged": bool(request.GET.get("cursor")),
        "export_query": export_query({"type": case_type, "status": status}, CASE_FILTERS),
    }
    return render(request, "unit/cases.html", context)


@unit_page(policies.CASE_CREATE)
@require_GET
def case_new(request: HttpRequest) -> HttpResponse:
    """Which kind of application to start, each with what it is for."""
    permit_no = request.GET.get("permit_no", "")
    types = [{"value": t.value, "label": t.label, "purpose": forms.PURPOSES[t]} for t in CaseType]
    return render(request, "unit/case_new.html", {"types": types, "permit_no": permit_no})


@unit_page(policies.CASE_CREATE)
@require_http_methods(["GET", "POST"])
def case_start(request: HttpRequest, case_type: str) -> HttpResponse:
    """The first part of a type's form; the rest is filled on the case page, with live eligibility."""
    if case_type not in CaseType.values:
        raise Http404
    values: dict[str, Any] = {"permit_no": request.GET.get("permit_no", "")}
    errors: list[dict[str, Any]] = []
    status = 200
    if request.method == "POST":
        values = dict(request.POST.items())
        try:
            case = services.case_create(
                actor(request), case_type, forms.creation_data(case_type, request.POST)
            )
        except DomainError as exc:
            errors, status = error_messages(exc), exc.status
        else:
            messages.success(request, _("草稿已创建，请继续填写；页面随时显示是否符合办理条件。"))
            return redirect("unit:case", case.pk)
    sections = forms.bind(case_type, values, only_first=True)
    general = forms.attach(sections, errors)
    context = {
        "case_type": case_type,
        "type_label": CaseType(case_type).label,
        "purpose": forms.PURPOSES[CaseType(case_type)],
        "sections": sections,
        "summary": summary(general, forms.summary_fields(sections)),
    }
    return render(request, "unit/case_start.html", context, status=status)


def _months(case: Case, today: dt.date) -> list[str]:
    wanted = None
    if case.type == CaseType.RENEWAL and case.permit is not None:
        facts = permit_facts(case.permit, today)
        wanted = holding_period_months(facts, today) if facts is not None else None
    return forms.month_rows(case.type, case.data or {}, today, wanted)


def _sections(
    case: Case,
    today: dt.date,
    values: dict[str, Any] | None,
    errors: list[dict[str, Any]],
    extra_rows: int = forms.EXTRA_CHILD_ROWS,
) -> tuple[list[forms.BoundSection], list[dict[str, Any]]]:
    values = forms.flatten(case.data or {}) if values is None else values
    sections = forms.bind(case.type, values, months=_months(case, today), extra_rows=extra_rows)
    return sections, forms.attach(sections, errors)


def _panel(case: Case, today: dt.date, sections: list[forms.BoundSection] | None = None) -> dict[str, Any]:
    """The eligibility and checklist of the case as of today (cases.presenters.case_out); a failure
    that names a field of the form (`sections`, by default the form of the stored data) links to it."""
    out = case_out(case, today, role=Role.UNIT).model_dump()
    drawn = _sections(case, today, None, [])[0] if sections is None else sections
    known = {b.name for b in forms.bound_fields(drawn)}
    failures = [
        {
            **f,
            "title": rule_title(f.get("rule")),
            "anchor": forms.dom_id("f", f["field"]) if f.get("field") in known else
            (PHOTO if f.get("field") == "photo" else None),
        }
        for f in out["eligibility"]["failures"]
    ]
    documents: dict[str, list[dict[str, Any]]] = {}
    for d in out["documents"]:
        documents.setdefault(d["item_code"], []).append(d)
    return {
        "eligible": out["eligibility"]["eligible"],
        "failures": failures,
        "needs_discretion": out["eligibility"].get("needs_discretion", []),
        "checklist": [{**item, "documents": documents.get(item["code"], [])} for item in out["checklist"]],
        "uploadable": _may("upload", case),
        "editable": _may("patch", case),
    }


def _may(action: str, case: Case) -> bool:
    """Whether the page offers the unit the action: its policy and the transition table's status."""
    return transitions.may(Role.UNIT, action, case.type, case.status)


def _supplement(case: Case, today: dt.date) -> dict[str, Any] | None:
    """What the district asked for, when the case is back with the unit (R-W07)."""
    if case.status != CaseStatus.SUPPLEMENT_REQUESTED:
        return None
    titles = {i.code: i.title for i in services.checklist(case, today)}
    asked = [e for e in case.events.all() if e.action == "review.request_supplement"]
    return {
        "items": [(code, titles.get(code, "")) for code in case.materials_missing or []],
        "note": asked[-1].note if asked else "",
        "on": case.supplement_requested_on,
    }


def _collection(request: HttpRequest, case: Case, today: dt.date) -> dict[str, Any] | None:
    """可取证 (R-W04): for an approved case whose card waits at the window — one the dashboard's 可领证
    lists (web.unit.dashboard.collectable_cases) — where and when to collect it, drawn as there."""
    if case.status != CaseStatus.APPROVED or case.type not in COLLECTED_TYPES:
        return None  # the common answer needs no query
    if not collectable_cases(user(request), case.unit).filter(pk=case.pk).exists():
        return None  # the permit moved to another unit (R-E03): the window refuses the card
    return collection_window(case.unit, today)


def _render(
    request: HttpRequest,
    case: Case,
    *,
    values: dict[str, Any] | None = None,
    errors: list[dict[str, Any]] | None = None,
    photo_errors: list[dict[str, Any]] | None = None,
    upload_errors: list[dict[str, Any]] | None = None,
    rating_form: forms.RatingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = clock.today()
    audit_record(actor(request), "case.viewed", case)  # the page shows the full personal data (R-S02)
    editable = _may("patch", case)
    sections, general = _sections(case, today, values, errors or []) if editable else ([], errors or [])
    spec = spec_for(case.type)
    context = {
        "case": case,
        "type_label": CaseType(case.type).label,
        "status_label": CaseStatus(case.status).label,
        "editable": editable,
        "sections": sections,
        # the error summary on top (a full page: the live answer's errors go to #form-errors): the
        # form's, the photo's, an upload's, the rating's, a refused withdrawal or rating
        "summary": summary(general, [
            *forms.summary_fields(sections),
            ("f-file", _("申请人照片"), photo_errors or []),
            ("upload-file", _("上传电子件"), upload_errors or []),
            *(form_fields(rating_form) if rating_form else []),
        ]),
        "photo_errors": photo_errors or [],
        "upload_errors": upload_errors or [],
        "panel": _panel(case, today, sections),
        "supplement": _supplement(case, today),
        "collection": _collection(request, case, today),
        "described": [] if editable else describe(case.data or {}),
        "history": _history(case),
        "has_months": any(s.months for s in sections),
        "withdrawable": _may("withdraw", case),
        "prints_form": spec is not None and spec.prints_form,
        "rateable": _may("rate", case) and not Rating.objects.filter(case=case).exists(),
        "rating": Rating.objects.filter(case=case).first(),
        "rating_form": rating_form or forms.RatingForm(),
        "loss": _loss_offer(case),
    }
    return render(request, "unit/case.html", context, status=status)


def _loss_offer(case: Case) -> str | None:
    """R-W11 on a replacement (补办) for a card not damaged but gone: "offer" the loss report at once
    while the case is open and no report stands (a report is refused for a cancelled permit);
    "reported" once it stands; else nothing."""
    permit = case.permit
    if case.type != CaseType.REPLACEMENT or permit is None or (case.data or {}).get("reason") == "damaged":
        return None
    if permit.reported_lost:
        return "reported"
    still_open = case.status in OPEN_STATUSES or case.status == CaseStatus.APPROVED
    return "offer" if still_open and permit.cancelled_at is None else None


def _history(case: Case) -> list[dict[str, Any]]:
    """The case's events; a run of edits of the draft (one per change of the form) is one row."""
    rows: list[dict[str, Any]] = []
    for e in case.events.all():
        if rows and e.action == "patch" and rows[-1]["event"].action == "patch":
            rows[-1]["count"] += 1
            continue
        rows.append(
            {
                "event": e,
                "action": ACTIONS.get(e.action, e.action),
                "count": 1,
                "to": CaseStatus(e.to_status).label,
            }
        )
    return rows


def _apply(request: HttpRequest, case: Case, service: Any) -> tuple[Case, list[dict[str, Any]], int]:
    """The posted form applied to the draft by `service`: cases.services.case_patch (save) or
    case_preview (the same, unsaved). A section the service finds malformed is left as it was and its
    errors are returned; the other sections are applied. Answers the case the service returned (the
    unsaved one of a preview; `case` when nothing was applied), the errors and the status of the
    refusal, as the API answers it (400 malformed, 409 no longer a draft, 423 a frozen unit, R-U05)."""
    data = forms.data_from_post(case.type, forms.filled_months(request.POST))
    try:
        return service(actor(request), case.pk, data), [], 200
    except DomainError as exc:
        errors, status = error_messages(exc), exc.status
    bad = {(e.get("field") or "").split(".")[0] for e in errors}
    rest = {k: v for k, v in data.items() if k not in bad}
    if "" in bad or rest == data or not rest:
        return case, errors, status
    try:
        case = service(actor(request), case.pk, rest)
    except DomainError as exc:
        errors += error_messages(exc)
    return case, errors, status


@unit_page(policies.CASE_READ)
@require_http_methods(["GET", "POST"])
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """GET: the case, with the full personal data (each full page audited, R-S02). POST: save the
    form (the "保存草稿" button). Saved on leaving the page (static/js/case-form.js's beacon, `leaving`),
    it answers 204: nobody sees the answer, and no page view is audited."""
    case = visible_case(request, case_id)
    if request.method == "GET":
        return _render(request, case)
    errors, status = _apply(request, case, services.case_patch)[1:]
    if request.POST.get("leaving"):
        return HttpResponse(status=204)
    if errors:
        fresh = visible_case(request, case_id)
        values = dict(forms.filled_months(request.POST).items())
        return _render(request, fresh, values=values, errors=errors, status=status)
    if request.POST.get("next") == "check":  # 提交申请: the form saved, then 核对信息
        return redirect("unit:case-check", case_id)
    messages.success(request, _("已保存。"))
    return redirect("unit:case", case_id)


def _live(
    request: HttpRequest, case: Case, errors: list[dict[str, Any]], template: str, **extra: Any
) -> HttpResponse:
    today = clock.today()
    # the fields as posted: the rows of the page (an out-of-band swap without its target is an error)
    sections, general = _sections(case, today, dict(request.POST.items()), errors, extra_rows=0)
    context = {
        "case": case,
        "panel": _panel(case, today, sections),
        "slots": forms.error_slots(sections),
        "general_errors": general,
        **extra,
    }
    return render(request, template, context)


@unit_page(policies.CASE_PATCH)
@require_POST
def case_live(request: HttpRequest, case_id: int) -> HttpResponse:
    """htmx, at every change of the form: the eligibility and checklist panel as of today and the
    error next to each field (out of band), for the values on the page, unsaved (cases.services.
    case_preview): nothing is locked or written — the draft is saved by 保存草稿, on the way to
    submitting, and when the clerk leaves the page (static/js/case-form.js)."""
    case = visible_case(request, case_id)
    if not is_htmx(request):
        return case_page(request, case_id)
    preview, errors, _status = _apply(request, case, services.case_preview)  # htmx swaps only a 200
    return _live(request, preview, errors, "unit/_live.html")


@unit_page(policies.CASE_PHOTO)
@require_http_methods(["GET", "POST"])
def case_photo_view(request: HttpRequest, case_id: int) -> HttpResponse:
    """GET: the uploaded photo, to those who may see the case (its preview). POST: upload (R-W09)."""
    case = visible_case(request, case_id)
    if request.method == "GET":
        try:
            content, content_type = case_photo(case, actor(request))
        except DomainError as exc:
            raise Http404 from exc
        return attachment(content, content_type, f"photo-{case.pk}.{content_type.split('/')[1]}")
    upload = request.FILES.get("file")
    errors: list[dict[str, Any]] = []
    if upload is None:
        errors = [{"message": _("请选择照片文件。"), "field": "file"}]
    else:
        try:
            services.case_attach_photo(actor(request), case.pk, upload.read())
        except DomainError as exc:
            errors = error_messages(exc)
    case = visible_case(request, case_id)
    if is_htmx(request):
        today = clock.today()
        context = {"case": case, "panel": _panel(case, today), "photo_errors": errors}
        return render(request, "unit/_photo_response.html", context)
    if errors:
        return _render(request, case, photo_errors=errors, status=422)
    messages.success(request, _("照片已上传。"))
    return redirect("unit:case", case_id)


@unit_page(policies.CASE_UPLOAD)
@require_POST
def case_document_upload(request: HttpRequest, case_id: int) -> HttpResponse:
    """An electronic copy of one checklist item (documents.uploads)."""
    case = visible_case(request, case_id)
    upload = request.FILES.get("file")
    errors: list[dict[str, Any]] = []
    if upload is None:
        errors = [{"message": _("请选择要上传的文件。"), "field": "file"}]
    else:
        try:
            uploads.document_upload(
                actor(request),
                case.pk,
                item_code=request.POST.get("item_code", ""),
                filename=upload.name or "",
                content=upload.read(),
            )
        except DomainError as exc:
            errors = error_messages(exc)
    case = visible_case(request, case_id)
    if is_htmx(request):
        today = clock.today()
        context = {
            "case": case,
            "panel": _panel(case, today),
            "upload_errors": errors,
            "uploaded": not errors,
            "oob_summary": True,
        }
        return render(request, "unit/_live_body.html", context)
    if errors:
        return _render(request, case, upload_errors=errors, status=422)
    messages.success(request, _("电子件已上传。"))
    return redirect("unit:case", case_id)


@unit_page(policies.CASE_READ)
@require_GET
def case_document(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    try:
        document, content = uploads.document_download(actor(request), case_id, document_id)
    except DomainError as exc:
        raise Http404 from exc
    return attachment(content, document.content_type, document.served_name)


def _act(request: HttpRequest, case_id: int, call: Any, done: str) -> HttpResponse:
    case = visible_case(request, case_id)
    try:
        call(actor(request), case.pk)
    except DomainError as exc:
        return _render(request, visible_case(request, case_id), errors=error_messages(exc), status=exc.status)
    messages.success(request, done)
    return redirect("unit:case", case_id)


def _answer(b: forms.Bound) -> Any:
    """A field's value as 核对信息 shows it: a choice by its label, a tick as 是 or 否, an empty field as
    未填写 (or the empty choice's own meaning: 不变更, 未缴纳, 按身份证号码)."""
    if b.kind == "checkbox":
        return _("是") if b.value else _("否")
    labels = {value: str(label) for value, label in b.choices}
    if b.value in ("", None):
        blank = labels.get("", "")
        return blank if blank and blank != _("请选择") else _("未填写")
    return labels.get(b.value, b.value)


def _answers(sections: list[forms.BoundSection]) -> list[dict[str, Any]]:
    """Every answer of the form, section by section (核对信息): label, value and the field's id on the
    case page (its 修改 link). A child row left empty is not an answer; a month is one row."""
    out = []
    for s in sections:
        rows = [{"label": b.label, "value": _answer(b), "id": b.id} for b in s.fields]
        for n, child in enumerate(s.children, 1):
            if any(b.value for b in child):
                rows += [{"label": _("随往子女 %(n)s · %(label)s") % {"n": n, "label": b.label},
                          "value": _answer(b), "id": b.id} for b in child]
        for month in s.months:
            tax, insurance = month["cells"]
            value = _("个人所得税：%(tax)s；社会保险：%(insurance)s") % {
                "tax": _answer(tax), "insurance": _answer(insurance)}
            rows.append({"label": month["month"], "value": value, "id": tax.id})
        out.append({"title": s.title, "rows": rows})
    return out


def _refusal(
    page: str, sections: list[forms.BoundSection], general: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A refused submission at the top of 核对信息 (web.errors.summary): each error linked to what it is
    about — the 诚信声明's box on this page, a field or the photo on the case page (`page`)."""
    here = {"commitment": "#f-commitment", "photo": f"{page}#{PHOTO}"}
    top = [{**e, "href": here.get(e.get("field") or "", "")} for e in general]
    fields = [{**e, "href": f"{page}#{b.id}"} for b in forms.bound_fields(sections) for e in b.errors]
    return summary([*top, *fields])


def _check(
    request: HttpRequest, case: Case, errors: list[dict[str, Any]] | None = None, status: int = 200
) -> HttpResponse:
    """核对信息: every answer with its 修改 link, the eligibility as of today, the photo and the
    materials; the 诚信声明 and the submit button only while every condition holds. `errors`: a
    refused submission, summarised at the top."""
    today = clock.today()
    audit_record(actor(request), "case.viewed", case)  # every answer in full, as the case page (R-S02)
    sections, general = _sections(case, today, None, errors or [])
    page = reverse("unit:case", args=[case.pk])
    context = {
        "case": case,
        "type_label": CaseType(case.type).label,
        "case_url": page,
        "answers": _answers(sections),
        "panel": _panel(case, today, sections),
        # the 诚信声明 ticked on submission (cases.commitment); a refusal for want of it, beside the box
        "commitment": {"statement": _(STATEMENT), "tick": _(TICK),
                       "errors": [e for e in general if e.get("field") == "commitment"]},
        "summary": _refusal(page, sections, general),
    }
    return render(request, "unit/case_check.html", context, status=status)


@unit_page(policies.CASE_SUBMIT)
@require_GET
def case_check(request: HttpRequest, case_id: int) -> HttpResponse:
    """核对信息 before 提交申请 (or 补正后重新提交), reached from the case page once its form is saved;
    a case that cannot be submitted now goes back to its page."""
    case = visible_case(request, case_id)
    if case.status not in transitions.TO_SUBMIT:
        return redirect("unit:case", case_id)
    return _check(request, case)


@unit_page(policies.CASE_SUBMIT)
@require_POST
def case_submit(request: HttpRequest, case_id: int) -> HttpResponse:
    """Submit, or resubmit after a supplement request, from 核对信息: every rule of the type is run
    (422 lists all). The 诚信声明 (告知承诺) is ticked first: unticked, nothing is submitted (400, the
    message beside the box); ticked, the history's submit event records it (cases.commitment). A
    refusal redraws 核对信息 with the error summary; a submission leads to its confirmation."""
    case = visible_case(request, case_id)
    if request.POST.get("commitment") != "on":
        refused = [{"message": _("请阅读诚信声明并勾选后再提交。"), "field": "commitment"}]
        return _check(request, case, refused, status=400)
    try:
        services.case_submit(actor(request), case.pk, commitment=Commitment.WEB)
    except DomainError as exc:
        return _check(request, visible_case(request, case_id), error_messages(exc), status=exc.status)
    return redirect("unit:case-submitted", case_id)


@unit_page(policies.CASE_READ)
@require_GET
def case_submitted(request: HttpRequest, case_id: int) -> HttpResponse:
    """申请已提交 (GOV.UK's confirmation page): the 办件编号 in large type, then what happens next — for
    a case waiting for the district's 初审, its window (address, telephone, next open hours, R-W08) and
    the materials to bring; otherwise what progress says (a cancellation takes effect at once) — how
    to follow it, and the printed form. A case not (or no longer) submitted goes to its page."""
    case = visible_case(request, case_id)
    if case.submitted_at is None or case.status in NOT_SUBMITTED:
        return redirect("unit:case", case_id)
    today = clock.today()
    waiting = case.status == CaseStatus.SUBMITTED
    now = clock.now().astimezone(clock.SHANGHAI).time().replace(tzinfo=None)
    spec = spec_for(case.type)
    context = {
        "case": case,
        "type_label": CaseType(case.type).label,
        "window": {**collection_window(case.unit, today), "rules": [rule_ref("R-W08")]} if waiting else None,
        "checklist": services.checklist(case, today) if waiting else [],
        "next": "" if waiting else progress(case, today=today, now=now).next,
        "prints_form": spec is not None and spec.prints_form,
    }
    return render(request, "unit/case_submitted.html", context)


@unit_page(policies.CASE_WITHDRAW)
@require_POST
def case_withdraw(request: HttpRequest, case_id: int) -> HttpResponse:
    """R-W06: until a district or city decision is recorded."""
    return _act(request, case_id, services.case_withdraw, _("申请已撤回。"))


@unit_page(policies.CASE_RATE)
@require_POST
def case_rate(request: HttpRequest, case_id: int) -> HttpResponse:
    """Service rating (好差评) of a case that has ended (cases.ratings)."""
    case = visible_case(request, case_id)
    form = forms.RatingForm(request.POST)
    if not form.is_valid():  # the errors are shown beside their field, what was typed is kept
        return _render(request, case, rating_form=form, status=400)
    try:
        ratings.case_rate(
            actor(request), case.pk, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
        )
    except DomainError as exc:
        return _render(request, case, errors=error_messages(exc), rating_form=form, status=exc.status)
    messages.success(request, _("感谢您的评价。"))
    return redirect("unit:case", case_id)


@unit_page(policies.CASE_READ)
@require_GET
def case_form_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    """The printed application form (R-W10), the same bytes as GET /api/v1/applications/{id}/form.pdf."""
    return form_pdf(visible_case(request, case_id), actor(request))


@unit_page(policies.CASE_READ)
@require_GET
def case_letter_docx(request: HttpRequest, case_id: int) -> HttpResponse:
    """The unit's application letter for the case, as GET /api/v1/applications/{id}/letter.docx."""
    case = visible_case(request, case_id)
    return attachment(case_letter(case, actor(request)), DOCX, f"{case.number}-letter.docx")
