"""Unit self-registration (聘用单位注册) in four steps, GOV.UK's question pages and check answers
(issue 13, point 2): 单位信息 → 经办人 → 账号 → 确认. Each step checks its own fields when 下一步 is
pressed (on the server: it works without JavaScript) and keeps them in the session, never in a
table; 确认 lists every answer with a 修改 link to its step, shows the personal-data notice and its
tick (PIPL arts. 14 and 17, units.consent: no tick, no registration), and 提交注册 runs
units.services.unit_register — nothing is written before. A refusal is shown on the step that owns
the field, under the error summary. Fields are also checked as they are filled (htmx), and a
message clears as soon as its field is good. Then what to bring to the district window (R-U03).

The password is kept in the session only between the 账号 step and 提交注册, encrypted
(core.crypto), and forgotten as the unit is created."""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.roles import Role
from core import clock, crypto
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
from web.errors import summary
from web.unit.common import attachment
from web.unit.forms import Bound, BoundSection, dom_id, summary_fields
from web.wording import ClerkForm, district_names, english

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

    def __init__(self, *args: Any, only: Iterable[str] = (), **kwargs: Any) -> None:
        """`only`: the fields of one step (all of them when empty)."""
        super().__init__(*args, **kwargs)
        if only:
            self.fields = {name: field for name, field in self.fields.items() if name in only}


@dataclass(frozen=True)
class Step:
    key: str  # its answers' key in the session's draft
    title: Any
    url_name: str
    fields: tuple[str, ...]


STEPS = (
    Step(
        "unit",
        gettext_lazy("单位信息"),
        "register",
        (
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
        ),
    ),
    Step(
        "operator",
        gettext_lazy("经办人"),
        "register-operator",
        ("operator_name", "operator_id_number", "operator_phone", "operator_email"),
    ),
    # right before 确认, so that the password is kept for one step only
    Step("account", gettext_lazy("账号"), "register-account", ("username", "password", "password_confirm")),
)
CONFIRM = gettext_lazy("确认")
DRAFT = "registration_draft"  # the session's answers: {step key: {field: as typed}}, the password encrypted
PASSWORDS = ("password", "password_confirm")
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
    return [{"rule": rule, "message": problem[1] if english() else problem[0]}]


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


Errors = dict[str, list[dict[str, Any]]]


def _errors(data: Mapping[str, Any], names: Iterable[str]) -> tuple[Errors, RegistrationForm]:
    """What is wrong with the fields `names` of `data`: the live checks' findings, then the form's."""
    form = RegistrationForm(data, only=names)
    errors: Errors = {n: found for n in form.fields if n in CHECKS and (found := CHECKS[n](data))}
    if not form.is_valid():
        for name, messages in form.errors.items():
            shown = errors.setdefault(name, [])  # a live check may have said it already
            shown.extend({"message": m} for m in messages if {"message": m} not in shown)
    return errors, form


def _bound(step: Step, values: Mapping[str, Any], errors: Errors) -> BoundSection:
    form = RegistrationForm(only=step.fields)
    fields = []
    for name in step.fields:
        field = form.fields[name]
        choices = list(field.choices) if isinstance(field, forms.ChoiceField) else []  # type: ignore[arg-type]
        fields.append(
            Bound(
                name=name,
                label=field.label,
                kind=KINDS.get(name, "text"),
                value=values.get(name, ""),
                id=dom_id("f", name),
                error_id=dom_id("e", name),
                errors=errors.get(name, []),
                choices=choices,
                help=field.help_text,
                autocomplete=AUTOCOMPLETE.get(name, "off"),
                check=reverse("register-check", args=[name]),
            )
        )
    return BoundSection(step.title, fields)


def _draft(request: HttpRequest) -> dict[str, dict[str, str]]:
    return request.session.get(DRAFT) or {}


