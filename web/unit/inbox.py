"""The unit's reminders (notices app), which kinds it receives and the signed-in operator's email
address they are sent to; the templates to download."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import policies
from accounts.services import set_own_email
from core.errors import DomainError
from core.pagination import page
from documents.templates import TEMPLATES, template
from notices import services
from notices.models import NoticeKind
from notices.selectors import notices_visible_to, preferences_of
from web.access import actor, error_messages, unit_page, user
from web.errors import summary
from web.unit.common import attachment, is_htmx
from web.wording import ClerkForm

# The downloadable templates (api.md GET /templates/{name}), named as the seed's 附件 are.
TEMPLATE_TITLES = {
    "integrity-declaration.docx": gettext_lazy("《诚信声明》（Word）"),
    "unit-registration-application.docx": gettext_lazy(
        "《关于办理单位注册的申请》（Word，单位注册材料 REG-01）"
    ),
    "social-insurance-certificate.xlsx": gettext_lazy("社会保险缴纳证明样表（Excel）"),
    "tax-certificate.xlsx": gettext_lazy("个人所得税证明样表（Excel）"),
    "staff-import.xlsx": gettext_lazy("员工批量导入表（Excel）"),
}


class EmailForm(ClerkForm):
    """The operator's own address for reminder emails (accounts.services.set_own_email)."""

    email = forms.EmailField(label=gettext_lazy("接收提醒的电子邮箱"), required=False, max_length=254)


@unit_page(policies.NOTICE_READ)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """Newest first; `?unread=1` for the unread ones only; a page at a time (cursor)."""
    return _inbox(request)


def _inbox(
    request: HttpRequest, *, email: str | None = None, email_errors: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The inbox page; after a refused settings form, with the address as typed and its errors."""
    qs = notices_visible_to(user(request))
    unread = request.GET.get("unread") == "1"
    if unread:
        qs = qs.filter(read_at__isnull=True)
    try:
        rows, cursor = page(qs, 50, request.GET.get("cursor") or None)
    except DomainError as exc:
        raise Http404 from exc
    context = {
        "notices": rows,
        "next_cursor": cursor,
        "unread": unread,
        "paged": bool(request.GET.get("cursor")),
        "preferences": preferences_of(user(request).unit_id or 0),
        "email": user(request).email if email is None else email,
        "email_errors": email_errors or [],
        "summary": summary([], [("f-email", _("接收提醒的电子邮箱"), email_errors or [])]),
        "summary_title": _("提醒设置未保存"),
    }
    return render(request, "unit/inbox.html", context, status=status)


@unit_page(policies.NOTICE_MARK_READ)
@require_POST
def notice_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    try:
        notice = services.notice_mark_read(actor(request), notice_id)
    except DomainError as exc:
        raise Http404 from exc
    if is_htmx(request):
        return render(request, "unit/_notice.html", {"notice": notice})
    return redirect("unit:inbox")


@unit_page(policies.NOTICE_PREFERENCE)
@require_http_methods(["GET", "POST"])
def notice_settings(request: HttpRequest) -> HttpResponse:
    """Turn kinds on or off: one service call per kind whose setting changed (each is audited); and,
    when the form carries it, the signed-in operator's email address (blank clears it). An invalid
    address saves nothing and shows the page again with the error next to the field. GET: the
    settings, on the inbox page."""
    if request.method == "GET":
        return redirect(reverse("unit:inbox") + "#settings-title")
    account = user(request)
    if "email" in request.POST:
        typed = request.POST.get("email", "")
        form = EmailForm(request.POST)
        if not form.is_valid():
            errors = [{"message": m} for m in form.errors.get("email", [])]
            return _inbox(request, email=typed, email_errors=errors, status=400)
        try:
            set_own_email(actor(request), form.cleaned_data["email"])
        except DomainError as exc:
            return _inbox(request, email=typed, email_errors=error_messages(exc), status=exc.status)
    wanted = set(request.POST.getlist("kind"))
    try:
        for pref in preferences_of(account.unit_id or 0):
            kind = str(pref["kind"])
            if pref["always"]:  # the kinds that always arrive have no box to untick (api.md)
                continue
            if (kind in wanted) != pref["enabled"] and kind in NoticeKind.values:
                services.notice_preference_set(actor(request), kind, kind in wanted)
    except DomainError as exc:  # a frozen unit changes no reminder kind (R-U05); its email was saved
        for item in error_messages(exc):
            messages.error(request, item["message"])
        return _inbox(request, status=exc.status)
    messages.success(request, _("提醒设置已保存。"))
    return redirect("unit:inbox")


@unit_page(policies.TEMPLATE_READ)
@require_GET
def downloads(request: HttpRequest) -> HttpResponse:
    items = [(name, TEMPLATE_TITLES.get(name, name)) for name in TEMPLATES]
    return render(request, "unit/downloads.html", {"items": items})


@unit_page(policies.TEMPLATE_READ)
@require_GET
def download_template(request: HttpRequest, name: str) -> HttpResponse:
    """The same bytes as GET /api/v1/templates/{name}, prefilled with the unit's name."""
    try:
        content, content_type = template(actor(request), name)
    except DomainError as exc:
        raise Http404 from exc
    return attachment(content, content_type, name)
