"""The admin site with security decision 3: when REQUIRE_OFFICIAL_OTP is on, only a session confirmed
with a TOTP code reaches /admin/ (as django-otp's OTPAdminSite), and the admin's own password-only
sign-in form is replaced by the site's sign-in page, which asks for the code."""

from typing import Any

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.otp import is_verified, second_factor_required


class VerifiedAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        return not second_factor_required(request.user) or is_verified(request.user)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if not settings.REQUIRE_OFFICIAL_OTP:
            return super().login(request, extra_context)
        index = reverse("admin:index", current_app=self.name)
        if self.has_permission(request):
            return HttpResponseRedirect(index)
        target = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME) or index
        return redirect_to_login(target, "/login")
