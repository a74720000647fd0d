"""The error hierarchy. One exception handler (config.api) turns these into problem+json."""

import dataclasses
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found

from core import denials


@dataclass
class ErrorItem:
    message: str
    rule: str | None = None
    field: str | None = None
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"message": self.message}
        if self.rule:
            out["rule"] = self.rule
        if self.field:
            out["field"] = self.field
        out.update(self.extra)
        return out


class DomainError(Exception):
    status = 400
    title = "Bad request"
    type = "about:blank"

    def __init__(self, detail: str = "", errors: list[ErrorItem] | None = None) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors or []
        denials.note(self)  # security decision 18: audited by accounts.denials after the answer


class BadRequest(DomainError):
    status, title = 400, "Malformed request"


class Unauthorized(DomainError):
    status, title = 401, "Not authenticated"


class Forbidden(DomainError):
    status, title = 403, "This role may not do this"


class NotFound(DomainError):
    status, title = 404, "Not found"


class Conflict(DomainError):
    status, title = 409, "Conflict with the current state"


class RuleViolation(DomainError):
    status, title = 422, "Refused by business rules"


class UnitFrozen(DomainError):
    status, title = 423, "The unit is frozen (R-U05)"


class TooManyRequests(DomainError):
    status, title = 429, "Too many requests"


def problem(
    status: int, title: str, detail: str = "", errors: list[dict[str, Any]] | None = None, **extra: Any
) -> JsonResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail or title,
        "errors": errors or [],
    }
    body.update(extra)
    return JsonResponse(
        body,
        status=status,
        content_type="application/problem+json",
        json_dumps_params={"ensure_ascii": False},
    )


def problem_for(exc: DomainError) -> JsonResponse:
    return problem(exc.status, exc.title, exc.detail, [e.as_dict() for e in exc.errors])


def ratelimited_view(request: HttpRequest, exception: Exception) -> JsonResponse:
    return problem(429, TooManyRequests.title, "Too many requests; try again in a minute.")


def not_found_view(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: a path no route matches. Under /api/ a problem+json 404 like every API error;
    elsewhere the site's page."""
    if request.path.startswith("/api/"):
        return problem(404, NotFound.title, "No such resource.")
    return page_not_found(request, exception)
