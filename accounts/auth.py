"""API authentication (bearer tokens) and the per-endpoint role declaration."""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from accounts.models import ApiToken, User
from accounts.roles import Role
from core.errors import Forbidden

F = TypeVar("F", bound=Callable[..., Any])


class TokenAuth(HttpBearer):
    """Security decision 4, checked on every request: revoked, idle (30 min) or old (12 h) tokens
    and tokens of disabled accounts are refused with 401."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        now = timezone.now()
        row = (ApiToken.objects.select_related("user", "user__unit", "user__district")
               .filter(key_hash=ApiToken.hash(token)).first())
        if row is None or not row.is_live(now) or not row.user.is_active:
            return None
        if (now - row.last_used_at).total_seconds() > 60:  # one write a minute at most per token
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.api_token = row  # type: ignore[attr-defined]  # for POST /auth/logout
        return row.user


def allow(*roles: Role) -> Callable[[F], F]:
    """Declare which roles may call an endpoint; any other role gets 403 (api.md)."""
    names = ", ".join(r.value for r in roles)

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            user = getattr(request, "auth", None)
            if user is None or user.role not in roles:
                raise Forbidden(f"Only these roles may do this: {names}.")
            return view(request, *args, **kwargs)

        wrapper.__doc__ = ((view.__doc__ or "").rstrip() + f"\n\nRoles: {names}.").strip()
        wrapper.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


token_auth = TokenAuth()


def user_of(request: HttpRequest) -> User:
    """The authenticated user of an API request (set by TokenAuth)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise Forbidden("Sign in first.")
    return user
