"""The audit log for the `auditor` role (security decision 13), read-only: a paged table of when,
who (name and role), what, on which object, the outcome and the address. The rows' before/after
values, which may hold personal data, are not shown; the chain is checked with `audit_verify`."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts import policies
from audit.models import AuditEvent
from web.access import office_page

PER_PAGE = 50


@office_page(policies.AUDIT_READ)
def audit_log(request: HttpRequest) -> HttpResponse:
    qs = AuditEvent.objects.only(
        "at", "actor_username", "actor_role", "action", "object_type", "object_id", "outcome", "ip"
    ).order_by("-pk")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "office/audit.html", {"page": page})
