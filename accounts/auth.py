"""API authentication (bearer tokens) and the per-endpoint policy declaration."""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from accounts.models import ApiToken, User
from accounts.policies import Policy
from accounts.roles import Role
from core.errors import ErrorItem, Forbidden

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


class PasswordChangeRequired(Forbidden):
    """R-W12: the account's password was reset at the district window; the temporary password
    works only to set a new one (api.md: `errors[0].code == "password_change_required"`)."""

    title = "Password change required"

    def __init__(self) -> None:
        super().__init__(
            "This account's password was reset at the district window: set a new one first "
            "(POST /api/v1/auth/password).",
            [ErrorItem("区人社局已重置本账户的密码，临时密码只能用来设置新密码，请先修改密码 / the password "
                       "was reset at the window: set a new one first", rule="R-W12",
                       extra={"code": "password_change_required"})],
        )


def allow(policy: Policy, *, while_password_must_change: bool = False) -> Callable[[F], F]:
    """Declare the endpoint's policy (accounts.policies): a role it does not name gets 403 (api.md),
    as the service behind it would answer. The docs list the roles ("Roles: …") and the OpenAPI
    document its 403 (config.openapi reads `allowed_roles`) unless every role holds the policy, which
    then refuses nobody (the caller's own account: /auth/me, /auth/logout, /auth/password).

    A token of an account whose password was reset at the window (R-W12, `must_change_password`)
    gets 403 `password_change_required` first, from every endpoint but the ones declared
    `while_password_must_change` (api.md: `GET /auth/me` and `POST /auth/password`)."""
    names = ", ".join(r.value for r in policy.roles)
    refuses = set(policy.roles) != set(Role)

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            user = getattr(request, "auth", None)
            if user is not None and user.must_change_password and not while_password_must_change:
                raise PasswordChangeRequired()
            if user is None or not policy.allows(user.role):
                raise policy.forbidden()
            return view(request, *args, **kwargs)

        if refuses:
            wrapper.__doc__ = ((view.__doc__ or "").rstrip() + f"\n\nRoles: {names}.").strip()
            wrapper.allowed_roles = policy.roles  # type: ignore[attr-defined]
        wrapper.policy = policy  # type: ignore[attr-defined]
        wrapper.while_password_must_change = while_password_must_change  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


token_auth = TokenAuth()


def user_of(request: HttpRequest) -> User:
    """The authenticated user of an API request (set by TokenAuth)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise Forbidden("Sign in first.")
    return user
