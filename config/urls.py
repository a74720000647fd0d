from django.contrib import admin
from django.urls import include, path

from accounts.admin_site import VerifiedAdminSite
from config.api import api

# Security decision 3 for /admin/: the default site, its registrations kept, gains the TOTP check
# (the way django-otp's documentation installs OTPAdminSite).
admin.site.__class__ = VerifiedAdminSite

urlpatterns = [
    # /healthz and /readyz (api.md "Operations") are answered by ops.health.ProbeMiddleware, first
    # in MIDDLEWARE, before any route is looked up.
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("web.urls")),
]

# A path no route matches: problem+json under /api/, the site's page elsewhere.
handler404 = "core.errors.not_found_view"
