"""Security decision 18: denials leave a trace.

A signed-in actor's request that is refused — 403 (the role may not), 404 on an operation that
takes an id (the object is another unit's or district's, or does not exist), 409/422/423 (the
transition is refused) — writes one audit row after the answer, in a transaction of its own (the
change's own transaction has rolled back by then). The refusal is the `DomainError` the request
met (noted by `core.denials`), whether the API answered it as problem+json or a web view showed it
as a message on a 200 page; a 403 or an id-taking 404 answered without one (a web view's role
check, `Http404`) is recorded from the status alone.

Anonymous requests write no denial row: there is nobody to hold to account, and a row per refused
public request would let anyone fill the log (their sign-in failures are audited by
`accounts.signals`). Sign-in and second-factor failures are audited there too, not here."""

import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from accounts.actor import Actor
from audit.services import audit_record
from core import denials

logger = logging.getLogger(__name__)

DENIED = (403, 404)  # the actor may not see or do this
REFUSED = (409, 422, 423)  # the state or the rules refuse the change


class DenialAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = denials.collecting()
        try:
            response = self.get_response(request)
        finally:
            noted = denials.finish(token)
        if noted or response.status_code in DENIED + REFUSED:  # else nothing to look at, not even the user
            try:
                record_denial(request, response, noted)
            except Exception:  # the answer stands even if its audit row cannot be written; say so
                logger.exception("denial audit row not written for %s %s", request.method, request.path)
        return response


def record_denial(request: HttpRequest, response: HttpResponse, noted: list[Any]) -> None:
    """One row for a signed-in actor's refused request, none for any other."""
    errors = [e for e in noted if e.status in DENIED + REFUSED]
    kwargs = dict(request.resolver_match.kwargs) if request.resolver_match else {}
    status = errors[0].status if errors else response.status_code
    if not errors and not (status == 403 or (status == 404 and kwargs) or status in REFUSED):
        return
    actor = Actor.from_request(request)
    if actor.user is None:
        return
    object_type, object_id = _object(kwargs)
    after: dict[str, Any] = {"status": status, "method": request.method, "path": request.path,
                             "answered": response.status_code}
    if errors:
        after.update(title=errors[0].title, detail=errors[0].detail,
                     rules=sorted({item.rule for e in errors for item in e.errors if item.rule}))
    audit_record(actor, "request.refused" if status in REFUSED else "request.denied",
                 object_type=object_type, object_id=object_id,
                 outcome="refused" if status in REFUSED else "denied", after=after)


def _object(kwargs: dict[str, Any]) -> tuple[str, str]:
    """What the request was about, from the route's first parameter: `case_id=7` → ("case", "7")."""
    for name, value in kwargs.items():
        kind = name.removesuffix("_id").removesuffix("_no").removesuffix("_pk")
        return kind[:40], str(value)[:64]
    return "", ""
