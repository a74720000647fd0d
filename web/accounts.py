"""Sign-in and sign-out for the web (sessions; security decisions 2, 3, 4 and 10), and the change of
one's own password.

A sign-in is one or two steps: the username and password; then, for an official or admin when
REQUIRE_OFFICIAL_OTP is on (production), the 6-digit code of their TOTP device. Between the two the
session only remembers whose password was right, for five minutes; the account is signed in after
the code. Every POST counts towards the per-address rate limit of the API's token endpoint, and a
wrong code counts as a failed sign-in towards the lockout of the username (django-axes).

An account whose password the district reset at the window (R-W12, `must_change_password`) signs in
with the temporary password straight to the change form, and every page of the portals leads there
until it has chosen a new one (web.access)."""

import time
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.models import Device

from accounts import policies
from accounts.actor import Actor
from accounts.lockout import lockout_response
from accounts.middleware import session_generation_follow
from accounts.models import User
from accounts.otp import has_device, is_verified, second_factor_required
from accounts.ratelimit import over_limit
from accounts.roles import Role
from accounts.services import account_change_password
from web.access import roles_required
from web.errors import summary
from web.wording import page_message

PENDING = "login.pending"  # {"user": pk, "at": seconds}: the password was right, the code is awaited
PENDING_SECONDS = 300
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def home_for(user: User) -> str:
    homes: dict[str, str] = {Role.UNIT: "/unit/", Role.ADMIN: "/admin/", Role.AUDITOR: "/office/audit/"}
    return homes.get(user.role, "/office/")


def _page(request: HttpRequest, target: str, *, step: str = "password", status: int = 200,
          error: str = "", code_error: str = "") -> HttpResponse:
    if step == "code":  # the error summary: a wrong code linked to its box
        code = [{"message": code_error}] if code_error else []
        errors = summary([{"message": error}] if error else [], [("code", _("动态验证码"), code)])
    else:  # a wrong name or password: linked to the first of the two
        errors = summary([{"message": error, "href": "#username"}] if error else [])
    context = {"step": step, "next": target, "error": error, "code_error": code_error, "summary": errors}
    return render(request, "accounts/login.html", context, status=status)


def _signed_in(request: HttpRequest, user: User, target: str, device: Device | None,
               backend: str | None = None) -> HttpResponse:
    login(request, user, backend=backend)  # a new session id (security decision 4)
    if device is not None:
        otp_login(request, device)  # the session is verified (decision 3)
    destination = _safe(request, target) or home_for(user)
    if user.must_change_password:  # R-W12: a temporary password only chooses a new one
        return redirect(f"{reverse('password-change')}?{urlencode({'next': destination})}")
    return redirect(destination)


def _safe(request: HttpRequest, target: str) -> str:
    """`target` when it is a page of this site, else ""."""
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if target and safe else ""


def _awaiting_code(request: HttpRequest) -> User | None:
    """Whose code the code step checks: the account whose password was just right (for five minutes),
    or a signed-in official whose session was never confirmed with a code."""
    pending = request.session.get(PENDING) or {}
    user_id = pending.get("user")
    if isinstance(user_id, int) and time.time() - float(pending.get("at", 0)) <= PENDING_SECONDS:
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is not None and second_factor_required(user):
            return user
    current = request.user
    if isinstance(current, User) and second_factor_required(current) and not is_verified(current):
        return current
    return None


