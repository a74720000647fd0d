"""The notices of a decision on a unit (api.md "Notices to units"), written in the decision's
transaction: units and penalties send their signals (units.signals, penalties.signals) and these
receivers, connected in NoticesConfig.ready, write what the decision reports, once:

- the district's verification of a registration (R-U03): `unit_verified`, keyed by the unit's id.
  A rejection writes nothing (api.md lists no kind for it; units.signals says why);
- R-I02's 2 May freeze, a batch of the daily job at a time: `unit_frozen` to each unit of the
  batch, keyed by the unit's id, saying how to have it unfrozen (R-I04: at the district window,
  whose address and next open hours it names) — one query for the batch's units, one insert, one
  delivery task, whatever the batch's size;
- a penalty on a unit — an official's (R-B02, R-B03, R-B04), the R-B03 disqualification an
  investigation's finding imposes (R-C02), the daily job's R-B04 suspension: `penalty_imposed`,
  naming what it forbids (R-U06, R-U07), from when and until when, and why; keyed by the case it
  cites, or the permit a finding was about, or else the unit's id. A person penalty (R-B01) names
  no unit and tells none.

`unit_frozen` and `penalty_imposed` always arrive (models.ALWAYS_SENT); `unit_verified` can be
turned off. Names of persons are masked (R-S01); the official's reason is quoted as written.
"""

import datetime as dt
from typing import Any, NamedTuple

from accounts.models import User
from accounts.roles import Role
from cases.models import Case
from core import clock
from core.crypto import mask_name
from notices.decisions import about, said
from notices.models import Notice, NoticeKind
from notices.texts import WINDOW_HOURS_EN, WINDOW_HOURS_ZH, Row, window, zh
from notices.writing import write
from penalties.models import DISQUALIFYING_UNIT_KINDS, Finding, Penalty, PenaltyKind
from reference.window import next_opening
from units.models import Unit

K, P = NoticeKind, PenaltyKind


# unit_verified ----------------------------------------------------------------------------------


def on_unit_verified(sender: Any, *, unit: Unit, **_: Any) -> list[Notice]:
    """The receiver of units.signals.unit_verified."""
    return write([(K.UNIT_VERIFIED, verified(unit, clock.today()))])


def verified(unit: Unit, today: dt.date) -> Row:
    district = unit.district
    return Row(
        unit.pk,
        str(unit.pk),
        None,
        "单位注册已通过核验",
        f"贵单位（{unit.name}，统一社会信用代码{unit.uscc}）的网上注册已于{zh(today)}通过{district.name}"
        "人社局的窗口核验，现在可以提交工作居住证的各类申请（R-U03）。每年4月1日至5月1日请在系统中完成"
        "单位年检，逾期未年检的，单位账户将于5月2日被冻结（R-I01、R-I02）。",
        "Unit registration verified",
        f"The registration of {unit.name} (USCC {unit.uscc}) was verified at the {district.name_en} "
        f"district window on {today}: the unit can now file applications (R-U03). Each year, file the "
        "unit inspection between 1 April and 1 May; a unit that has not is frozen on 2 May (R-I01, "
        "R-I02).",
    )


# unit_frozen ------------------------------------------------------------------------------------


def on_units_frozen(sender: Any, *, unit_ids: list[int], year: int, on: dt.date, **_: Any) -> list[Notice]:
    """The receiver of units.signals.units_frozen: one batch of the 2 May job (R-I02), its notices
    written with one query for the units and one insert."""
    units = (
        Unit.objects.filter(pk__in=unit_ids)
        .select_related("district")
        .only("pk", "name", "district")  # the unit's encrypted fields stay unread; its district whole
        .order_by("pk")
    )
    opening = next_opening(on, clock.now().astimezone(clock.SHANGHAI).time())  # the same for every unit
    return write([(K.UNIT_FROZEN, frozen(unit, year, on, opening)) for unit in units])


