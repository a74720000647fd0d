import datetime as dt
import math
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from core.errors import problem

COOL_OFF = dt.timedelta(minutes=30)


def locked_until(username: str) -> dt.datetime:
    """When the lock of this username lifts at the latest: its last counted failure plus the cool-off
    (security decision 2). Unknown usernames are locked like real ones, so this says nothing more."""
    latest = AccessAttempt.objects.filter(username=username).aggregate(last=Max("attempt_time"))["last"]
    return (latest or timezone.now()) + (get_cool_off() or COOL_OFF)


def lockout_message(username: str) -> str:
    until = locked_until(username)
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return _("该用户名因连续多次登录失败已被暂时锁定。请在 %(time)s 之后再试（约 %(minutes)s 分钟后）。") % {
        "time": time_format(timezone.localtime(until), "H:i"), "minutes": minutes}


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None,
                     *args: Any, **kwargs: Any) -> HttpResponse:
    """The same answer as a wrong password on the API (security decision 2); on the web, the sign-in
    page again, status 429, saying when to try again."""
    if request.path.startswith("/api/"):
        return problem(401, "Not authenticated", "Wrong username or password.")
    credentials = credentials or getattr(request, "axes_credentials", None) or {}
    username = str(credentials.get("username") or request.POST.get("username") or "")
    target = request.POST.get("next") or request.GET.get("next") or ""
    error = lockout_message(username)
    summary = [{"message": error, "href": "#username"}]  # the error summary's one item (web.errors)
    return render(request, "accounts/login.html",
                  {"error": error, "summary": summary, "next": target, "step": "password"}, status=429)
