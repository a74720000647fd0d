"""Materials checklists (materials.md): only the items whose condition holds are listed, each
required unless marked optional. The district ticks them received at the window (R-W02).

Each list is data — a tuple of `Material`s in materials.md's order — and `CHECKLISTS` maps a case
type to its list (a new type is one more entry). A conditional item carries a `Condition`: the
predicate that decides it for a case, and beside it the same condition in a clerk's words. The public
page (/materials, `web.materials`) shows those words and the checklist asks with the predicate, so the
page and the window cannot disagree: there is no second copy of a condition to drift (issue 11.6).

Titles and condition texts are Chinese, marked for the catalogue with `gettext_noop` (imported as
`_`): they stay Chinese here — the window, the API and the case pages show the titles as they are
(materials.md) — and only /materials translates them when it is read in English.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_noop as _

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


@dataclass(frozen=True)
class Submission:
    """What a condition looks at: the case's data, the submission date (today for a draft) and the
    permit holder's sex (DEP-07; None for `new`, whose applicant's sex is in its data, or when unknown)."""

    data: dict[str, Any]
    today: dt.date
    holder_sex: str | None = None

    @property
    def dependents(self) -> dict[str, Any] | None:
        return section(self.data, "dependents")

    @property
    def kids(self) -> list[dict[str, Any]]:
        return children(self.dependents)

    @property
    def partner(self) -> dict[str, Any] | None:
        return spouse(self.dependents)


@dataclass(frozen=True)
class Condition:
    """When a conditional item is listed: `holds` decides it; `text` says it (Chinese, for the page)."""

    text: str
    holds: Callable[[Submission], bool]


def condition(words: str) -> Callable[[Callable[[Submission], bool]], Condition]:
    """Decorates the predicate of a condition with its words, so that the two are written together."""
    def decorate(holds: Callable[[Submission], bool]) -> Condition:
        return Condition(words, holds)
    return decorate


@dataclass(frozen=True)
class Material:
    """One item of materials.md. `when` is None for an item always listed. With `by_housing` (NEW-05,
    ADR-02) the title is `heading：proof` for the case's housing type, and `title` while the housing
    type is not known yet."""

    code: str
    title: str
    rule: str | None = None
    when: Condition | None = None
    heading: str = ""
    by_housing: tuple[tuple[str, str], ...] = ()  # (housing type, what proves it), materials.md's order

    def listed(self, case: Submission) -> bool:
        return self.when is None or self.when.holds(case)

    def item(self, case: Submission | None = None) -> ChecklistItem:
        return ChecklistItem(self.code, self._title(case), rule=self.rule)

    def _title(self, case: Submission | None) -> str:
        residence = section(case.data, "residence") if case is not None else None
        proof = dict(self.by_housing).get(str((residence or {}).get("housing_type")))
        return f"{self.heading}：{proof}" if proof else self.title


# Conditions ------------------------------------------------------------------------------------------

@condition(_("聘用（劳动）合同自提交之日起不足2个月到期"))
def contract_renewal_due(case: Submission) -> bool:
    """NEW-04R, REN-03R: the labour contract ends less than 2 months after submission."""
    contract_ends = date_of(section(case.data, "employment"), "contract_ends_on")
    return contract_ends is not None and contract_ends < add_months(case.today, 2)


@condition(_("有配偶随往"))
def spouse_accompanies(case: Submission) -> bool:
    return case.partner is not None


@condition(_("随往配偶的聘用（劳动）合同自提交之日起不足2个月到期"))
def spouse_contract_renewal_due(case: Submission) -> bool:
    """NEW-10AR, DEP-04R (R-D01): the accompanying spouse's labour contract (`contract_ends_on`,
    optional: not given, not asked) ends less than 2 months after submission."""
    contract_ends = date_of(case.partner, "contract_ends_on")
    return contract_ends is not None and contract_ends < add_months(case.today, 2)


@condition(_("有子女随往"))
def child_accompanies(case: Submission) -> bool:
    return bool(case.kids)


@condition(_("随往子女中有年满17周岁（超过16周岁）的，周岁按提交之日计算；该子女须在读高中及以下，"
             "大学在读的不能随往。16周岁及以下的子女不需要"))
def child_over_16_accompanies(case: Submission) -> bool:
    """NEW-10E (R-D02): a child older than 16 周岁 — 17 or more in full years on the submission
    date — needs the school certificate; one of 16 or younger does not. Whether such a child may
    accompany at all (in school at senior high school level or below) is R-D02's own check."""
    return any(child_over_16(child, case.today) for child in case.kids)