def frozen(unit: Unit, year: int, on: dt.date, opening: Any) -> Row:
    district = unit.district
    where_zh, where_en = window(district, opening)
    return Row(
        unit.pk,
        str(unit.pk),
        None,
        f"单位账户已冻结：未完成{year}年单位年检",
        f"贵单位（{unit.name}）未在{year}年的年检期（4月1日至5月1日）完成单位年检，系统已于{zh(on)}冻结本单位"
        "账户（R-I02）。冻结期间可以登录查看，但不能提交、修改或撤回任何申请；经办人须重新登录，已签发的"
        f"接口令牌已作废（R-U05）。请持营业执照原件到{district.name}办理窗口解冻，解冻即记录该年度的单位年检"
        f"（R-I04）。{where_zh}{WINDOW_HOURS_ZH}",
        f"Unit frozen: the {year} unit inspection was not filed",
        f"{unit.name} did not file its {year} unit inspection in the season (1 April to 1 May), so the "
        f"system froze the unit on {on} (R-I02). While frozen, the unit can sign in and read but cannot "
        "submit, change or withdraw anything; its operators must sign in again and its API tokens are "
        f"revoked (R-U05). To unfreeze it, show the business licence at the {district.name_en} district "
        f"window, which also records the year's unit inspection (R-I04).{where_en} {WINDOW_HOURS_EN}",
    )


# penalty_imposed --------------------------------------------------------------------------------

SUSPENDED_ZH = ("在此期间，已办理的工作居住证继续有效，仍可办理续签、各类变更和注销，"
                "但不能提交新办申请（R-U06）。")
SUSPENDED_EN = ("Meanwhile the unit's permits stay valid and it may still file renewals, changes and "
                "cancellations, but no new application (R-U06).")
DISQUALIFIED_ZH = "在此期间，本单位只能为持证人办理注销，不能提交其他申请（R-U07）。"
DISQUALIFIED_EN = "Meanwhile the unit may file nothing but cancellations (R-U07)."


class What(NamedTuple):
    """A unit penalty's kind in the notice's words: its title, what it is, the rule imposing it."""

    title_zh: str
    title_en: str
    what_zh: str
    what_en: str
    rule: str


WHAT = {
    P.UNIT_NEGLIGENT_REVIEW: What("暂停新办申请权限2年", "new applications suspended for 2 years",
                                  "单位未尽审核义务，暂停新办申请权限2年",
                                  "a 2-year suspension of new applications (the unit failed to check the "
                                  "applicant's materials)", "R-B02"),
    P.UNIT_FALSE_DECLARATION: What("取消单位申报资格", "unit disqualified", "单位虚假申报，取消单位申报资格",
                                   "disqualification (a false declaration by the unit)", "R-B03"),
    P.UNIT_REVIEW_FAILURE: What("暂停新办申请权限", "new applications suspended",
                                "单位未履行审核职责，暂停新办申请权限",
                                "a suspension of new applications (the unit failed to review)", "R-B04"),
    P.SUPPLEMENT_TIMEOUT: What("暂停新办申请权限", "new applications suspended",
                               "补充材料逾期3个月未补正，暂停新办申请权限",
                               "a suspension of new applications (a supplement request left unanswered "
                               "for more than 3 months)", "R-B04"),
}
BY = {Role.DISTRICT_REVIEWER.value: ("区人社局", "The district office"),
      Role.CITY_APPROVER.value: ("市人社局", "The city office")}


def on_penalties_imposed(sender: Any, *, penalties: list[Penalty], **_: Any) -> list[Notice]:
    """The receiver of penalties.signals.penalties_imposed: a notice to each penalised unit, with one
    query each for the cases cited, the findings and the officials behind them, and one insert."""
    mine = [p for p in penalties if p.unit_id is not None and p.kind in WHAT]
    if not mine:
        return []
    case_ids = {p.application_id for p in mine if p.application_id}
    cases = Case.objects.in_bulk(case_ids) if case_ids else {}
    found = [p.pk for p in mine if p.kind == P.UNIT_FALSE_DECLARATION and not p.application_id]
    findings = {
        f.penalty_id: f for f in Finding.objects.filter(penalty__in=found).select_related("permit__holder")
    } if found else {}
    officials = {p.created_by_id for p in mine if p.created_by_id}
    roles = dict(User.objects.filter(pk__in=officials).values_list("pk", "role")) if officials else {}
    today = clock.today()  # the day of the decision
    return write([
        (K.PENALTY_IMPOSED, imposed(p, cases.get(p.application_id or 0), findings.get(p.pk),
                                    roles.get(p.created_by_id or 0), today))
        for p in mine
    ])


