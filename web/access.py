"""Who may open a page, and how a refused service call becomes a message on the page. Views stay
thin: they parse the form, call the same services as the API, and render.

A page declares the policy of what it does (accounts.policies), as the API's route does, narrowed to
its portal's roles: the employer portal (/unit/) is the unit's, the workbench (/office/) the
officials'. A page of /unit/ reading cases lets in the unit only although CASE_READ serves the
district and the city too (their pages are the workbench's)."""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse

from accounts.actor import Actor
from accounts.models import User
from accounts.otp import is_verified, second_factor_required
from accounts.policies import Policy
from accounts.roles import Role
from core.errors import DomainError
from web.wording import page_item

F = TypeVar("F", bound=Callable[..., HttpResponseBase])  # a page, or a download (FileResponse)


UNIT_PORTAL = (Role.UNIT,)
WORKBENCH = (Role.DISTRICT_REVIEWER, Role.CITY_APPROVER, Role.AUDITOR)


def roles_required(policy: Policy, *, while_password_must_change: bool = False) -> Callable[[F], F]:
    """Sign-in required (redirect to the sign-in page, which also asks an official for the code that
    confirms the session when REQUIRE_OFFICIAL_OTP is on); a role the policy does not name gets a 403
    page. The page keeps its policy (`view.policy`), which the walk of every page checks.

    An account signed in with a temporary password set at the window (R-W12) is led to the change
    form (`password-change`, the one page declared `while_password_must_change`) from every page."""
    roles = policy.roles

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), "/login")
            if second_factor_required(user) and not is_verified(user):
                # security decision 3: an official's session is confirmed with a code first
                return redirect_to_login(request.get_full_path(), "/login")
            if getattr(user, "must_change_password", False) and not while_password_must_change:
                return redirect_to_login(request.get_full_path(), reverse("password-change"))
            if getattr(user, "role", None) not in roles:
                return render(request, "web/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        wrapper.policy = policy  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def unit_page(policy: Policy) -> Callable[[F], F]:
    """A page of the employer portal: the policy, for the unit."""
    return roles_required(policy.only(*UNIT_PORTAL))


def office_page(policy: Policy) -> Callable[[F], F]:
    """A page of the officials' workbench: the policy, for the officials it names."""
    return roles_required(policy.only(*WORKBENCH))


def actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request)


def user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 (the decorators above guarantee it)
    return request.user


def error_messages(exc: DomainError) -> list[dict[str, Any]]:
    """A refused service call as messages for the page: each with its rule and field, if any, in the
    page's language and naming its field (web.wording: never a "中文 / English" pair or pydantic's
    English on a page)."""
    items = [e.as_dict() for e in exc.errors] or [{"message": exc.detail}]
    return [page_item(item) for item in items]
