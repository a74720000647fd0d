"""The admin site with security decision 3: when REQUIRE_OFFICIAL_OTP is on, only a session confirmed
with a TOTP code reaches /admin/ (as django-otp's OTPAdminSite), and the admin's own password-only
sign-in form is replaced by the site's sign-in page, which asks for the code. Its password change
goes through the one place a password changes (security decisions 1 and 4)."""

from typing import Any

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import PasswordChangeView, redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse

from accounts.otp import is_verified, second_factor_required
from accounts.services import account_change_password


class AccountPasswordChangeForm(AdminPasswordChangeForm):
    """/admin/password_change/ as POST /api/v1/auth/password: Django's form only set the password, so
    the admin's tokens lived on and the 90-day clock did not restart (issue 10). The validators are
    the form's (the account's role decides, decision 1); the change is account_change_password's."""

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        old = self.cleaned_data.get("old_password")
        if old and old == self.cleaned_data.get("new_password1"):
            self.add_error("new_password2", "新密码不能与原密码相同 / choose a different password")
        return cleaned

    def save(self, commit: bool = True) -> Any:
        return account_change_password(self.user, self.cleaned_data["old_password"],
                                       self.cleaned_data["new_password1"])


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

    def password_change(  # type: ignore[override]  # (the stubs say TemplateResponse; success redirects)
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponseBase:
        """Django's, with the form above. Every session and token of the account ends, this one
        included (decision 4): the done page asks to sign in again."""
        view = PasswordChangeView.as_view(
            form_class=AccountPasswordChangeForm,
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )
        request.current_app = self.name
        return view(request)
