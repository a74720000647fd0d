"""Small pieces every page of the employer portal uses."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from accounts.actor import Actor
from cases.models import Case
from cases.selectors import case_for
from core.errors import DomainError, NotFound
from documents.service import application_form
from rules.engine import REGISTRY
from web.access import user
from web.wording import english, rule_source


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def visible_case(request: HttpRequest, case_id: int) -> Case:
    """The unit's own case; anything else is the 404 page (never 403: existence does not leak)."""
    try:
        return case_for(user(request), case_id)
    except NotFound as exc:
        raise Http404 from exc


def rule_title(rule_id: str | None) -> str:
    """The rule's short title from the registry, in the page's language ("" for an unregistered ID)."""
    rule = REGISTRY.get(rule_id or "")
    if rule is None:
        return ""
    return rule.title_en if english() else rule.title_zh


def rule_ref(rule_id: str) -> dict[str, Any]:
    """A rule ID with its title and seed passage, for "why" explanations."""
    rule = REGISTRY.get(rule_id)
    return {"id": rule_id, "title": rule_title(rule_id), "seed": rule_source(rule.seed) if rule else ""}


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """The same bytes the API serves, as a download (security decision 9: never rendered inline)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def form_pdf(case: Case, acting: Actor) -> HttpResponse:
    """The printed application form (R-W10) as a download, for either portal: the same bytes as
    GET /api/v1/applications/{id}/form.pdf; a type without a printed form is 404."""
    try:
        pdf = application_form(case, acting)
    except DomainError as exc:
        raise Http404 from exc
    return attachment(pdf, "application/pdf", f"{case.number}.pdf")