@condition(_("变更后的随往人员中有配偶"))
def spouse_in_new_list(case: Submission) -> bool:
    """DEP-02…04: `dependents` of a dependents change is the new list."""
    return spouse_accompanies.holds(case)


@condition(_("变更后随往配偶的聘用（劳动）合同自提交之日起不足2个月到期"))
def new_list_spouse_contract_renewal_due(case: Submission) -> bool:
    return spouse_contract_renewal_due.holds(case)


@condition(_("变更后的随往人员中有子女"))
def child_in_new_list(case: Submission) -> bool:
    return child_accompanies.holds(case)


@condition(_("变更后随往的子女中有年满17周岁（超过16周岁）的，周岁按提交之日计算；该子女须在读高中及以下，"
             "大学在读的不能随往。16周岁及以下的子女不需要"))
def child_over_16_in_new_list(case: Submission) -> bool:
    """DEP-06 (R-D02), as NEW-10E."""
    return child_over_16_accompanies.holds(case)


@condition(_("有配偶或子女随往"))
def anyone_accompanies(case: Submission) -> bool:
    return case.partner is not None or bool(case.kids)


@condition(_("申请人为离异男性，且有子女随往"))
def divorced_applicant_brings_children(case: Submission) -> bool:
    """NEW-10F (R-D03): the applicant's sex comes from the data, not `holder_sex`."""
    return brings_children_as_divorced_man(case.dependents, birth_and_sex(section(case.data, "person"))[1])


@condition(_("持证人为离异男性，且变更后有子女随往"))
def divorced_holder_brings_children(case: Submission) -> bool:
    """DEP-07 (R-D03): the permit holder's sex; unknown, the item is not listed."""
    return brings_children_as_divorced_man(case.dependents, case.holder_sex)


@condition(_("申报突出贡献或紧缺急需人才"))
def special_talent_claimed(case: Submission) -> bool:
    return bool(text(section(case.data, "person"), "special_talent_justification"))


def _changing(case: Submission, fields: tuple[str, ...]) -> set[str]:
    return set(given_fields(section(case.data, "changes"), fields))


@condition(_("变更身份证号码"))
def id_number_changes(case: Submission) -> bool:
    return "id_number" in _changing(case, GENERAL_CHANGE_FIELDS)


@condition(_("变更户口所在地"))
def hukou_changes(case: Submission) -> bool:
    return "hukou" in _changing(case, GENERAL_CHANGE_FIELDS)


@condition(_("变更姓名"))
def name_changes(case: Submission) -> bool:
    return "name" in _changing(case, GENERAL_CHANGE_FIELDS)


@condition(_("变更单位名称"))
def unit_name_changes(case: Submission) -> bool:
    return "name" in _changing(case, UNIT_INFO_FIELDS)


UIC_03_FIELDS = ("address", "district", "legal_representative", "uscc", "registered_capital_cny")


@condition(_("变更单位地址、所在区、法定代表人、统一社会信用代码或注册资本"))
def licence_details_change(case: Submission) -> bool:
    return bool(_changing(case, UNIT_INFO_FIELDS) & set(UIC_03_FIELDS))


@condition(_("变更高新技术企业资格"))
def high_tech_changes(case: Submission) -> bool:
    return "high_tech" in _changing(case, UNIT_INFO_FIELDS)


