"""Renewal rules R-R01…R-R04 (rules.md "Renewal (续签)"), judging a `CaseFacts` of type `renewal`
(data `{"permit_no", "employment": {"contract_ends_on"}, "tax_months", "social_insurance_months"}`)
as of `today`, the submission date.

R-R05 (an approved renewal sets the new expiry to the old expiry + 3 years) is not a check but the
effect of approval: `rules.validity.renewed_expiry`, which the approving service applies. It has no
registered check, since nothing about a case can break it.

A missing permit is reported once, by R-R01; R-R02…R-R04 then hold.
"""

import datetime as dt

from core.dates import add_months, months_between
from rules.data import describe_months, missing, no_permit
from rules.engine import Failure, fail, rule
from rules.facts import CaseFacts, PermitFacts

WINDOW_MONTHS = 1  # R-R01: from 1 month before the expiry date until 1 month after it


def renewal_window(expiry: dt.date) -> tuple[dt.date, dt.date]:
    """R-R01: the first and the last day (both included) a renewal of a permit expiring on
    `expiry` may be submitted."""
    return add_months(expiry, -WINDOW_MONTHS), add_months(expiry, WINDOW_MONTHS)


@rule("R-R01", seed="篇2 续签 一 and 注", zh="续签须在有效期满前一个月至期满后一个月内提交",
      en="A renewal is submitted from 1 month before the expiry date until 1 month after it")
def r_r01_window(facts: CaseFacts, today: dt.date) -> list[Failure]:
    permit = facts.permit
    if permit is None:
        return [no_permit("R-R01", facts.data)]
    expiry = permit.expiry_date
    opens, closes = renewal_window(expiry)
    if permit.status == "cancelled":
        when_zh = f"于{permit.cancelled_on}" if permit.cancelled_on else ""
        when_en = f" on {permit.cancelled_on}" if permit.cancelled_on else ""
        return [fail("R-R01", f"该工作居住证已{when_zh}注销，不能续签",
                     f"The permit was cancelled{when_en} and cannot be renewed", "permit_no")]
    if permit.status == "lapsed" or today > closes:
        return [fail("R-R01", f"该工作居住证有效期至{expiry}，续签须在{closes}前（含当日）提交；"
                              "逾期一个月未续签，证件已自然失效，不能续签，只能重新办理新办申请",
                     f"The permit expired on {expiry} and could be renewed until {closes}; it has lapsed, "
                     "so it cannot be renewed and only a new application is possible", "permit_no")]
    if today < opens:
        return [fail("R-R01", f"提交过早：续签须在有效期满前一个月内提交，该证有效期至{expiry}，"
                              f"自{opens}起才能提交续签申请",
                     f"Too early: a renewal may be submitted from 1 month before the expiry date; the "
                     f"permit expires on {expiry}, so its renewal opens on {opens}", "permit_no")]
    return []


@rule("R-R02", seed="篇2 续签 一.1", zh="只有持证人现在的聘用单位（证件所属单位）才能续签",
      en="Only the unit that employs the holder now (the permit's unit) may renew")
def r_r02_permit_unit(facts: CaseFacts, today: dt.date) -> list[Failure]:
    if facts.permit is None or facts.permit.unit_id == facts.unit_id:
        return []
    return [fail("R-R02", "该工作居住证不属于本单位：只有持证人现在的聘用单位才能办理续签"
                          "（持证人已到本单位工作的，请先办理聘用单位变更）",
                 "The permit does not belong to this unit: only the holder's present employer, the unit "
                 "holding the permit, may renew it (if the holder now works here, file an employer change "
                 "first)", "permit_no")]


def holding_period_months(permit: PermitFacts, today: dt.date) -> list[str]:
    """R-R03/R-R04: every month (YYYY-MM) from the month of the current period's start up to and
    including the month before the submission month."""
    return months_between(permit.period_start, today)


@rule("R-R03", seed="篇2 续签 二.4", zh="持证期间每月由用人单位在京缴纳个人所得税（中介代缴不计）",
      en="Income tax paid by employers for every month of the holding period (agency payments do not count)")
def r_r03_income_tax(facts: CaseFacts, today: dt.date) -> list[Failure]:
    """Any employer counts — the holder's former unit too — but never an agency."""
    if facts.permit is None:
        return []
    months = facts.data.get("tax_months")
    if not isinstance(months, list):
        return [missing("R-R03", "tax_months", "个人所得税缴纳月份", "The months of individual income tax")]
    wanted = holding_period_months(facts.permit, today)
    entries = [m for m in months if isinstance(m, dict)]
    by_employer = {m.get("month") for m in entries if m.get("payer") == "unit"}
    by_agency = {m.get("month") for m in entries if m.get("payer") == "agency"}
    lacking = [m for m in wanted if m not in by_employer]
    if not lacking:
        return []
    lacking_zh, lacking_en = describe_months(lacking)
    zh = (f"持证期间（{wanted[0]}至{wanted[-1]}）每个月都须由用人单位（含原单位）在京缴纳个人所得税，"
          f"以下月份没有用人单位缴纳的记录：{lacking_zh}")
    en = (f"Income tax must have been paid in Beijing by an employer (a former one counts) for every month "
          f"of the holding period ({wanted[0]} to {wanted[-1]}); no employer paid it for: {lacking_en}")
    agency = [m for m in lacking if m in by_agency]
    if agency:
        agency_zh, agency_en = describe_months(agency)
        zh += f"（其中{agency_zh}由中介机构代缴，不予计算）"
        en += f" ({agency_en} paid by an agency, which does not count)"
    return [fail("R-R03", zh, en, "tax_months")]


@rule("R-R04", seed="篇2 续签 二.5", zh="持证期间每月都缴纳了社会保险",
      en="Social insurance paid for every month of the holding period")
def r_r04_social_insurance(facts: CaseFacts, today: dt.date) -> list[Failure]:
    """Any payer counts: unlike R-P06 (the applying unit) and R-R03 (employers, never an agency),
    rules.md and the seed (篇2 续签 二.5 持证期间缴纳全部社会保险证明) ask only that social insurance
    was paid, so a month paid through an agency is a paid month."""
    if facts.permit is None:
        return []
    months = facts.data.get("social_insurance_months")
    if not isinstance(months, list):
        return [missing("R-R04", "social_insurance_months", "社会保险缴纳月份",
                        "The months of social insurance")]
    wanted = holding_period_months(facts.permit, today)
    paid = {m.get("month") for m in months if isinstance(m, dict)}
    lacking = [m for m in wanted if m not in paid]
    if not lacking:
        return []
    lacking_zh, lacking_en = describe_months(lacking)
    return [fail("R-R04", f"持证期间（{wanted[0]}至{wanted[-1]}）每个月都须缴纳社会保险，"
                          f"以下月份没有缴纳记录：{lacking_zh}",
                 f"Social insurance must have been paid for every month of the holding period "
                 f"({wanted[0]} to {wanted[-1]}); not paid for: {lacking_en}", "social_insurance_months")]
