from django.contrib import admin
from django.urls import include, path

from accounts.admin_site import VerifiedAdminSite
from config.api import api
from ops import health

# Security decision 3 for /admin/: the default site, its registrations kept, gains the TOTP check
# (the way django-otp's documentation installs OTPAdminSite).
admin.site.__class__ = VerifiedAdminSite

urlpatterns = [
    # Probes (api.md "Operations"); ops.health.ProbeMiddleware answers them before any other middleware.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("web.urls")),
]

# A path no route matches: problem+json under /api/, the site's page elsewhere.
handler404 = "core.errors.not_found_view"