# The lists --------------------------------------------------------------------------------------------

# 企业注册 — 篇2 企业注册 二
REG_MATERIALS = (
    Material("REG-01", _("《关于办理单位注册的申请》（单位基本情况、主营业务、上年度经营纳税、"
                         "员工规模、拟办证人数、联系人及电话；法人签字，加盖单位公章，"
                         "不得盖人力资源部门章）")),
    Material("REG-02", _("法人营业执照副本（或事业单位法人证书、民办非企业单位登记证书、"
                         "社会团体法人登记证书、非法人分支机构营业执照）、组织机构代码证副本"),
             rule="R-U01"),
    Material("REG-03", _("授权经办人的身份证原件及正反面复印件")),
)
REG_CHECKLIST = [m.item() for m in REG_MATERIALS]

# 单位查询密码 — 篇2 单位信息变更 (5): the operator's password is reset only at the window (R-W12)
PWD_MATERIALS = (Material("PWD-01", _("单位营业执照副本原件"), rule="R-W12"),)
PWD_CHECKLIST = [m.item() for m in PWD_MATERIALS]

RESIDENCE_PROOF = {
    "owned": _("房产证或购房合同"),
    "rented": _("住建委网站下载的房屋租赁协议及纳税证明"),
    "public_rented": _("房屋产权单位出具的证明"),
    "borrowed": _("居委会证明（房主姓名、与借住人关系）和房产证"),
}
# ADR-02: the seed's 居住地址变更 二(2) — a lease valid for at least 3 more months (R-A01)
ADDRESS_PROOF = {
    **RESIDENCE_PROOF,
    "rented": _("住建委网站下载的房屋租赁协议（有效期不低于3个月）及纳税证明"),
}

ONE_CHILD_CERTIFICATE = _("独生子女证或二胎准生证明（双胞胎、多胞胎提供出生证）")
SPOUSE_CONTRACT = _("配偶与在京工作单位签订的聘用（劳动）合同")
SPOUSE_RENEWED_CONTRACT = _("配偶的续签聘用（劳动）合同")
SCHOOL_CERTIFICATE = _("学校出具的在校证明")
DIVORCE_PAPERS = _("离婚协议、子女判决书原件及复印件")
INTEGRITY_DECLARATION = _("《诚信声明》")
LICENCE_COPY = _("申请单位营业执照复印件")

# 新办 — 篇2 新办 二
NEW = (
    Material("NEW-01", _("系统打印的《北京市工作居住证申请表》（一式二份）"), rule="R-W10"),
    Material("NEW-02", _("单位出具的《关于为×××办理的申请》（单位基本情况、主营业务、"
                         "上年度纳税、员工规模、申请人基本情况和业绩，加盖公章）")),
    Material("NEW-03", _("与系统内上传照片同底的一寸近期免冠彩色照片一张"), rule="R-W09"),
    Material("NEW-04", _("申请人与申请单位签订的聘用（劳动）合同"), rule="R-P02"),
    Material("NEW-04R", _("续签的聘用（劳动）合同"), when=contract_renewal_due),
    Material("NEW-05", _("在京固定住所证明"), rule="R-P04", heading=_("在京固定住所证明"),
             by_housing=tuple(RESIDENCE_PROOF.items())),
    Material("NEW-06", _("申请人身份证、户口本首页和本人页"), rule="R-P09"),
    Material("NEW-07", _("学历、学位和职称证书（必要时学历学位认证报告、专业技术职务任职通知）"),
             rule="R-P03"),
    Material("NEW-08", _("近半年个人所得税证明（由申请单位缴纳，注明“本人连续缴纳情况属实”，"
                         "法人签字，加盖公章）"), rule="R-P05"),
    Material("NEW-09", _("近半年社会保险缴纳证明"), rule="R-P06"),
    Material("NEW-10A", SPOUSE_CONTRACT, rule="R-D01", when=spouse_accompanies),
    Material("NEW-10AR", SPOUSE_RENEWED_CONTRACT, rule="R-D01", when=spouse_contract_renewal_due),
    Material("NEW-10B", _("配偶和子女的身份证、户口本首页和本人页"), rule="R-P09", when=anyone_accompanies),
    Material("NEW-10C", _("结婚证"), rule="R-D01", when=spouse_accompanies),
    Material("NEW-10D", ONE_CHILD_CERTIFICATE, rule="R-D04", when=child_accompanies),
    Material("NEW-10E", SCHOOL_CERTIFICATE, rule="R-D02", when=child_over_16_accompanies),
    Material("NEW-10F", DIVORCE_PAPERS, rule="R-D03", when=divorced_applicant_brings_children),
    Material("NEW-11", INTEGRITY_DECLARATION),
    Material("NEW-12", LICENCE_COPY),
    Material("NEW-13", _("突出贡献或紧缺急需人才的证明材料"), rule="R-P03", when=special_talent_claimed),
)

