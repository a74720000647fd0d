"""Sign-in and sign-out for the web (sessions; security decisions 2 and 4)."""

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import Role


def home_for(user: User) -> str:
    return "/unit/" if user.role == Role.UNIT else "/admin/" if user.role == Role.ADMIN else "/office/"


def sign_in(request: HttpRequest) -> HttpResponse:
    """GET shows the form; POST signs in (django-axes locks a username after five failures)."""
    error = ""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST":
        user = authenticate(
            request, username=request.POST.get("username", ""), password=request.POST.get("password", "")
        )
        if isinstance(user, User) and user.is_active:
            login(request, user)  # a new session id (security decision 4)
            safe = url_has_allowed_host_and_scheme(
                target, {request.get_host()}, require_https=request.is_secure()
            )
            return redirect(target if target and safe else home_for(user))
        error = "用户名或密码不正确，或账户已被暂时锁定。"
    return render(
        request, "accounts/login.html", {"error": error, "next": target}, status=401 if error else 200
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("/")
