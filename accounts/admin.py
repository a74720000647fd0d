from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

# Security decision 13: nobody reads or sets another account's second factor in /admin/. django-otp
# registers a TOTP device admin that shows the key and adds devices for anyone: it is taken away
# (enrolment and reset go through `manage.py otp_enrol`). otp_totp is listed before accounts in
# INSTALLED_APPS, so its registration has been made by the time this module is discovered.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Admins see and disable accounts; officials are created with `manage.py create_official`
    (password rules per role), unit operators by registration."""

    list_display = ("username", "role", "district", "unit", "is_active", "last_login")
    list_filter = ("role", "district", "is_active")
    search_fields = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "role", "district", "unit", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined", "password_changed_at")}),
    )
    readonly_fields = (
        "username",
        "role",
        "district",
        "unit",
        "last_login",
        "date_joined",
        "password_changed_at",
    )

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