# 续签 — 篇2 续签 二
RENEWAL = (
    Material("REN-01", _("系统打印的《北京市工作居住证续签申请表》（一式两份）"), rule="R-W10"),
    Material("REN-02", _("企业法人营业执照（或其他法人证书、分支机构营业执照）")),
    Material("REN-03", _("聘用（劳动）合同"), rule="R-R02"),
    Material("REN-03R", _("续签的聘用（劳动）合同"), rule="R-R02", when=contract_renewal_due),
    Material("REN-04", _("持证期间在京连续缴纳个人所得税证明（持证期间更换过单位的，含原单位个税证明，"
                         "原单位法人签字盖章）"), rule="R-R03"),
    Material("REN-05", _("持证期间缴纳全部社会保险证明"), rule="R-R04"),
    Material("REN-06", _("《北京市工作居住证》"), rule="R-R01"),
    Material("REN-07", INTEGRITY_DECLARATION),
    Material("REN-08", LICENCE_COPY),
)

# 聘用单位变更 — 篇2 聘用单位变更 二
EMPLOYER_CHANGE = (
    Material("EMP-01", _("《关于为×××同志办理聘用单位变更的申请》（注明到岗时间）")),
    Material("EMP-02", _("原单位出具的同意离职证明（离职原因及时间）"), rule="R-E01"),
    Material("EMP-03", _("与新单位签订的聘用（劳动）合同")),
    Material("EMP-04", _("申请单位营业执照副本"), rule="R-E02"),
    Material("EMP-05", _("《北京市工作居住证》"), rule="R-E03"),
    Material("EMP-06", INTEGRITY_DECLARATION),
)

# 居住地址变更 — 篇2 居住地址变更 二; ADR-02's title follows the housing type
ADDRESS_CHANGE = (
    Material("ADR-01", _("《关于为×××同志办理居住地址变更的申请》")),
    Material("ADR-02", _("新居住地址的固定住所证明（租赁的：有效期不低于3个月的租赁协议及纳税证明）"),
             rule="R-A01", heading=_("新居住地址的固定住所证明"), by_housing=tuple(ADDRESS_PROOF.items())),
    Material("ADR-03", _("《北京市工作居住证》")),
    Material("ADR-04", INTEGRITY_DECLARATION),
    Material("ADR-05", LICENCE_COPY),
)

