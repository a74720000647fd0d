"""Materials checklists (materials.md): only the items whose condition holds are listed, each
required unless marked optional. The district ticks them received at the window (R-W02).

`CHECKLISTS` maps a case type to the function that computes its checklist from the case's data,
the submission date and the permit holder's sex (DEP-07; None for `new`, whose applicant's sex is
in its data, or when unknown); a new type is one more entry.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.dates import add_months
from rules.changes import GENERAL_CHANGE_FIELDS, UNIT_INFO_FIELDS, given_fields
from rules.data import birth_and_sex, children, date_of, section, spouse, text
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


def _residence_proof(data: dict[str, Any], proofs: dict[str, str]) -> str | None:
    housing = (section(data, "residence") or {}).get("housing_type")
    return proofs.get(housing) if isinstance(housing, str) else None


def _contract_renewal_due(data: dict[str, Any], today: dt.date) -> bool:
    """NEW-04R, REN-03R: the labour contract ends less than 2 months after submission."""
    contract_ends = date_of(section(data, "employment"), "contract_ends_on")
    return contract_ends is not None and contract_ends < add_months(today, 2)


def _spouse_contract_renewal_due(partner: dict[str, Any] | None, today: dt.date) -> bool:
    """NEW-10AR, DEP-04R (R-D01): the accompanying spouse's labour contract (`contract_ends_on`,
    optional) ends less than 2 months after submission."""
    contract_ends = date_of(partner, "contract_ends_on")
    return contract_ends is not None and contract_ends < add_months(today, 2)


def _new(data: dict[str, Any], today: dt.date, holder_sex: str | None) -> list[ChecklistItem]:
    """新办 — 篇2 新办 二. The applicant's sex (NEW-10F) comes from the data, not `holder_sex`."""
    dependents = section(data, "dependents")
    kids, partner = children(dependents), spouse(dependents)
    proof = _residence_proof(data, RESIDENCE_PROOF)
    items = [
        ChecklistItem("NEW-01", "系统打印的《北京市工作居住证申请表》（一式二份）", rule="R-W10"),
        ChecklistItem("NEW-02", "单位出具的《关于为×××办理的申请》（单位基本情况、主营业务、"
                                "上年度纳税、员工规模、申请人基本情况和业绩，加盖公章）"),
        ChecklistItem("NEW-03", "与系统内上传照片同底的一寸近期免冠彩色照片一张", rule="R-W09"),
        ChecklistItem("NEW-04", "申请人与申请单位签订的聘用（劳动）合同", rule="R-P02"),
    ]
    if _contract_renewal_due(data, today):
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
    if partner is not None and _spouse_contract_renewal_due(partner, today):
        items.append(ChecklistItem("NEW-10AR", "配偶的续签聘用（劳动）合同", rule="R-D01"))
    if partner is not None or kids:
        items.append(ChecklistItem("NEW-10B", "配偶和子女的身份证、户口本首页和本人页", rule="R-P09"))
    if partner is not None:
        items.append(ChecklistItem("NEW-10C", "结婚证", rule="R-D01"))
    if kids:
        items.append(ChecklistItem("NEW-10D", "独生子女证或二胎准生证明（双胞胎、多胞胎提供出生证）",
                                   rule="R-D04"))
    if any(child_over_16(child, today) for child in kids):
        items.append(ChecklistItem("NEW-10E", "学校出具的在校证明", rule="R-D02"))
    if brings_children_as_divorced_man(dependents, birth_and_sex(section(data, "person"))[1]):
        items.append(ChecklistItem("NEW-10F", "离婚协议、子女判决书原件及复印件", rule="R-D03"))
    items += [
        ChecklistItem("NEW-11", "《诚信声明》"),
        ChecklistItem("NEW-12", "申请单位营业执照复印件"),
    ]
    if text(section(data, "person"), "special_talent_justification"):
        items.append(ChecklistItem("NEW-13", "突出贡献或紧缺急需人才的证明材料", rule="R-P03"))
    return items


