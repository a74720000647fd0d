"""Every sign-in event writes an audit row (security decisions 2 and 7).

Django sends `user_login_failed` (password already replaced by its cleanser — and we keep only the
username anyway), `user_logged_in` and `user_logged_out`; django-axes sends `user_locked_out`.
Token sign-ins are audited by the token endpoint itself (`auth.token_issued`), which does not call
`login()`. Connected in `AccountsConfig.ready`, after axes' own receivers, so that a failure's row
can say whether it locked the username.
"""

from typing import Any

from django.http import HttpRequest

from accounts.actor import Actor, client_ip
from audit.services import audit_record

# Why SessionLimitsMiddleware ended a web session; read when `user_logged_out` fires.
SESSION_END_REASON = "_session_end_reason"


def _ip(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


def _path(request: HttpRequest | None) -> str:
    return request.path if request is not None else ""


def on_login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                    **kwargs: Any) -> None:
    username = str(credentials.get("username") or "")[:150]
    audit_record(Actor(None, "public", _ip(request)), "auth.login_failed", object_type="accounts.user",
                 object_id=username[:64], outcome="failure",
                 after={"username": username, "path": _path(request),
                        "factor": str(credentials.get("factor") or "password"),
                        "locked": bool(getattr(request, "axes_locked_out", False))})


def on_locked_out(sender: Any, request: HttpRequest | None = None, username: str | None = None,
                  ip_address: str | None = None, **kwargs: Any) -> None:
    name = str(username or "")[:150]
    audit_record(Actor(None, "public", _ip(request) or ip_address), "auth.locked_out",
                 object_type="accounts.user", object_id=name[:64], outcome="denied",
                 after={"username": name, "path": _path(request),
                        "failures": getattr(request, "axes_failures_since_start", None)})


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    from accounts.middleware import session_limits_restart

    if request is not None:
        session_limits_restart(request, user)
    audit_record(Actor(user, getattr(user, "role", ""), _ip(request)), "auth.login", user,
                 after={"path": _path(request)})


def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    reason = getattr(request, SESSION_END_REASON, None)
    action = "auth.session_ended" if reason else "auth.logout"
    audit_record(Actor(user, getattr(user, "role", ""), _ip(request)), action, user,
                 after={"reason": reason or "logout", "path": _path(request)})


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_login_failed.connect(on_login_failed, dispatch_uid="accounts.audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="accounts.audit.locked_out")
    user_logged_in.connect(on_logged_in, dispatch_uid="accounts.audit.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="accounts.audit.logged_out")