def sign_in(request: HttpRequest) -> HttpResponse:
    """GET shows the form; POST signs in (django-axes locks a username after five failures; its
    lockout page is `accounts.lockout.lockout_response`)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if request.method != "POST":
        request.session.pop(PENDING, None)  # a half-finished sign-in starts again
        if _awaiting_code(request) is not None:
            return _page(request, target, step="code")  # a signed-in official not yet confirmed
        return _page(request, target)
    code_step = "code" in request.POST
    if over_limit(request, "web-login", settings.RATELIMIT_TOKEN):
        return _page(request, target, step="code" if code_step else "password", status=429,
                     error=_("登录尝试过于频繁，请一分钟后再试。"))
    if code_step:
        return _check_code(request, target)
    user = authenticate(
        request, username=request.POST.get("username", ""), password=request.POST.get("password", "")
    )
    if not (isinstance(user, User) and user.is_active):
        return _page(request, target, status=401, error=_("用户名或密码不正确。"))
    if not second_factor_required(user):
        return _signed_in(request, user, target, None)
    if not has_device(user):
        return _page(request, target, status=403,
                     error=_("此工作人员账户尚未绑定动态验证码设备，请联系系统管理员。"))
    request.session[PENDING] = {"user": user.pk, "at": time.time(), "backend": getattr(user, "backend", None)}
    return _page(request, target, step="code")


def _check_code(request: HttpRequest, target: str) -> HttpResponse:
    user = _awaiting_code(request)
    if user is None:
        request.session.pop(PENDING, None)
        return _page(request, target, status=401, error=_("登录已超时，请重新输入用户名和密码。"))
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        request.session.pop(PENDING, None)
        return lockout_response(request, None, credentials)
    code = request.POST.get("code", "").strip()
    device = match_token(user, code) if len(code) == 6 and code.isdigit() else None
    if device is None:
        # a failed sign-in like a wrong password: audited, and counted towards the lockout
        user_login_failed.send(sender=__name__, credentials={**credentials, "factor": "otp"}, request=request)
        if getattr(request, "axes_locked_out", False):
            request.session.pop(PENDING, None)  # the lockout page replaces this answer (AxesMiddleware)
        return _page(request, target, step="code", status=401,
                     code_error=_("动态验证码不正确或已过期，请输入应用当前显示的 6 位数字。"))
    pending = request.session.pop(PENDING, None) or {}
    backend = pending.get("backend") or request.session.get(BACKEND_SESSION_KEY) or MODEL_BACKEND
    return _signed_in(request, user, target, device, backend)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("/")


PASSWORD_FIELDS = ("old_password", "new_password", "new_password_confirm")


@roles_required(policies.ACCOUNT_SELF, while_password_must_change=True)
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """修改密码: one's own password (accounts.services.account_change_password — the current one
    checked through the lockout, every validator, every other session and token ended). After a
    reset at the window (R-W12) the current password is the temporary one, and this page is where
    the sign-in leads. The session goes on under the new password, then to `next` or home."""
    account = request.user
    assert isinstance(account, User)  # noqa: S101 (roles_required guarantees it)
    target = _safe(request, request.POST.get("next") or request.GET.get("next") or "")
    context = {"next": target, "temporary": account.must_change_password, "errors": {}}
    if request.method != "POST":
        return render(request, "accounts/password.html", context)
    values = {name: request.POST.get(name, "") for name in PASSWORD_FIELDS}
    errors: dict[str, list[str]] = {name: [_("请填写此项。")] for name, value in values.items() if not value}
    if values["new_password_confirm"] and values["new_password_confirm"] != values["new_password"]:
        errors["new_password_confirm"] = [_("两次输入的新密码不一致。")]
    if not errors:
        try:
            account_change_password(account, values["old_password"], values["new_password"],
                                    actor=Actor.from_request(request), request=request)
        except ValidationError as exc:  # wrong guesses count towards the lockout (AxesMiddleware's page)
            errors = {name: [page_message(str(m), prefix=False) for m in found]
                      for name, found in exc.message_dict.items()}
    if errors:
        old = _("当前密码（临时密码）") if account.must_change_password else _("当前密码")
        labels = {"old_password": old, "new_password": _("新密码"),
                  "new_password_confirm": _("再次输入新密码")}
        fields = [(name.replace("_", "-"), labels[name], [{"message": m} for m in errors.get(name, [])])
                  for name in PASSWORD_FIELDS]
        other = [{"message": m} for name, found in errors.items() if name not in labels for m in found]
        context |= {"errors": errors, "summary": summary(other, fields),
                    "summary_title": _("密码未修改，请按提示修改后再提交。")}
        return render(request, "accounts/password.html", context, status=400)
    update_session_auth_hash(request, account)  # this session goes on, under a new id
    session_generation_follow(request, account)  # ...and the generation the change moved to
    messages.success(request, _("密码已修改。其他设备上的登录已全部退出。"))
    return redirect(target or home_for(account))