def _renewal(data: dict[str, Any], today: dt.date, holder_sex: str | None) -> list[ChecklistItem]:
    """续签 — 篇2 续签 二."""
    items = [
        ChecklistItem("REN-01", "系统打印的《北京市工作居住证续签申请表》（一式两份）", rule="R-W10"),
        ChecklistItem("REN-02", "企业法人营业执照（或其他法人证书、分支机构营业执照）"),
        ChecklistItem("REN-03", "聘用（劳动）合同", rule="R-R02"),
    ]
    if _contract_renewal_due(data, today):
        items.append(ChecklistItem("REN-03R", "续签的聘用（劳动）合同", rule="R-R02"))
    return items + [
        ChecklistItem("REN-04", "持证期间在京连续缴纳个人所得税证明（持证期间更换过单位的，含原单位个税证明，"
                                "原单位法人签字盖章）", rule="R-R03"),
        ChecklistItem("REN-05", "持证期间缴纳全部社会保险证明", rule="R-R04"),
        ChecklistItem("REN-06", "《北京市工作居住证》", rule="R-R01"),
        ChecklistItem("REN-07", "《诚信声明》"),
        ChecklistItem("REN-08", "申请单位营业执照复印件"),
    ]


def _employer_change(data: dict[str, Any], today: dt.date, holder_sex: str | None) -> list[ChecklistItem]:
    """聘用单位变更 — 篇2 聘用单位变更 二."""
    return [
        ChecklistItem("EMP-01", "《关于为×××同志办理聘用单位变更的申请》（注明到岗时间）"),
        ChecklistItem("EMP-02", "原单位出具的同意离职证明（离职原因及时间）", rule="R-E01"),
        ChecklistItem("EMP-03", "与新单位签订的聘用（劳动）合同"),
        ChecklistItem("EMP-04", "申请单位营业执照副本", rule="R-E02"),
        ChecklistItem("EMP-05", "《北京市工作居住证》", rule="R-E03"),
        ChecklistItem("EMP-06", "《诚信声明》"),
    ]


# ADR-02: the seed's 居住地址变更 二(2) — a lease valid for at least 3 more months (R-A01)
ADDRESS_PROOF = {
    **RESIDENCE_PROOF,
    "rented": "住建委网站下载的房屋租赁协议（有效期不低于3个月）及纳税证明",
}


def _address_change(data: dict[str, Any], today: dt.date, holder_sex: str | None) -> list[ChecklistItem]:
    """居住地址变更 — 篇2 居住地址变更 二. ADR-02's title follows the housing type."""
    proof = _residence_proof(data, ADDRESS_PROOF)
    title = (f"新居住地址的固定住所证明：{proof}" if proof
             else "新居住地址的固定住所证明（租赁的：有效期不低于3个月的租赁协议及纳税证明）")
    return [
        ChecklistItem("ADR-01", "《关于为×××同志办理居住地址变更的申请》"),
        ChecklistItem("ADR-02", title, rule="R-A01"),
        ChecklistItem("ADR-03", "《北京市工作居住证》"),
        ChecklistItem("ADR-04", "《诚信声明》"),
        ChecklistItem("ADR-05", "申请单位营业执照复印件"),
    ]


def _dependents_change(data: dict[str, Any], today: dt.date, holder_sex: str | None) -> list[ChecklistItem]:
    """随往人员变更 — 篇2 随往人员变更 二; the conditions look at the new list of dependents, DEP-07 at
    the permit holder's sex."""
    dependents = section(data, "dependents")
    kids, partner = children(dependents), spouse(dependents)
    items = [ChecklistItem("DEP-01", "《关于为×××同志办理随往人员变更的申请》")]
    if partner is not None:
        items += [
            ChecklistItem("DEP-02", "双方结婚证", rule="R-D01"),
            ChecklistItem("DEP-03", "配偶身份证、户口本首页和本人页", rule="R-D01"),
            ChecklistItem("DEP-04", "配偶与在京工作单位签订的聘用（劳动）合同", rule="R-D01"),
        ]
        if _spouse_contract_renewal_due(partner, today):
            items.append(ChecklistItem("DEP-04R", "配偶的续签聘用（劳动）合同", rule="R-D01"))
    if kids:
        items.append(ChecklistItem("DEP-05", "独生子女证或二胎准生证明（双胞胎、多胞胎提供出生证）",
                                   rule="R-D04"))
    if any(child_over_16(child, today) for child in kids):
        items.append(ChecklistItem("DEP-06", "学校出具的在校证明", rule="R-D02"))
    if brings_children_as_divorced_man(dependents, holder_sex):
        items.append(ChecklistItem("DEP-07", "离婚协议、子女判决书原件及复印件", rule="R-D03"))
    return items + [
        ChecklistItem("DEP-08", "《北京市工作居住证》原件"),
        ChecklistItem("DEP-09", "《诚信声明》"),
        ChecklistItem("DEP-10", "申请单位营业执照复印件"),
    ]


