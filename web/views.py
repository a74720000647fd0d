import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core import clock
from core.errors import TooManyRequests
from reference.models import District
from reference.window import window_days
from verification import services
from web.forms import VerifyForm

# R-S01 answers in plain words, with what the holder or the checker should know.
RESULTS = {
    "valid": (_("有效"), _("该工作居住证真实有效。")),
    "frozen": (_("冻结"), _("该工作居住证已被冻结，暂不能办理相关业务。请持证人联系聘用单位。")),
    "expired": (_("已过期（可续签）"), _("该工作居住证已过有效期，仍可在规定期限内办理续签。")),
    "lapsed": (_("自然失效"), _("该工作居住证已过期且未按时续签，已自然失效。")),
    "cancelled": (_("已注销"), _("该工作居住证已被注销。")),
    "superseded": (_("已被新证件替代"), _("这张证件已因补发或换发而作废，请以持证人手中的新证件为准。")),
    "invalid_signature": (
        _("证件无效"),
        _("二维码不是本系统签发的，或已被改动。请勿相信这张证件，并向发证机关核实。"),
    ),
    "not_found": (_("未找到"), _("没有找到编号与姓名都相符的工作居住证。请核对编号和持证人全名后重试。")),
}

WEEK = 7


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
    context: dict[str, object] = {"form": form}
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
