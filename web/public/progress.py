"""办件进度查询 for people (`/progress`): the case number and the applicant's full name, the same
read and the same rate limit as `GET /api/v1/progress` (cases.progress). A GET form, so that a clerk
can bookmark a result; the access log keeps no query string of /progress (security decision 15)."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from cases import progress
from core.errors import TooManyRequests
from web.errors import form_summary
from web.wording import ClerkForm


class ProgressForm(ClerkForm):
    number = forms.CharField(label=_("办件编号"), max_length=40, strip=True)
    name = forms.CharField(
        label=_("申请人姓名（全名）"),
        help_text=_("单位信息变更请填写单位名称。"),
        max_length=200,
        strip=True,
    )


def _rows(found: progress.Progress) -> list[dict[str, object]]:
    """Each step with its state as the page says it: done, the current one (the first not done),
    or still to come."""
    rows: list[dict[str, object]] = []
    current_seen = False
    for step in found.steps:
        state = "done" if step.done else ("todo" if current_seen else "current")
        current_seen = current_seen or not step.done
        rows.append({"step": step, "state": state})
    return rows


@require_safe
def progress_page(request: HttpRequest) -> HttpResponse:
    """The form and, once both fields are given, the steps of the case or "not found" (an unknown
    number and a wrong name read the same). `?number=` alone (the link on the unit's case page) fills
    the number in."""
    if "name" in request.GET or "number" not in request.GET:
        form = ProgressForm(request.GET) if request.GET else ProgressForm()
    else:  # the link of a case page: the number filled in, the name still to type
        form = ProgressForm(initial={"number": request.GET["number"][:40]})
    context: dict[str, object] = {"form": form, "summary": form_summary(form)}
    if form.is_bound and form.is_valid():
        try:
            progress.check_rate(request)
        except TooManyRequests:
            context["limited"] = True
            return render(request, "web/progress.html", context, status=429)
        found = progress.lookup(form.cleaned_data["number"], form.cleaned_data["name"])
        context.update(answer=found, rows=_rows(found) if found else [], searched=True)
    return render(request, "web/progress.html", context)
