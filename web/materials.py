"""The public materials list of each case type (materials.md): every item a type can ask for, with
the condition under which it is asked. The items and titles come from rules.checklists itself —
computed over sample cases that meet every condition — so the public page cannot drift from what
the window checks; only the wording of the conditions lives here."""

import datetime as dt
from typing import Any

from cases.models import CaseType
from rules.checklists import ChecklistItem, checklist_for
from rules.testing import case_data, make_id_number, new_case_data

CONDITIONS = {
    "NEW-04R": "合同在提交后2个月内到期",
    "NEW-05": "证明材料随住房类型而定",
    "NEW-10A": "有配偶随往",
    "NEW-10AR": "随往配偶的合同在提交后2个月内到期",
    "NEW-10B": "有随往人员",
    "NEW-10C": "有配偶随往",
    "NEW-10D": "有子女随往",
    "NEW-10E": "有16周岁以上子女随往",
    "NEW-10F": "离异男性申请人携子女随往",
    "NEW-13": "申报突出贡献或紧缺急需人才",
    "REN-03R": "合同在提交后2个月内到期",
    "ADR-02": "证明材料随住房类型而定",
    "DEP-02": "新名单中有配偶",
    "DEP-03": "新名单中有配偶",
    "DEP-04": "新名单中有配偶",
    "DEP-04R": "新名单中配偶的合同在提交后2个月内到期",
    "DEP-05": "新名单中有子女",
    "DEP-06": "新名单中有16周岁以上子女",
    "DEP-07": "离异男性持证人携子女",
    "GEN-03": "变更身份证号码",
    "GEN-04": "变更户口所在地",
    "GEN-05": "变更姓名",
    "UIC-01": "变更单位名称",
    "UIC-03": "变更地址、所在区、法定代表人、统一社会信用代码或注册资本",
    "UIC-04": "变更高新技术企业资质",
}


def _samples(case_type: str, today: dt.date) -> list[tuple[dict[str, Any], str | None]]:
    """Sample data that, together, meet every condition of the type's checklist."""
    child = {
        "name": "子",
        "id_number": make_id_number(dt.date(today.year - 17, 1, 1)),
        "school_level": "senior",
    }
    soon = (today + dt.timedelta(days=20)).isoformat()
    spouse = {
        "name": "配偶",
        "id_number": make_id_number(dt.date(1990, 1, 1), "F"),
        "beijing_employment_contract": True,
        "contract_ends_on": soon,
    }
    together = {"marital_status": "married", "spouse": spouse, "children": [child]}
    alone = {"marital_status": "divorced", "custody_judgment": True, "spouse": None, "children": [child]}
    if case_type == CaseType.NEW:
        with_all = new_case_data(today, sex="M")
        with_all["person"]["special_talent_justification"] = "突出贡献"
        with_all["employment"]["contract_ends_on"] = soon
        divorced = new_case_data(today, sex="M")
        return [({**with_all, "dependents": together}, None), ({**divorced, "dependents": alone}, None)]
    if case_type == CaseType.DEPENDENTS_CHANGE:
        return [({"dependents": together}, "M"), ({"dependents": alone}, "M")]
    if case_type == CaseType.RENEWAL:
        return [({"employment": {"contract_ends_on": soon}}, None)]
    if case_type == CaseType.GENERAL_CHANGE:
        return [({"changes": {"name": "新", "id_number": "x", "hukou": "x"}}, None)]
    if case_type == CaseType.UNIT_INFO_CHANGE:
        return [({"changes": {"name": "新", "address": "x", "high_tech": True}}, None)]
    return [(case_data(case_type, today), None)]


def catalogue(today: dt.date) -> list[dict[str, Any]]:
    out = []
    for case_type in CaseType:
        items: dict[str, ChecklistItem] = {}
        for data, sex in _samples(case_type, today):
            for item in checklist_for(case_type, data, today, holder_sex=sex):
                items.setdefault(item.code, item)
        rows = [
            {"code": code, "title": item.title, "condition": CONDITIONS.get(code, "必须提供")}
            for code, item in sorted(items.items(), key=lambda kv: _order(kv[0]))
        ]
        out.append({"type": case_type.value, "label": case_type.label, "items": rows})
    return out


def _order(code: str) -> tuple[str, int, str]:
    prefix, _, rest = code.partition("-")
    digits = "".join(c for c in rest if c.isdigit())
    return prefix, int(digits or 0), rest
