"""The workbench's search box (every /office/ page, templates/office/_search.html): a case number, a
permit number, a full 身份证 number, or what a scanner types from the QR code of a printed form or
of a card. One match opens its page at once; several are listed; none says so. The same read as
`POST /api/v1/search` (search.selectors), in the same scope: another district's objects are simply
not found. Posted, never a query string: a full ID number stays out of URLs, access logs and the
browser's history (security decision 15); the page shows it back masked (R-S02)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import policies
from core import clock
from core.crypto import mask_name
from rules.states import PermitStatus
from search import selectors
from search.selectors import Hit
from web.access import actor, office_page
from web.errors import form_summary
from web.office.forms import SearchForm


def page_of(hit: Hit) -> str:
    """The workbench page of what was found."""
    if hit.case is not None:
        return reverse("office:case", args=[hit.case.pk])
    assert hit.permit is not None  # noqa: S101 (a hit is a case or a permit)
    return reverse("office:permit", args=[hit.permit.permit_no])


def _row(hit: Hit) -> dict[str, Any]:
    if hit.case is not None:
        case = hit.case
        return {
            "kind": "case",
            "url": page_of(hit),
            "number": case.number,
            "what": case.get_type_display(),  # type: ignore[attr-defined]
            "name": mask_name(case.applicant_name),
            "unit": case.unit.name,
            "status": case.get_status_display(),  # type: ignore[attr-defined]
            "permit_no": case.permit.permit_no if case.permit is not None else "",
        }
    permit = hit.permit
    assert permit is not None  # noqa: S101
    return {
        "kind": "permit",
        "url": page_of(hit),
        "number": permit.permit_no,
        "what": "",
        "name": mask_name(permit.holder.name),
        "unit": permit.unit.name,
        "status": PermitStatus(permit.status_now).label,  # type: ignore[attr-defined]
        "permit_no": "",
    }


@require_POST
@office_page(policies.SEARCH)
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.POST, auto_id="office-search-%s")
    if not form.is_valid():
        errors = [{"message": m} for m in form.errors.get("q", [])]
        context = {"search_errors": errors, "summary": form_summary(form)}
        return render(request, "office/search.html", context, status=200)
    query, hits = selectors.search(actor(request), form.cleaned_data["q"], today=clock.today())
    if len(hits) == 1:
        return redirect(page_of(hits[0]))
    return render(request, "office/search.html", {"query": query, "rows": [_row(h) for h in hits]})
