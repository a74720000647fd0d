import datetime as dt
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core import clock
from core.errors import TooManyRequests
from reference.models import District
from reference.window import window_days
from verification import services
from web.errors import form_summary
from web.forms import VerifyForm
from web.materials import catalogue

# R-S01 answers in plain words, with what the holder or the checker should know.
RESULTS = {
    "valid": (_("有效"), _("该工作居住证真实有效。")),
    "frozen": (_("冻结"), _("该工作居住证已被冻结，暂不能办理相关业务。请持证人联系聘用单位。")),
    "expired": (_("已过期（可续签）"), _("该工作居住证已过有效期，仍可在规定期限内办理续签。")),
    "lapsed": (_("自然失效"), _("该工作居住证已过期且未按时续签，已自然失效。")),
    "cancelled": (_("已注销"), _("该工作居住证已被注销。")),
    "reported_lost": (
        _("已挂失，证件不能使用"),
        _("这张工作居住证已被挂失：可能已经遗失或被他人冒用。请不要接受这张证件，不要凭它办理任何手续；"
          "如持证人本人在场，请其联系聘用单位。"),
    ),
    "superseded": (_("已被新证件替代"), _("这张证件已因补发或换发而作废，请以持证人手中的新证件为准。")),
    "invalid_signature": (
        _("证件无效"),
        _("二维码不是本系统签发的，或已被改动。请勿相信这张证件，并向发证机关核实。"),
    ),
    "not_found": (_("未找到"), _("没有找到编号与姓名都相符的工作居住证。请核对编号和持证人全名后重试。")),
}

WEEK = 7
WEEKDAYS = [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")]


def home(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    context = {
        "week": window_days(today, today + dt.timedelta(days=WEEK - 1)),
        "districts": District.objects.all(),
    }
    return render(request, "web/home.html", context)


def verify(request: HttpRequest) -> HttpResponse:
    """R-S01 for people: the same service and the same rate limit as `GET /api/v1/verify`."""
    form = VerifyForm(request.GET) if request.GET else VerifyForm()
    context: dict[str, object] = {"form": form, "summary": form_summary(form)}
    if form.is_bound and form.is_valid():
        try:
            services.check_rate(request)
        except TooManyRequests:
            context["limited"] = True
            return render(request, "web/verify.html", context, status=429)
        answer = services.verify(
            form.cleaned_data["permit_no"], form.cleaned_data["name"], today=clock.today()
        )
        label, explanation = RESULTS[answer.result]
        context.update(answer=answer, label=label, explanation=explanation)
    return render(request, "web/verify.html", context)


def verify_qr(request: HttpRequest, token: str) -> HttpResponse:
    """The page a permit card's QR code opens: the live status of that card, checked by signature."""
    try:
        services.check_rate(request)
    except TooManyRequests:
        return render(request, "web/verify.html", {"form": VerifyForm(), "limited": True}, status=429)
    answer = services.verify_token(token, today=clock.today())
    if answer is None:
        answer = services.Verification(services.INVALID_SIGNATURE)
    label, explanation = RESULTS[answer.result]
    context = {
        "form": VerifyForm(),
        "answer": answer,
        "label": label,
        "explanation": explanation,
        "by_qr": True,
    }
    return render(
        request, "web/verify.html", context, status=400 if answer.result == "invalid_signature" else 200
    )


def materials(request: HttpRequest) -> HttpResponse:
    """The materials lists (申报材料) — unit registration, each case type, the password reset — with the
    condition of each item (web.materials)."""
    return render(request, "web/materials.html", {"types": catalogue()})


POLICY = Path(__file__).parent / "content" / "policy-jingzhengbanfa-2025-29.txt"


def policy(request: HttpRequest) -> HttpResponse:
    """The policy text (京政办发〔2025〕29号), from the seed documents: the title is the lines before
    the document number (the title is printed over two lines), the body the lines after it."""
    lines = [line.strip() for line in POLICY.read_text(encoding="utf-8").splitlines() if line.strip()]
    at = next(i for i, line in enumerate(lines) if line.startswith("（") and line.endswith("号）"))
    context = {"title": "".join(lines[:at]), "number": lines[at], "body": lines[at + 1 :]}
    return render(request, "web/policy.html", context)


# The months the calendar shows: a month outside (year 9999 or 0001 would overflow the date
# arithmetic below) shows this month with a note.
CALENDAR_FIRST, CALENDAR_LAST = dt.date(2000, 1, 1), dt.date(2100, 12, 1)


def window_calendar(request: HttpRequest) -> HttpResponse:
    """R-W08 as a month calendar: ?month=YYYY-MM (default: this month), from 2000-01 to 2100-12."""
    today = clock.today()
    asked = request.GET.get("month", "")
    first: dt.date | None
    try:
        first = dt.date.fromisoformat(f"{asked}-01")
    except ValueError:
        first = None
    note: str = ""
    if first is None or not CALENDAR_FIRST <= first <= CALENDAR_LAST:
        if asked:
            note = str(_("只能查看2000年1月至2100年12月之间的月份（格式如2026-05），下面是本月。"))
        first = today.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    weeks: list[list[object]] = []
    week: list[object] = [None] * first.weekday()
    for day, hours in window_days(first, last):
        week.append({"date": day, "hours": hours})
        if len(week) == 7:
            weeks.append(week)
            week = []
    if week:
        weeks.append(week + [None] * (7 - len(week)))
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    return render(
        request,
        "web/window_calendar.html",
        {
            "first": first,
            "weekdays": WEEKDAYS,
            "weeks": weeks,
            "today": today,
            "previous": f"{previous:%Y-%m}" if first > CALENDAR_FIRST else "",
            "following": f"{following:%Y-%m}" if first < CALENDAR_LAST else "",
            "note": note,
        },
    )
