"""Materials checklists (materials.md): only the items whose condition holds are listed, each
required unless marked optional. The district ticks them received at the window (R-W02).

`CHECKLISTS` maps a case type to the function that computes its checklist from the case's data
and the submission date; a new type is one more entry.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.dates import add_months
from rules.data import children, date_of, section, spouse, text
from rules.dependents import brings_children_as_divorced_man, child_over_16


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    title: str
    required: bool = True
    rule: str | None = None  # the rule the material proves, when there is one

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "title": self.title, "required": self.required, "rule": self.rule}


# 企业注册 — 篇2 企业注册 二
REG_CHECKLIST = [
    ChecklistItem("REG-01", "《关于办理单位注册的申请》（单位基本情况、主营业务、上年度经营纳税、"
                            "员工规模、拟办证人数、联系人及电话；法人签字，加盖单位公章，"
                            "不得盖人力资源部门章）"),
    ChecklistItem("REG-02", "法人营业执照副本（或事业单位法人证书、民办非企业单位登记证书、"
                            "社会团体法人登记证书、非法人分支机构营业执照）、组织机构代码证副本",
                  rule="R-U01"),
    ChecklistItem("REG-03", "授权经办人的身份证原件及正反面复印件"),
]

RESIDENCE_PROOF = {
    "owned": "房产证或购房合同",
    "rented": "住建委网站下载的房屋租赁协议及纳税证明",
    "public_rented": "房屋产权单位出具的证明",
    "borrowed": "居委会证明（房主姓名、与借住人关系）和房产证",
}


def _new(data: dict[str, Any], today: dt.date) -> list[ChecklistItem]:
    """新办 — 篇2 新办 二."""
    contract_ends = date_of(section(data, "employment"), "contract_ends_on")
    housing = (section(data, "residence") or {}).get("housing_type")
    dependents = section(data, "dependents")
    kids, partner = children(dependents), spouse(dependents)
    proof = RESIDENCE_PROOF.get(housing) if isinstance(housing, str) else None
    items = [
        ChecklistItem("NEW-01", "系统打印的《北京市工作居住证申请表》（一式二份）", rule="R-W10"),
        ChecklistItem("NEW-02", "单位出具的《关于为×××办理的申请》（单位基本情况、主营业务、"
                                "上年度纳税、员工规模、申请人基本情况和业绩，加盖公章）"),
        ChecklistItem("NEW-03", "与系统内上传照片同底的一寸近期免冠彩色照片一张", rule="R-W09"),
        ChecklistItem("NEW-04", "申请人与申请单位签订的聘用（劳动）合同", rule="R-P02"),
    ]
    if contract_ends is not None and contract_ends < add_months(today, 2):
        items.append(ChecklistItem("NEW-04R", "续签的聘用（劳动）合同"))
    items += [
        ChecklistItem("NEW-05", f"在京固定住所证明：{proof}" if proof else "在京固定住所证明", rule="R-P04"),
        ChecklistItem("NEW-06", "申请人身份证、户口本首页和本人页", rule="R-P09"),
        ChecklistItem("NEW-07", "学历、学位和职称证书（必要时学历学位认证报告、专业技术职务任职通知）",
                      rule="R-P03"),
        ChecklistItem("NEW-08", "近半年个人所得税证明（由申请单位缴纳，注明“本人连续缴纳情况属实”，"
                                "法人签字，加盖公章）", rule="R-P05"),
        ChecklistItem("NEW-09", "近半年社会保险缴纳证明", rule="R-P06"),
    ]
    if partner is not None:
        items.append(ChecklistItem("NEW-10A", "配偶与在京工作单位签订的聘用（劳动）合同", rule="R-D01"))
    if partner is not None or kids:
        items.append(ChecklistItem("NEW-10B", "配偶和子女的身份证、户口本首页和本人页", rule="R-P09"))
    if partner is not None:
        items.append(ChecklistItem("NEW-10C", "结婚证", rule="R-D01"))
    if kids:
        items.append(ChecklistItem("NEW-10D", "独生子女证或二胎准生证明（双胞胎、多胞胎提供出生证）",
                                   rule="R-D04"))
    if any(child_over_16(child, today) for child in kids):
        items.append(ChecklistItem("NEW-10E", "学校出具的在校证明", rule="R-D02"))
    if brings_children_as_divorced_man(data):
        items.append(ChecklistItem("NEW-10F", "离婚协议、子女判决书原件及复印件", rule="R-D03"))
    items += [
        ChecklistItem("NEW-11", "《诚信声明》"),
        ChecklistItem("NEW-12", "申请单位营业执照复印件"),
    ]
    if text(section(data, "person"), "special_talent_justification"):
        items.append(ChecklistItem("NEW-13", "突出贡献或紧缺急需人才的证明材料", rule="R-P03"))
    return items


CHECKLISTS: dict[str, Callable[[dict[str, Any], dt.date], list[ChecklistItem]]] = {
    "new": _new,
}


def checklist_for(case_type: str, data: dict[str, Any], today: dt.date) -> list[ChecklistItem]:
    """The checklist of a case of `case_type` with `data`, as of `today` (the submission date)."""
    if case_type not in CHECKLISTS:
        raise LookupError(f"no materials checklist is defined for case type {case_type!r}")
    return CHECKLISTS[case_type](data or {}, today)