def _replacement(data: dict[str, Any], today: dt.date, holder_sex: str | None) -> list[ChecklistItem]:
    """证件补办 — 篇2 证件补办 二."""
    return [
        ChecklistItem("REP-01", "《关于为×××同志补办的申请》（说明补办原因）", rule="R-X01"),
        ChecklistItem("REP-02", "与网站上同一底版的申请人照片一张"),
        ChecklistItem("REP-03", "申请单位营业执照复印件"),
        ChecklistItem("REP-04", "《诚信声明》"),
    ]


def _general_change(data: dict[str, Any], today: dt.date, holder_sex: str | None) -> list[ChecklistItem]:
    """一般资料变更 — 篇2 一般资料变更; GEN-03…05 follow what `changes` gives."""
    changing = given_fields(section(data, "changes"), GENERAL_CHANGE_FIELDS)
    items = [
        ChecklistItem("GEN-01", "申报单位出具的申请"),
        ChecklistItem("GEN-02", "个人申请（写明原因，本人亲笔签字）"),
    ]
    if "id_number" in changing:
        items.append(ChecklistItem("GEN-03", "变更后的二代身份证原件、复印件及户口所在地派出所的变更证明",
                                   rule="R-G01"))
    if "hukou" in changing:
        items.append(ChecklistItem("GEN-04", "变更后的户口本原件、复印件及户口所在地派出所的变更证明",
                                   rule="R-G01"))
    if "name" in changing:
        items.append(ChecklistItem("GEN-05", "变更后的二代身份证、户口本原件、复印件及派出所的变更证明",
                                   rule="R-G01"))
    return items + [
        ChecklistItem("GEN-06", "《北京市工作居住证》原件"),
        ChecklistItem("GEN-07", "《诚信声明》"),
        ChecklistItem("GEN-08", "申请单位营业执照复印件"),
    ]


UIC_03_FIELDS = ("address", "district", "legal_representative", "uscc", "registered_capital_cny")


def _unit_info_change(data: dict[str, Any], today: dt.date, holder_sex: str | None) -> list[ChecklistItem]:
    """单位信息变更 — 篇2 单位信息变更; UIC-01, 03, 04 follow what `changes` gives."""
    changing = given_fields(section(data, "changes"), UNIT_INFO_FIELDS)
    items: list[ChecklistItem] = []
    if "name" in changing:
        items.append(ChecklistItem("UIC-01", "工商局名称变更证明原件及复印件", rule="R-UI01"))
    items.append(ChecklistItem("UIC-02", "单位营业执照副本原件及复印件"))
    if any(key in changing for key in UIC_03_FIELDS):
        items.append(ChecklistItem("UIC-03", "单位营业执照原件", rule="R-UI01"))
    if "high_tech" in changing:
        items.append(ChecklistItem("UIC-04", "高新技术企业证书原件", rule="R-UI01"))
    return items


def _cancellation(data: dict[str, Any], today: dt.date, holder_sex: str | None) -> list[ChecklistItem]:
    """注销: no materials — the unit's declaration in the system is the record."""
    return []


ChecklistFunction = Callable[[dict[str, Any], dt.date, str | None], list[ChecklistItem]]

CHECKLISTS: dict[str, ChecklistFunction] = {
    "new": _new,
    "renewal": _renewal,
    "employer_change": _employer_change,
    "address_change": _address_change,
    "dependents_change": _dependents_change,
    "replacement": _replacement,
    "general_change": _general_change,
    "unit_info_change": _unit_info_change,
    "cancellation": _cancellation,
}


def checklist_for(case_type: str, data: dict[str, Any], today: dt.date, *,
                  holder_sex: str | None = None) -> list[ChecklistItem]:
    """The checklist of a case of `case_type` with `data`, as of `today` (the submission date).
    `holder_sex` is the permit holder's ("M"/"F"), which DEP-07 needs; without it DEP-07 is not
    listed."""
    if case_type not in CHECKLISTS:
        raise LookupError(f"no materials checklist is defined for case type {case_type!r}")
    return CHECKLISTS[case_type](data or {}, today, holder_sex)