# 随往人员变更 — 篇2 随往人员变更 二; the conditions look at the new list of dependents, DEP-07 at the
# permit holder's sex
DEPENDENTS_CHANGE = (
    Material("DEP-01", _("《关于为×××同志办理随往人员变更的申请》")),
    Material("DEP-02", _("双方结婚证"), rule="R-D01", when=spouse_in_new_list),
    Material("DEP-03", _("配偶身份证、户口本首页和本人页"), rule="R-D01", when=spouse_in_new_list),
    Material("DEP-04", SPOUSE_CONTRACT, rule="R-D01", when=spouse_in_new_list),
    Material("DEP-04R", SPOUSE_RENEWED_CONTRACT, rule="R-D01", when=new_list_spouse_contract_renewal_due),
    Material("DEP-05", ONE_CHILD_CERTIFICATE, rule="R-D04", when=child_in_new_list),
    Material("DEP-06", SCHOOL_CERTIFICATE, rule="R-D02", when=child_over_16_in_new_list),
    Material("DEP-07", DIVORCE_PAPERS, rule="R-D03", when=divorced_holder_brings_children),
    Material("DEP-08", _("《北京市工作居住证》原件")),
    Material("DEP-09", INTEGRITY_DECLARATION),
    Material("DEP-10", LICENCE_COPY),
)

# 证件补办 — 篇2 证件补办 二
REPLACEMENT = (
    Material("REP-01", _("《关于为×××同志补办的申请》（说明补办原因）"), rule="R-X01"),
    Material("REP-02", _("与网站上同一底版的申请人照片一张")),
    Material("REP-03", LICENCE_COPY),
    Material("REP-04", INTEGRITY_DECLARATION),
)

# 一般资料变更 — 篇2 一般资料变更; GEN-03…05 follow what `changes` gives
GENERAL_CHANGE = (
    Material("GEN-01", _("申报单位出具的申请")),
    Material("GEN-02", _("个人申请（写明原因，本人亲笔签字）")),
    Material("GEN-03", _("变更后的二代身份证原件、复印件及户口所在地派出所的变更证明"), rule="R-G01",
             when=id_number_changes),
    Material("GEN-04", _("变更后的户口本原件、复印件及户口所在地派出所的变更证明"), rule="R-G01",
             when=hukou_changes),
    Material("GEN-05", _("变更后的二代身份证、户口本原件、复印件及派出所的变更证明"), rule="R-G01",
             when=name_changes),
    Material("GEN-06", _("《北京市工作居住证》原件")),
    Material("GEN-07", INTEGRITY_DECLARATION),
    Material("GEN-08", LICENCE_COPY),
)

# 单位信息变更 — 篇2 单位信息变更; UIC-01, 03, 04 follow what `changes` gives
UNIT_INFO_CHANGE = (
    Material("UIC-01", _("工商局名称变更证明原件及复印件"), rule="R-UI01", when=unit_name_changes),
    Material("UIC-02", _("单位营业执照副本原件及复印件")),
    Material("UIC-03", _("单位营业执照原件"), rule="R-UI01", when=licence_details_change),
    Material("UIC-04", _("高新技术企业证书原件"), rule="R-UI01", when=high_tech_changes),
)

CHECKLISTS: dict[str, tuple[Material, ...]] = {
    "new": NEW,
    "renewal": RENEWAL,
    "employer_change": EMPLOYER_CHANGE,
    "address_change": ADDRESS_CHANGE,
    "dependents_change": DEPENDENTS_CHANGE,
    "replacement": REPLACEMENT,
    "general_change": GENERAL_CHANGE,
    "unit_info_change": UNIT_INFO_CHANGE,
    "cancellation": (),  # 注销: no materials — the unit's declaration in the system is the record
}


def checklist_for(case_type: str, data: dict[str, Any], today: dt.date, *,
                  holder_sex: str | None = None) -> list[ChecklistItem]:
    """The checklist of a case of `case_type` with `data`, as of `today` (the submission date).
    `holder_sex` is the permit holder's ("M"/"F"), which DEP-07 needs; without it DEP-07 is not
    listed."""
    if case_type not in CHECKLISTS:
        raise LookupError(f"no materials checklist is defined for case type {case_type!r}")
    case = Submission(data or {}, today, holder_sex)
    return [material.item(case) for material in CHECKLISTS[case_type] if material.listed(case)]