def imposed(
    penalty: Penalty, case: Case | None, finding: Finding | None, role: str | None, on: dt.date
) -> Row:
    """R-B05: who decided, on what and why, with its term and what it forbids."""
    what = WHAT[PenaltyKind(penalty.kind)]
    automatic = penalty.kind == P.SUPPLEMENT_TIMEOUT  # R-B04's daily job, no official (R-B05)
    by_zh, by_en = ("系统", "The system") if automatic else BY.get(role or "", ("", ""))
    term_zh, term_en = _term(penalty)
    key, why_zh, why_en = _why(penalty, case, finding)
    effect = (DISQUALIFIED_ZH, DISQUALIFIED_EN) if penalty.kind in DISQUALIFYING_UNIT_KINDS else (
        SUSPENDED_ZH, SUSPENDED_EN)
    effect_zh, effect_en = effect
    return Row(
        penalty.unit_id or 0,
        key,
        None,
        f"处罚决定：{what.title_zh}（{what.rule}）",
        f"{by_zh}于{zh(on)}对贵单位作出处罚决定：{what.what_zh}（{what.rule}），{term_zh}。{why_zh}{effect_zh}"
        "如有疑问，请联系注册所在区的人社局。",
        f"Penalty: {what.title_en} ({what.rule})",
        f"{by_en or 'An official'} imposed a penalty on the unit on {on}: {what.what_en} ({what.rule}), "
        f"{term_en}.{why_en} {effect_en} For questions, contact the district office.",
    )


def _term(penalty: Penalty) -> tuple[str, str]:
    starts, ends = penalty.starts_on, penalty.ends_on
    if ends is not None:  # R-B02: 2 years, the last day included
        return f"自{zh(starts)}至{zh(ends)}（含当日）", f"from {starts} to {ends} (included)"
    return f"自{zh(starts)}起，直至市人社局解除", f"from {starts} until the city office lifts it"


def _why(penalty: Penalty, case: Case | None, finding: Finding | None) -> tuple[str, str, str]:
    """(key, the reason in Chinese, in English): the case cited (R-B04's timeout: the request left
    unanswered), the finding (R-C02: the holder who left), or the official's note alone."""
    note = said(penalty.note)
    if case is not None:
        about_zh, about_en = about(case)
        asked = case.supplement_requested_on
        if penalty.kind == P.SUPPLEMENT_TIMEOUT and asked is not None:
            return (case.number,
                    f"贵单位的{about_zh}于{zh(asked)}被要求补充材料，逾期3个月未补正（R-B04，由系统自动执行）。",
                    f" {about_en} was asked for more materials on {asked} and was not answered within "
                    "3 months (R-B04, applied by the system).")
        concerned = about_en.removeprefix("The ")
        return (case.number, f"理由：{note}。所涉申请：{about_zh}。",
                f" Reason given (in Chinese): {note}. Application concerned: {concerned}.")
    if finding is not None and finding.left_on is not None:
        permit, left = finding.permit, finding.left_on
        who = mask_name(permit.holder.name)
        return (permit.permit_no,
                f"抽查发现持证人{who}（证号{permit.permit_no}）已于{zh(left)}离职，本单位未办理注销，视为虚假申报"
                "（R-C02）；该证件已按离职日期注销。",
                f" An investigation found that the holder of permit {permit.permit_no} ({who}) left on "
                f"{left} and the unit did not cancel the permit: a false declaration (R-C02). The permit "
                "is cancelled as of that date.")
    return str(penalty.unit_id), f"理由：{note}。", f" Reason given (in Chinese): {note}."
