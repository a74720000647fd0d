"""Which refusals a request met, for the audit of denials (security decision 18).

A refusal is raised deep in a service, often inside a transaction that rolls back, and is then
answered by the API's exception handler or shown by a web view as a message: no single place both
sees it and survives the rollback. So every `DomainError` notes itself here when it is made, in a
list that lives for one request (a context variable, set by `accounts.denials.DenialAuditMiddleware`),
and the middleware writes the audit row after the view has answered, in a transaction of its own.
Outside a request (the daily job, commands) nothing is noted."""

from contextvars import ContextVar
from typing import Any

_noted: ContextVar[list[Any] | None] = ContextVar("denials_noted", default=None)


def note(error: Any) -> None:
    """Remember a refusal made during the current request (no-op outside one)."""
    noted = _noted.get()
    if noted is not None and all(e is not error for e in noted):
        noted.append(error)


def collecting() -> Any:
    """Start a request's list; returns the token that `finish` takes."""
    return _noted.set([])


def finish(token: Any) -> list[Any]:
    """The refusals noted since `collecting`, and end the list."""
    noted = _noted.get() or []
    _noted.reset(token)
    return noted
