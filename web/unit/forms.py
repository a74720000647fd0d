"""The case form of each type: which fields it shows, and how the posted form becomes the case's
`data` (api.md "Fields by type") and back. Input names are the dotted paths of the data
(`person.id_number`, `dependents.children.0.name`), the same paths the services name in their
errors, so every error lands next to its field. Parsing only: the services judge everything."""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import CaseType, Rating
from core.dates import months_before
from reference.models import ShortageCatalogueEntry
from web.present import VALUES
from web.wording import ClerkForm, district_names, local_name, page_item, register_labels

Choices = Callable[[], list[tuple[str, Any]]]
PAYERS = {"unit": _("本单位缴纳"), "agency": _("中介机构代缴")}
MONTH_KEYS = ("tax_months", "social_insurance_months")
EXTRA_CHILD_ROWS = 1


def _values(key: str, blank: Any = None) -> Choices:
    """The choices of a field from the labels the case page uses; `blank` adds an empty first one."""
    return lambda: ([("", blank)] if blank is not None else []) + list(VALUES[key].items())


def _districts() -> list[tuple[str, Any]]:
    return [("", _("请选择")), *district_names().items()]


def _catalogue() -> list[tuple[str, Any]]:
    entries = ShortageCatalogueEntry.objects.filter(active=True)
    return [("", _("请选择")), *((e.code, f"{e.code} {local_name(e)}") for e in entries)]


def _tristate() -> list[tuple[str, Any]]:
    return [("", _("不变更")), ("true", _("是")), ("false", _("否"))]


def _payers() -> list[tuple[str, Any]]:
    return [("", _("未缴纳")), *PAYERS.items()]


@dataclass(frozen=True)
class Field:
    path: str  # the dotted path in the case's data
    label: Any
    kind: str = "text"  # text, tel, date, number, textarea, select, checkbox, tristate
    choices: Choices | None = None
    help: Any = ""
    autocomplete: str = "off"


@dataclass(frozen=True)
class Section:
    key: str  # the top-level key of the data; "" when each field is a top-level key itself
    title: Any
    fields: tuple[Field, ...] = ()
    required: bool = False  # the schema needs the section even when empty (`changes`)
    children: bool = False  # dependents: a row per child, plus an empty one to add
    months: bool = False  # the tax and social-insurance months table


PERMIT_NO = Field(
    "permit_no", _("工作居住证编号"), help=_("例如 BJ20260000001；在“员工与证件”中打开证件可直接办理")
)


def _residence(prefix: str = "residence") -> tuple[Field, ...]:
    return (
        Field(f"{prefix}.address", _("在京固定住所地址"), autocomplete="street-address"),
        Field(f"{prefix}.district", _("住所所在区"), "select", _districts),
        Field(f"{prefix}.housing_type", _("住房类型"), "select", _values("housing_type", _("请选择"))),
        Field(f"{prefix}.lease_ends_on", _("租约截止日期"), "date", help=_("租赁房屋须填写")),
    )


DEPENDENTS = Section(
    "dependents",
    _("随往人员"),
    (
        Field("dependents.marital_status", _("婚姻状况"), "select", _values("marital_status")),
        Field("dependents.custody_judgment", _("离异且法院判决子女由本人抚养"), "checkbox"),
        Field("dependents.spouse.name", _("随往配偶姓名"), help=_("配偶不随往则不填")),
        Field("dependents.spouse.id_number", _("配偶身份证号码")),
        Field(
            "dependents.spouse.beijing_employment_contract",
            _("配偶与在京单位签有聘用（劳动）合同"),
            "checkbox",
        ),
        Field(
            "dependents.spouse.contract_ends_on",
            _("配偶劳动合同截止日期"),
            "date",
            help=_("可不填；不足2个月到期的，须同时提交续签的合同"),
        ),
    ),
    children=True,
)
CHILD_FIELDS = (
    Field("name", _("子女姓名")),
    Field("id_number", _("子女身份证号码")),
    Field("school_level", _("在读学段"), "select", _values("school_level")),
)
MONTHS = Section("", _("个人所得税和社会保险缴纳月份"), months=True)

