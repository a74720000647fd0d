import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

_STARTED, _SEEN, _GEN = "limits.started", "limits.seen", "limits.generation"


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
            if (now - seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_ABSOLUTE_SECONDS
                    or generation != user.auth_generation or not user.is_active):  # type: ignore[union-attr]
                logout(request)
            elif now - seen > 30:
                session[_SEEN] = now
            else:
                session.setdefault(_SEEN, now)
        return self.get_response(request)
