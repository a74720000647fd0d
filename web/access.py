"""Who may open a page, and how a refused service call becomes a message on the page. Views stay
thin: they parse the form, call the same services as the API, and render."""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

from accounts.actor import Actor
from accounts.models import User
from accounts.otp import is_verified, second_factor_required
from accounts.roles import Role
from core.errors import DomainError

F = TypeVar("F", bound=Callable[..., HttpResponseBase])  # a page, or a download (FileResponse)


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Sign-in required (redirect to the sign-in page, which also asks an official for the code that
    confirms the session when REQUIRE_OFFICIAL_OTP is on); another role gets a 403 page."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), "/login")
            if second_factor_required(user) and not is_verified(user):
                # security decision 3: an official's session is confirmed with a code first
                return redirect_to_login(request.get_full_path(), "/login")
            if getattr(user, "role", None) not in roles:
                return render(request, "web/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


unit_required = roles_required(Role.UNIT)
reviewer_required = roles_required(Role.DISTRICT_REVIEWER)
official_required = roles_required(Role.DISTRICT_REVIEWER, Role.CITY_APPROVER)


def actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request)


def user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 (the decorators above guarantee it)
    return request.user


def error_messages(exc: DomainError) -> list[dict[str, Any]]:
    """A refused service call as messages for the page: each with its rule and field, if any."""
    items = [e.as_dict() for e in exc.errors] or [{"message": exc.detail}]
    return items
