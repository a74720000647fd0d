"""Unit self-registration (聘用单位注册) as a guided form — 单位信息, 经办人, 账户, then the personal-data
notice and its tick (PIPL arts. 14 and 17, units.consent: no tick, no registration) — whose codes are
checked as they are typed (htmx), then units.services.unit_register, then what to bring to the
district window (R-U03)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.roles import Role
from core import clock
from core.errors import DomainError
from core.phones import normalise_phone, phone_problem, validate_phone
from documents.templates import DOCX, REGISTRATION_TEMPLATE, registration_template
from reference.models import EntityType
from reference.window import next_opening, window_days
from rules.checklists import REG_CHECKLIST
from rules.validators import Problem, id_number_problem, uscc_problem
from units.consent import CONSENT_LABEL, NOTICE, TITLE, VERSION, ConsentVia
from units.models import Unit
from units.schemas import PLANNED_PERMITS_MIN
from units.services import unit_register
from web.access import actor, error_messages
from web.unit.common import attachment
from web.unit.forms import Bound, dom_id
from web.wording import ClerkForm, district_names

SESSION_KEY = "registered_unit"
WEEK = 7


def _districts() -> list[tuple[str, Any]]:
    return [("", gettext_lazy("请选择")), *district_names().items()]


class RegistrationForm(ClerkForm):
    """The fields of POST /api/v1/units/register, flat (the operator's three prefixed)."""

    name = forms.CharField(label=gettext_lazy("单位名称"), min_length=2, max_length=200)
    uscc = forms.CharField(
        label=gettext_lazy("统一社会信用代码"),
        max_length=32,
        help_text=gettext_lazy("18位，见营业执照或法人证书"),
    )
    entity_type = forms.ChoiceField(
        label=gettext_lazy("单位类型"), choices=[("", gettext_lazy("请选择")), *EntityType.choices]
    )
    district = forms.ChoiceField(
        label=gettext_lazy("注册所在区"),
        choices=_districts,
        help_text=gettext_lazy("工商注册地所在区；由该区人社局核验"),
    )
    address = forms.CharField(label=gettext_lazy("单位地址"), max_length=300)
    main_business = forms.CharField(label=gettext_lazy("主营业务"), max_length=500, widget=forms.Textarea)
    last_year_tax_cny = forms.IntegerField(label=gettext_lazy("上年度纳税额（元）"), min_value=0)
    employee_count = forms.IntegerField(label=gettext_lazy("员工人数"), min_value=0)
    planned_permit_count = forms.IntegerField(
        label=gettext_lazy("拟办证人数"),
        min_value=PLANNED_PERMITS_MIN,
        error_messages={"min_value": gettext_lazy("拟办证人数至少为%(limit_value)s人。")},
    )
    legal_representative = forms.CharField(label=gettext_lazy("法定代表人"), max_length=60)
    registered_capital_cny = forms.IntegerField(
        label=gettext_lazy("注册资本（元，可不填）"), min_value=0, required=False
    )
    high_tech = forms.BooleanField(label=gettext_lazy("高新技术企业"), required=False)
    operator_name = forms.CharField(label=gettext_lazy("经办人姓名"), max_length=60)
    operator_id_number = forms.CharField(label=gettext_lazy("经办人身份证号码"), max_length=32)
    operator_phone = forms.CharField(
        label=gettext_lazy("经办人手机号码"),
        max_length=20,
        validators=[validate_phone],
        help_text=gettext_lazy("11位手机号码，或带区号的固定电话，如010-84409410"),
    )
    operator_email = forms.EmailField(
        label=gettext_lazy("经办人电子邮箱（可不填）"),
        required=False,
        max_length=254,
        help_text=gettext_lazy("到期、年检等提醒会发到这个邮箱；登录后可在“提醒”页修改"),
    )
    username = forms.RegexField(
        label=gettext_lazy("用户名"),
        regex=r"^[\w.@+-]+$",
        min_length=3,
        max_length=150,
        help_text=gettext_lazy("登录时使用；字母、数字和 . @ + - _"),
    )
    password = forms.CharField(
        label=gettext_lazy("密码"),
        max_length=64,
        strip=False,
        help_text=gettext_lazy("至少8位，不能过于简单，不能全是数字，不能与用户名相近"),
    )
    password_confirm = forms.CharField(label=gettext_lazy("再次输入密码"), max_length=64, strip=False)
    consent = forms.BooleanField(
        label=gettext_lazy(CONSENT_LABEL),
        error_messages={"required": gettext_lazy("请阅读《个人信息处理告知书》，勾选同意后再提交注册。")},
    )


SECTIONS = [
    (
        gettext_lazy("单位信息"),
        [
            "name",
            "uscc",
            "entity_type",
            "district",
            "address",
            "main_business",
            "last_year_tax_cny",
            "employee_count",
            "planned_permit_count",
            "legal_representative",
            "registered_capital_cny",
            "high_tech",
        ],
    ),
    (gettext_lazy("经办人"), ["operator_name", "operator_id_number", "operator_phone", "operator_email"]),
    (gettext_lazy("账户"), ["username", "password", "password_confirm"]),
]
KINDS = {
    "entity_type": "select",
    "district": "select",
    "main_business": "textarea",
    "high_tech": "checkbox",
    "last_year_tax_cny": "number",
    "employee_count": "number",
    "planned_permit_count": "number",
    "registered_capital_cny": "number",
    "operator_phone": "tel",
    "operator_email": "email",
    "password": "password",
    "password_confirm": "password",
}
AUTOCOMPLETE = {
    "name": "organization",
    "address": "street-address",
    "operator_name": "name",
    "operator_phone": "tel",
    "operator_email": "email",
    "username": "username",
    "password": "new-password",
    "password_confirm": "new-password",
}
# The service names the operator's fields by their place in the API body.
SERVICE_FIELDS = {
    "operator.id_number": "operator_id_number",
    "operator.name": "operator_name",
    "operator.phone": "operator_phone",
    "operator.email": "operator_email",
}


def _problem(rule: str, problem: Problem | None) -> list[dict[str, Any]]:
    if problem is None:
        return []
    return [{"rule": rule, "message": problem[1] if (get_language() or "").startswith("en") else problem[0]}]


def _password_errors(post: Any) -> list[dict[str, Any]]:
    password = post.get("password", "")
    if not password:
        return []
    try:
        validate_password(password, User(username=post.get("username", ""), role=Role.UNIT))
    except ValidationError as exc:
        return [{"message": m} for m in exc.messages]
    return []


def _confirm_errors(post: Any) -> list[dict[str, Any]]:
    confirm = post.get("password_confirm", "")
    if confirm and confirm != post.get("password", ""):
        return [{"message": _("两次输入的密码不一致。")}]
    return []


# The checks run as a field is filled: the same validators the registration service applies.
def _code(
    name: str, rule: str, problem: Callable[[str], Problem | None]
) -> Callable[[Any], list[dict[str, Any]]]:
    """The check of a code with a check character, once something is typed."""

    def check(post: Any) -> list[dict[str, Any]]:
        value = post.get(name, "").strip().upper()
        return _problem(rule, problem(value)) if value else []

    return check


def _phone_errors(post: Any) -> list[dict[str, Any]]:
    """The operator's telephone number (core.phones), once something is typed."""
    typed = post.get("operator_phone", "")
    problem = phone_problem(typed) if typed.strip() else None
    return [{"message": problem}] if problem else []


CHECKS: dict[str, Callable[[Any], list[dict[str, Any]]]] = {
    "uscc": _code("uscc", "R-U02", uscc_problem),
    "operator_id_number": _code("operator_id_number", "R-P09", id_number_problem),
    "operator_phone": _phone_errors,
    "password": _password_errors,
    "password_confirm": _confirm_errors,
}


def _bound(form: RegistrationForm, errors: dict[str, list[dict[str, Any]]]) -> list[tuple[Any, list[Bound]]]:
    out = []
    for title, names in SECTIONS:
        fields = []
        for name in names:
            field = form.fields[name]
            value = form[name].value() if form.is_bound else form.initial.get(name)
            choices = list(field.choices) if isinstance(field, forms.ChoiceField) else []  # type: ignore[arg-type]
            fields.append(
                Bound(
                    name=name,
                    label=field.label,
                    kind=KINDS.get(name, "text"),
                    value="" if value is None else value,
                    id=dom_id("f", name),
                    error_id=dom_id("e", name),
                    errors=errors.get(name, []),
                    choices=choices,
                    help=field.help_text,
                    autocomplete=AUTOCOMPLETE.get(name, "off"),
                    check=reverse("register-check", args=[name]) if name in CHECKS else "",
                )
            )
        out.append((title, fields))
    return out


def _service_data(clean: dict[str, Any]) -> dict[str, Any]:
    data = {k: v for k, v in clean.items()
            if not k.startswith("operator_") and k not in ("password_confirm", "consent")}
    data["operator"] = {
        "name": clean["operator_name"],
        "id_number": clean["operator_id_number"].strip(),
        "phone": normalise_phone(clean["operator_phone"]),
        "email": clean["operator_email"],
    }
    return data


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    errors: dict[str, list[dict[str, Any]]] = {}
    general: list[dict[str, Any]] = []
    status = 200
    if request.method == "POST":
        for name, check in CHECKS.items():
            if found := check(request.POST):
                errors[name] = found
        if form.is_valid() and not errors:
            try:
                unit = unit_register(_service_data(form.cleaned_data), actor(request),
                                     consent_via=ConsentVia.WEB_FORM)
            except DomainError as exc:
                status = exc.status
                for item in error_messages(exc):
                    name = SERVICE_FIELDS.get(item.get("field") or "", item.get("field") or "")
                    (errors.setdefault(name, []) if name in form.fields else general).append(item)
            else:
                request.session[SESSION_KEY] = unit.pk
                return redirect("register-done")
        else:
            status = 400
            for name, messages in form.errors.items():
                shown = errors.setdefault(name, [])  # a live check may have said it already
                shown.extend({"message": m} for m in messages if {"message": m} not in shown)
        if errors and not general:
            general = [{"message": _("请按提示修改标红的内容后再提交。")}]
    context = {
        "sections": _bound(form, errors),
        "general_errors": general,
        "consent": _consent_field(form, errors),
        "notice_title": _(TITLE),
        "notice_version": VERSION,
        "notice": [(_(heading), _(body)) for heading, body in NOTICE],
    }
    return render(request, "registration/register.html", context, status=status)


def _consent_field(form: RegistrationForm, errors: dict[str, list[dict[str, Any]]]) -> Bound:
    """The tick under the notice: unticked until the operator ticks it (a refused form keeps it)."""
    return Bound(
        name="consent",
        label=form.fields["consent"].label,
        kind="checkbox",
        value=bool(form["consent"].value()) if form.is_bound else False,
        id=dom_id("f", "consent"),
        error_id=dom_id("e", "consent"),
        errors=errors.get("consent", []),
    )


@require_POST
def register_check(request: HttpRequest, field: str) -> HttpResponse:
    """htmx, as a field is filled: what the field's error slot says, empty when the value is good.
    Only the slot's content is answered (swapped innerHTML), so the slot stays a live region."""
    check = CHECKS.get(field)
    if check is None:
        raise Http404
    slot = {"error_id": dom_id("e", field), "errors": check(request.POST)}
    return render(request, "unit/_field_error_text.html", {"slot": slot})


@require_GET
def register_done(request: HttpRequest) -> HttpResponse:
    """What the unit brings to its district's window, where it is verified (R-U03): the
    registration's reference (the unit's number, as the window finds it), the window's address,
    office and telephone from the reference data, its next open hours (R-W08) and the week's, and
    REG-01's template."""
    unit = Unit.objects.select_related("district").filter(pk=request.session.get(SESSION_KEY) or 0).first()
    if unit is None:
        return redirect("register")
    today = clock.today()
    context = {
        "unit": unit,
        "district": unit.district,
        "username": unit.operators.values_list("username", flat=True).first(),
        "reg_checklist": REG_CHECKLIST,
        "week": window_days(today, today + dt.timedelta(days=WEEK - 1)),
        "opening": next_opening(today, clock.now().astimezone(clock.SHANGHAI).time()),
    }
    return render(request, "registration/done.html", context)


@require_GET
def register_done_template(request: HttpRequest) -> HttpResponse:
    """REG-01 (《关于办理单位注册的申请》) filled for the unit this session registered; the same
    template signed-in units download from GET /api/v1/templates/unit-registration-application.docx."""
    unit = Unit.objects.filter(pk=request.session.get(SESSION_KEY) or 0).first()
    if unit is None:
        return redirect("register")
    content = registration_template(actor(request), unit)
    return attachment(content, DOCX, REGISTRATION_TEMPLATE)
