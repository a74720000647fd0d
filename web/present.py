"""A case's data (api.md "Fields by type") as labelled rows for the case page: sections of
(label, value) in plain Chinese. Presentation only: nothing here judges the data."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from reference.models import District
from web.wording import english, local_name

CHILD, SPOUSE = _("子女"), _("配偶")

LABELS = {
    "permit_no": _("证件编号"),
    "name": _("姓名"),
    "id_number": _("身份证号码"),
    "sex": _("性别"),
    "birth_date": _("出生日期"),
    "hukou": _("户籍所在地"),
    "phone": _("联系电话"),
    "degree": _("最高学历学位"),
    "degree_awarded_on": _("学位授予日期"),
    "work_started_on": _("参加工作日期"),
    "title_level": _("专业技术职称"),
    "special_talent_justification": _("特殊人才申请理由"),
    "shortage_catalogue_code": _("急需专业或岗位目录编号"),
    "started_on": _("聘用开始日期"),
    "contract_ends_on": _("劳动合同截止日期"),
    "address": _("地址"),
    "district": _("所在区"),
    "housing_type": _("住房类型"),
    "lease_ends_on": _("租约截止日期"),
    "marital_status": _("婚姻状况"),
    "custody_judgment": _("有子女抚养权判决"),
    "beijing_employment_contract": _("与在京单位签有劳动合同"),
    "school_level": _("在读学段"),
    "left_previous_on": _("原单位离职日期"),
    "starts_on": _("新单位入职日期"),
    "reason": _("补办原因"),
    "reason_detail": _("原因说明"),
    "left_on": _("离职日期"),
    "legal_representative": _("法定代表人"),
    "uscc": _("统一社会信用代码"),
    "registered_capital_cny": _("注册资本（元）"),
    "high_tech": _("高新技术企业"),
}
SECTIONS = {
    "person": _("申请人"),
    "employment": _("聘用情况"),
    "residence": _("在京固定住所"),
    "dependents": _("随往人员"),
    "changes": _("变更事项"),
    "tax_months": _("个人所得税缴纳月份"),
    "social_insurance_months": _("社会保险缴纳月份"),
}
VALUES = {
    "sex": {"M": _("男"), "F": _("女")},
    "degree": {
        "none": _("无学位"),
        "associate": _("专科"),
        "bachelor": _("学士"),
        "master": _("硕士"),
        "doctor": _("博士"),
    },
    "title_level": {
        "none": _("无"),
        "junior": _("初级"),
        "intermediate": _("中级"),
        "deputy_senior": _("副高级"),
        "senior": _("正高级"),
    },
    "housing_type": {
        "owned": _("自有住房"),
        "rented": _("租赁房屋"),
        "public_rented": _("租赁公房"),
        "borrowed": _("借住亲友住房"),
    },
    "marital_status": {
        "single": _("未婚"),
        "married": _("已婚"),
        "divorced": _("离异"),
        "widowed": _("丧偶"),
    },
    "school_level": {
        "none": _("未入学"),
        "kindergarten": _("幼儿园"),
        "primary": _("小学"),
        "junior": _("初中"),
        "senior": _("高中"),
        "university": _("大学"),
    },
    "reason": {"lost": _("遗失"), "damaged": _("损坏"), "other": _("其他")},
    "payer": {"unit": _("单位"), "agency": _("中介机构")},
}


@dataclass
class Section:
    title: Any
    rows: list[tuple[Any, Any]] = field(default_factory=list)


def _value(key: str, value: Any) -> Any:
    if key == "district" and isinstance(value, str):
        return local_name(District.objects.filter(code=value).first()) or value
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if value is None or value == "":
        return "—"
    return VALUES.get(key, {}).get(value, value) if isinstance(value, str) else value


def _months(months: list[dict[str, Any]]) -> str:
    if not months:
        return str(_("无"))
    if english():  # ASCII brackets and commas in English
        return ", ".join(f"{m.get('month')} ({_value('payer', m.get('payer'))})" for m in months)
    return "、".join(f"{m.get('month')}（{_value('payer', m.get('payer'))}）" for m in months)


ORDER = {key: n for n, key in enumerate([*LABELS, "spouse", "children", *SECTIONS])}


def _ordered(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """Known fields in the order of LABELS (stored data comes back in alphabetical order)."""
    return sorted(data.items(), key=lambda kv: ORDER.get(kv[0], len(ORDER)))


def _rows(data: dict[str, Any], prefix: str = "") -> list[tuple[Any, Any]]:
    rows: list[tuple[Any, Any]] = []
    for key, value in _ordered(data):
        label = f"{prefix}{LABELS.get(key, key)}"
        if isinstance(value, dict):
            rows.extend(_rows(value, f"{prefix}{SECTIONS.get(key, LABELS.get(key, key))} · "))
        elif isinstance(value, list):
            for n, item in enumerate(value, 1):
                rows.extend(
                    _rows(item, f"{prefix}{CHILD}{n} · ") if isinstance(item, dict) else [(label, item)]
                )
        else:
            rows.append((label, _value(key, value)))
    return rows


def describe(data: dict[str, Any]) -> list[Section]:
    """The sections of a case's data, in the order api.md lists them; loose fields first."""
    loose = Section(_("申请事项"))
    sections = [loose]
    for key, value in _ordered(data or {}):
        if key in ("tax_months", "social_insurance_months"):
            sections.append(Section(SECTIONS[key], [(_("月份（缴纳方）"), _months(value or []))]))
        elif key == "dependents" and isinstance(value, dict):
            deps = dict(value)
            spouse = deps.pop("spouse", None)
            rows = _rows(deps)
            if spouse:
                rows.extend(_rows(spouse, f"{SPOUSE} · "))
            sections.append(Section(SECTIONS[key], rows))
        elif isinstance(value, dict):
            sections.append(Section(SECTIONS.get(key, key), _rows(value)))
        else:
            loose.rows.append((LABELS.get(key, key), _value(key, value)))
    return [s for s in sections if s.rows]

# How the history names each action (cases.services._history).
ACTIONS = {
    "create": _("创建"),
    "patch": _("修改"),
    "photo": _("上传照片"),
    "submit": _("提交"),
    "resubmit": _("补正后重新提交"),
    "withdraw": _("撤回"),
    "review.pass": _("初审通过"),
    "review.reject": _("初审不予通过"),
    "review.request_supplement": _("要求补充材料"),
    "approval.approve": _("审批通过"),
    "approval.reject": _("审批不予通过"),
    "collection": _("领证"),
    "transfer.close": _("证件转至新单位，申请终止"),
}