SECTIONS: dict[str, tuple[Section, ...]] = {
    CaseType.NEW: (
        Section(
            "person",
            _("申请人"),
            (
                Field("person.name", _("姓名"), autocomplete="off"),
                Field("person.id_number", _("身份证号码")),
                Field("person.sex", _("性别"), "select", _values("sex", _("按身份证号码"))),
                Field("person.birth_date", _("出生日期"), "date", help=_("不填则按身份证号码")),
                Field("person.hukou", _("户籍所在地")),
                Field("person.phone", _("手机号码"), "tel"),
                Field("person.degree", _("最高学位"), "select", _values("degree")),
                Field("person.degree_awarded_on", _("学位授予日期"), "date"),
                Field("person.work_started_on", _("参加工作日期"), "date"),
                Field("person.title_level", _("专业技术职称"), "select", _values("title_level")),
                Field("person.shortage_catalogue_code", _("急需专业或岗位"), "select", _catalogue),
                Field(
                    "person.special_talent_justification",
                    _("突出贡献或紧缺急需人才的理由"),
                    "textarea",
                    help=_("只有按特殊人才申请时填写；由市人力资源和社会保障局审批时确认"),
                ),
            ),
        ),
        Section(
            "employment",
            _("聘用情况"),
            (
                Field("employment.started_on", _("入职日期"), "date"),
                Field("employment.contract_ends_on", _("劳动合同截止日期"), "date"),
            ),
        ),
        Section("residence", _("在京固定住所"), _residence()),
        MONTHS,
        DEPENDENTS,
    ),
    CaseType.RENEWAL: (
        Section("", _("续签的证件"), (PERMIT_NO,)),
        Section(
            "employment",
            _("聘用情况"),
            (Field("employment.contract_ends_on", _("劳动合同截止日期"), "date"),),
        ),
        MONTHS,
    ),
    CaseType.EMPLOYER_CHANGE: (
        Section(
            "",
            _("转入本单位的证件"),
            (
                Field("permit_no", _("工作居住证编号"), help=_("持证人出示的证件上的编号")),
                Field("left_previous_on", _("离开原单位的日期"), "date"),
                Field("starts_on", _("到本单位上岗日期"), "date"),
            ),
        ),
        Section(
            "employment",
            _("与本单位的聘用"),
            (
                Field("employment.started_on", _("入职日期"), "date"),
                Field("employment.contract_ends_on", _("劳动合同截止日期"), "date"),
            ),
        ),
    ),
    CaseType.ADDRESS_CHANGE: (
        Section("", _("证件"), (PERMIT_NO,)),
        Section("residence", _("新的在京固定住所"), _residence()),
    ),
    CaseType.DEPENDENTS_CHANGE: (Section("", _("证件"), (PERMIT_NO,)), DEPENDENTS),
    CaseType.REPLACEMENT: (
        Section(
            "",
            _("补办的证件"),
            (
                PERMIT_NO,
                Field("reason", _("补办原因"), "select", _values("reason", _("请选择"))),
                Field("reason_detail", _("原因说明"), "textarea"),
            ),
        ),
    ),
    CaseType.GENERAL_CHANGE: (
        Section("", _("证件"), (PERMIT_NO,)),
        Section(
            "changes",
            _("变更事项（只填要变更的）"),
            (
                Field("changes.name", _("新的姓名")),
                Field("changes.id_number", _("新的身份证号码")),
                Field("changes.hukou", _("新的户籍所在地")),
            ),
            required=True,
        ),
    ),
    CaseType.UNIT_INFO_CHANGE: (
        Section(
            "changes",
            _("变更事项（只填要变更的）"),
            (
                Field("changes.name", _("新的单位名称")),
                Field("changes.address", _("新的单位地址")),
                Field("changes.district", _("新的注册所在区"), "select", _districts),
                Field("changes.legal_representative", _("新的法定代表人")),
                Field("changes.uscc", _("新的统一社会信用代码")),
                Field("changes.registered_capital_cny", _("新的注册资本（元）"), "number"),
                Field("changes.high_tech", _("高新技术企业"), "tristate", _tristate),
            ),
            required=True,
        ),
    ),
    CaseType.CANCELLATION: (
        Section(
            "",
            _("注销的证件"),
            (
                PERMIT_NO,
                Field("left_on", _("持证人离职日期"), "date", help=_("离职之日起5日内办理")),
            ),
        ),
    ),
}

register_labels(
    {f.path: f.label for sections in SECTIONS.values() for s in sections for f in s.fields}
    | {f"dependents.children.N.{f.path}": f.label for f in CHILD_FIELDS}
    | {f"{key}{rest}": label for key, label in (("tax_months", _("个人所得税缴纳月份")),
                                                ("social_insurance_months", _("社会保险缴纳月份")))
       for rest in ("", ".N", ".N.month", ".N.payer")}
)

