import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from accounts.signals import SESSION_END_REASON

_STARTED, _SEEN, _GEN = "limits.started", "limits.seen", "limits.generation"


def session_limits_restart(request: HttpRequest, user: object) -> None:
    """A sign-in starts both clocks afresh under the account's current auth generation (called
    from the `user_logged_in` receiver)."""
    session = getattr(request, "session", None)
    if session is None:
        return
    now = time.time()
    session[_STARTED] = now
    session[_SEEN] = now
    session[_GEN] = getattr(user, "auth_generation", 0)


def session_generation_follow(request: HttpRequest, user: object) -> None:
    """The session goes on under the account's new auth generation: a password change made in it
    ends every other session and token (decision 4), not this one. Its clocks run on."""
    session = getattr(request, "session", None)
    if session is not None:
        session[_GEN] = getattr(user, "auth_generation", 0)


class SessionLimitsMiddleware:
    """Security decision 4 for web sessions: 30 minutes idle, 12 hours absolute, and ended at once
    when the account's auth generation moves (logout everywhere, password change, disabling)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.setdefault(_STARTED, now)
            seen = session.get(_SEEN, now)
            generation = session.setdefault(_GEN, user.auth_generation)  # type: ignore[union-attr]
            reason = self._end_reason(now, started, seen, generation, user)
            if reason:
                setattr(request, SESSION_END_REASON, reason)  # for the audit row (accounts.signals)
                logout(request)
            elif now - seen > 30:
                session[_SEEN] = now
            else:
                session.setdefault(_SEEN, now)
        return self.get_response(request)

    @staticmethod
    def _end_reason(now: float, started: float, seen: float, generation: int, user: object) -> str | None:
        if not getattr(user, "is_active", False):
            return "disabled"
        if generation != getattr(user, "auth_generation", None):
            return "revoked"
        if now - started > settings.SESSION_ABSOLUTE_SECONDS:
            return "absolute"
        if now - seen > settings.SESSION_IDLE_SECONDS:
            return "idle"
        return None