def _answers(draft: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Every answer of the draft as the form reads them (the password decrypted, typed twice)."""
    out = {name: value for step in STEPS for name, value in draft.get(step.key, {}).items()}
    if out.get("password"):
        out["password"] = out["password_confirm"] = crypto.decrypt(out["password"])
    return out


def _unanswered(draft: Mapping[str, Any], before: int) -> HttpResponse | None:
    """Back to the first of the steps before `before` not answered yet (a new session: step 1)."""
    for step in STEPS[:before]:
        if step.key not in draft:
            return redirect(step.url_name)
    return None


def _progress(current: int) -> list[dict[str, Any]]:
    """The four steps at the top of each page: the earlier ones done (links back), the current one."""
    urls = [*(reverse(s.url_name) for s in STEPS), reverse("register-confirm")]
    titles = [*(s.title for s in STEPS), CONFIRM]
    return [{"title": title, "url": url, "done": n < current, "current": n == current}
            for n, (title, url) in enumerate(zip(titles, urls, strict=True))]


def _step_page(
    request: HttpRequest, n: int, values: Mapping[str, Any], errors: Errors, *,
    general: Iterable[Mapping[str, Any]] = (), changing: bool = False, status: int = 200,
) -> HttpResponse:
    """Step `n`'s question page; `changing`: reached from 确认's 修改, to which 下一步 returns."""
    step = STEPS[n]
    section = _bound(step, values, errors)
    context = {
        "progress": _progress(n),
        "number": n + 1,
        "total": len(STEPS) + 1,
        "step": step,
        "fields": section.fields,
        "summary": summary(general, summary_fields([section])),
        "action": reverse(step.url_name) + ("?from=confirm" if changing else ""),
        "back": reverse("register-confirm") if changing else reverse(STEPS[n - 1].url_name) if n else "",
        "changing": changing,
        "password_kept": bool(_draft(request).get(step.key, {}).get("password")),
    }
    return render(request, "registration/register.html", context, status=status)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, n: int = 0) -> HttpResponse:
    """Step `n` (单位信息, 经办人, 账号): its answers are checked on 下一步 and kept in the session;
    a session without the earlier steps starts again where they are missing."""
    step, draft = STEPS[n], _draft(request)
    if (back := _unanswered(draft, n)) is not None:
        return back
    changing = request.GET.get("from") == "confirm"
    kept = draft.get(step.key, {})
    if request.method != "POST":
        return _step_page(request, n, kept, {}, changing=changing)
    typed = {name: request.POST.get(name, "") for name in step.fields}
    if kept.get("password") and not (typed["password"] or typed["password_confirm"]):
        typed["password"] = typed["password_confirm"] = crypto.decrypt(kept["password"])  # not retyped
    errors, _form = _errors(typed, step.fields)
    if errors:
        return _step_page(request, n, typed, errors, changing=changing, status=400)
    answers = {name: value for name, value in typed.items() if name not in PASSWORDS}
    if "password" in typed:
        answers["password"] = crypto.encrypt(typed["password"])
    draft = {**draft, step.key: answers}
    request.session[DRAFT] = draft
    if n + 1 < len(STEPS) and not (changing and _unanswered(draft, len(STEPS)) is None):
        return redirect(STEPS[n + 1].url_name)
    return redirect("register-confirm")


def _shown(field: forms.Field, name: str, value: str) -> Any:
    """An answer as 确认 lists it."""
    if name == "password":
        return _("已设置（不显示）")
    if isinstance(field, forms.BooleanField):
        return _("是") if value else _("否")
    if value in ("", None):
        return _("未填写")
    if isinstance(field, forms.ChoiceField):
        return dict(field.choices).get(value, value)  # type: ignore[arg-type]
    return value


def _answer_groups(draft: Mapping[str, Mapping[str, str]]) -> list[dict[str, Any]]:
    """Every answer by step, each with the link that changes it (its step, at its field)."""
    form = RegistrationForm()
    return [
        {
            "title": step.title,
            "rows": [
                {
                    "label": form.fields[name].label,
                    "value": _shown(form.fields[name], name, draft[step.key].get(name, "")),
                    "href": reverse(step.url_name) + "?from=confirm#" + dom_id("f", name),
                }
                for name in step.fields if name != "password_confirm"
            ],
        }
        for step in STEPS
    ]


def _confirm_page(
    request: HttpRequest, draft: Mapping[str, Mapping[str, str]], errors: Errors, *,
    general: Iterable[Mapping[str, Any]] = (), status: int = 200,
) -> HttpResponse:
    consent = Bound(
        name="consent",
        label=RegistrationForm.base_fields["consent"].label,
        kind="checkbox",
        value=bool(request.POST.get("consent")),  # unticked until ticked; a refusal keeps the tick
        id=dom_id("f", "consent"),
        error_id=dom_id("e", "consent"),
        errors=errors.get("consent", []),
        check=reverse("register-check", args=["consent"]),
    )
    context = {
        "progress": _progress(len(STEPS)),
        "number": len(STEPS) + 1,
        "total": len(STEPS) + 1,
        "answers": _answer_groups(draft),
        "consent": consent,
        # the tick is named by the notice it agrees to (its label is a long sentence)
        "summary": summary(general, [(consent.id, _(TITLE), consent.errors)] if consent.errors else []),
        "notice_title": _(TITLE),
        "notice_version": VERSION,
        "notice": [(_(heading), _(body)) for heading, body in NOTICE],
        "back": reverse(STEPS[-1].url_name),
    }
    return render(request, "registration/confirm.html", context, status=status)


@require_http_methods(["GET", "POST"])
def register_confirm(request: HttpRequest) -> HttpResponse:
    """确认: every answer with its 修改 link, the notice and its tick; 提交注册 registers the unit
    (units.services.unit_register) or shows the refusal on the step that owns the field."""
    draft = _draft(request)
    if (back := _unanswered(draft, len(STEPS))) is not None:
        return back
    if request.method != "POST":
        return _confirm_page(request, draft, {})
    errors, form = _errors(
        {**_answers(draft), "consent": request.POST.get("consent", "")}, RegistrationForm.base_fields
    )
    general: list[dict[str, Any]] = []
    status = 400
    if not errors:
        try:
            unit = unit_register(_service_data(form.cleaned_data), actor(request),
                                 consent_via=ConsentVia.WEB_FORM)
        except DomainError as exc:
            status = exc.status
            for item in error_messages(exc):
                name = SERVICE_FIELDS.get(item.get("field") or "", item.get("field") or "")
                (errors.setdefault(name, []) if name in form.fields else general).append(item)
        else:
            request.session.pop(DRAFT, None)  # the password with it
            request.session[SESSION_KEY] = unit.pk
            return redirect("register-done")
    for n, step in enumerate(STEPS):
        if any(name in errors for name in step.fields):
            return _step_page(request, n, draft[step.key], errors, general=general, changing=True,
                              status=status)
    return _confirm_page(request, draft, errors, general=general, status=status)


@require_POST
def register_check(request: HttpRequest, field: str) -> HttpResponse:
    """htmx, as a field is filled: what the field's error slot says — empty when the value is good,
    so that a message (a 请填写… from 下一步) clears as soon as the field is filled, and empty until
    something is typed (a field not filled yet is for 下一步 to say). Only the slot's content is
    answered (swapped innerHTML), so the slot stays a live region."""
    if field not in RegistrationForm.base_fields:
        raise Http404
    typed = str(request.POST.get(field, "")).strip()
    slot = {"error_id": dom_id("e", field),
            "errors": _errors(request.POST, [field])[0].get(field, []) if typed else []}
    return render(request, "unit/_field_error_text.html", {"slot": slot})


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