# What each type is for, in a sentence, on the page where a unit picks one.
PURPOSES = {
    CaseType.NEW: _("为本单位员工首次申请《北京市工作居住证》。"),
    CaseType.RENEWAL: _("证件有效期满前一个月至期满后一个月内续签三年。"),
    CaseType.EMPLOYER_CHANGE: _("持证人离开原单位60日内到本单位工作，由本单位办理转入。"),
    CaseType.ADDRESS_CHANGE: _("持证人在京固定住所变更。"),
    CaseType.DEPENDENTS_CHANGE: _("随往配偶或子女的变更。"),
    CaseType.GENERAL_CHANGE: _("持证人姓名、身份证号码或户籍所在地变更。"),
    CaseType.REPLACEMENT: _("证件遗失或损坏后补办新证。"),
    CaseType.UNIT_INFO_CHANGE: _("本单位名称、地址、注册所在区、法定代表人等信息变更。"),
    CaseType.CANCELLATION: _("持证人离职后5日内注销其证件。"),
}


def dom_id(prefix: str, path: str) -> str:
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_-]", "-", path)


@dataclass
class Bound:
    """One field as the template draws it."""

    name: str
    label: Any
    kind: str
    value: Any
    id: str
    error_id: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    choices: list[tuple[str, Any]] = field(default_factory=list)
    help: Any = ""
    autocomplete: str = "off"
    check: str = ""  # a URL that answers the error of this field as it is filled (htmx)


@dataclass
class BoundSection:
    title: Any
    fields: list[Bound] = field(default_factory=list)
    children: list[list[Bound]] = field(default_factory=list)
    months: list[dict[str, Any]] = field(default_factory=list)
    id: str = ""


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """`data` as {dotted path: value}; the months lists as {"tax_months.YYYY-MM": payer}."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if key in MONTH_KEYS and isinstance(value, list):
            out.update({f"{key}.{m.get('month')}": m.get("payer") for m in value if isinstance(m, dict)})
        elif isinstance(value, dict):
            out.update(flatten(value, f"{path}."))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                out.update(flatten(item, f"{path}.{i}.") if isinstance(item, dict) else {f"{path}.{i}": item})
        else:
            out[path] = value
    return out


def _shown(kind: str, value: Any) -> Any:
    if kind == "checkbox":
        return value is True or value == "on"
    if kind == "tristate":
        return {True: "true", False: "false"}.get(value, value or "")
    return "" if value is None else value


def _bind(f: Field, path: str, values: Mapping[str, Any]) -> Bound:
    return Bound(
        name=path,
        label=f.label,
        kind=f.kind,
        value=_shown(f.kind, values.get(path)),
        id=dom_id("f", path),
        error_id=dom_id("e", path),
        choices=f.choices() if f.choices else [],
        help=f.help,
        autocomplete=f.autocomplete,
    )


def child_count(values: Mapping[str, Any]) -> int:
    found = [int(m.group(1)) for p in values if (m := re.match(r"dependents\.children\.(\d+)\.", p))]
    return max(found) + 1 if found else 0


def bind(
    case_type: str,
    values: Mapping[str, Any],
    *,
    months: Iterable[str] = (),
    only_first: bool = False,
    extra_rows: int = EXTRA_CHILD_ROWS,
) -> list[BoundSection]:
    """The sections of the type's form filled with `values` ({path: value}); `months` are the rows of
    the months table; `only_first` gives the first section only (the page that starts a case);
    `extra_rows` empty child rows after the children in `values` (none for the form as posted, whose
    rows are those of the page, the empty one included)."""
    out = []
    for n, section in enumerate(SECTIONS[case_type][:1] if only_first else SECTIONS[case_type]):
        bound = BoundSection(
            section.title, [_bind(f, f.path, values) for f in section.fields], id=f"section-{n}"
        )
        if section.children:
            rows = max(child_count(values) + extra_rows, 1)
            bound.children = [
                [_bind(f, f"dependents.children.{i}.{f.path}", values) for f in CHILD_FIELDS]
                for i in range(rows)
            ]
        if section.months:
            bound.months = [
                {
                    "month": m,
                    "cells": [
                        _bind(Field(f"{key}.{m}", m, "select", _payers), f"{key}.{m}", values)
                        for key in MONTH_KEYS
                    ],
                }
                for m in months
            ]
        out.append(bound)
    return out


def bound_fields(sections: list[BoundSection]) -> list[Bound]:
    """Every input drawn (a live update clears or sets the error next to each one)."""
    fields = [b for s in sections for b in s.fields]
    fields += [b for s in sections for row in s.children for b in row]
    fields += [c for s in sections for row in s.months for c in row["cells"]]
    return fields


def error_slots(sections: list[BoundSection]) -> list[Bound]:
    """The fields drawn with their error slot (templates/unit/_field.html), which a live update
    redraws out of band: every field but the months table's cells, which have none."""
    return [b for s in sections for b in s.fields] + [b for s in sections for row in s.children for b in row]


def summary_fields(sections: list[BoundSection]) -> list[tuple[str, Any, list[dict[str, Any]]]]:
    """The fields with errors, as web.errors.summary reads them (the error summary's links)."""
    return [(b.id, b.label, b.errors) for b in bound_fields(sections) if b.errors]


def attach(sections: list[BoundSection], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Put each error next to the field it names; answer the others, for the top of the page."""
    fields = {b.name: b for b in bound_fields(sections)}
    general = []
    for item in items:
        field = fields.get(item.get("field") or "")
        if field is None:
            general.append(page_item(item))
        else:
            field.errors.append(page_item(item, field.label))  # named as the form labels it
    return general


def month_rows(
    case_type: str, data: Mapping[str, Any], today: dt.date, wanted: list[str] | None
) -> list[str]:
    """The months the table offers: those the rules will ask about (`wanted`: a renewal's holding
    period) or else the 12 months before this one, plus any month already in the data."""
    if not any(s.months for s in SECTIONS[case_type]):
        return []
    given = {m.get("month") for key in MONTH_KEYS for m in (data.get(key) or []) if isinstance(m, dict)}
    return sorted({*(wanted or months_before(today, 12)), *(m for m in given if isinstance(m, str))})


def _parse(kind: str, raw: str | None) -> Any:
    if kind == "checkbox":
        return True if raw else None
    if kind == "tristate":
        return {"true": True, "false": False}.get(raw or "")
    value = (raw or "").strip()
    if kind == "number" and value.isdecimal():  # the data takes a JSON integer, not its digits (core.strict)
        return int(value)
    return value or None


def _put(tree: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        tree = tree.setdefault(part, {})
    tree[parts[-1]] = value


def _lists(tree: Any) -> Any:
    """Dicts keyed 0, 1, … (the child rows) become lists, in order."""
    if not isinstance(tree, dict):
        return tree
    if tree and all(k.isdigit() for k in tree):
        return [_lists(tree[k]) for k in sorted(tree, key=int)]
    return {k: _lists(v) for k, v in tree.items()}


def data_from_post(case_type: str, post: Mapping[str, Any]) -> dict[str, Any]:
    """The posted form as the case's data, one entry per top-level key the form shows; None for a
    section left empty (a patch then removes it, and the rule that needs it says so)."""
    out: dict[str, Any] = {}
    for section in SECTIONS[case_type]:
        if section.months:
            for key in MONTH_KEYS:
                rows = [
                    {"month": name.split(".", 1)[1], "payer": value}
                    for name, value in post.items()
                    if name.startswith(f"{key}.") and value in PAYERS
                ]
                out[key] = sorted(rows, key=lambda r: r["month"]) or None
            continue
        fields = [(f.path, f.kind) for f in section.fields]
        if section.children:
            fields += [
                (f"dependents.children.{i}.{f.path}", f.kind)
                for i in range(child_count(post))
                for f in CHILD_FIELDS
            ]
        tree: dict[str, Any] = {}
        for path, kind in fields:
            value = _parse(kind, post.get(path))
            if path.startswith("dependents.children.") and path.endswith(".school_level"):
                value = value if _parse("text", post.get(path.rsplit(".", 1)[0] + ".name")) else None
            if value is not None:
                _put(tree, path, value)
        if not section.key:
            out.update({f.path: tree.get(f.path) for f in section.fields})
        else:
            part = _lists(tree.get(section.key, {}))
            out[section.key] = part if part or section.required else None
    return out


def filled_months(post: Any) -> Any:
    """The "all months paid by the unit" button: every month of the table set to the payer it names."""
    payer = post.get("fill_months")
    if payer not in PAYERS:
        return post
    post = post.copy()
    for name in list(post):
        if name.split(".", 1)[0] in MONTH_KEYS:
            post[name] = payer
    return post


def creation_data(case_type: str, post: Mapping[str, Any]) -> dict[str, Any]:
    """The first section of the form, as the data a new draft is created with."""
    keys = {s.key for s in SECTIONS[case_type][:1]} | {f.path for f in SECTIONS[case_type][0].fields}
    return {k: v for k, v in data_from_post(case_type, post).items() if k in keys and v is not None}


class RatingForm(ClerkForm):
    score = forms.TypedChoiceField(
        label=_("您对本次办理的评价"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=list(reversed(Rating.Score.choices)),
        error_messages={"required": _("请选择一项评价。")},
    )
    comment = forms.CharField(
        label=_("意见和建议（可不填）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LossReportForm(ClerkForm):
    """R-W11: the unit's loss report (挂失), confirmed on its own page."""

    note = forms.CharField(
        label=_("遗失情况（可不填）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：何时、何地发现遗失。"),
    )
