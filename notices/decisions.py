"""The notices of a decision on a case (api.md "Notices to units"), written in the decision's
transaction: cases.services sends cases.signals.case_decided after each decision, and
`on_case_decided` (connected in NoticesConfig.ready) writes what the decision reports, once:

- a supplement request: `case_supplement_requested`, naming the missing items and the last day
  before R-B04 suspends the unit (3 months);
- an approval (the district's for its own types, the city's for new, renewal and replacement):
  `case_approved`; for an approved `new` or `replacement` also `ready_for_collection` (可取证, R-W04),
  naming the district window's address and its next open hours (R-W08);
- a refusal, at review or approval, or a case an approved employer change ended (R-E03):
  `case_rejected`, with the reason.

The district's pass of a city-approved type reports nothing (api.md lists no kind for it; the city
decides next). A kind the unit turned off is not written, except the kinds that always arrive
(models.ALWAYS_SENT). The delivery through the channels is a task enqueued in the same transaction
(notices.writing, notices.tasks), so a decision rolled back leaves neither notice nor task behind.
"""

import datetime as dt
from typing import Any

from django.utils import translation

from cases import services as case_services
from cases.models import COLLECTED_TYPES, Case, CaseStatus, CaseType
from core import clock
from core.crypto import mask_name
from notices.models import Notice, NoticeKind
from notices.texts import WINDOW_HOURS_EN, WINDOW_HOURS_ZH, Row, window, zh
from notices.writing import Draft, write
from permits.models import Permit
from reference.models import District
from reference.window import next_opening
from rules.penalties import r_b04_suspended_from

K, S = NoticeKind, CaseStatus
ONE_DAY = dt.timedelta(days=1)
TITLE_CHARS = 40  # a missing item's title, shortened as the dashboard shows it (SMS length)


def on_case_decided(
    sender: Any, *, case: Case, action: str, decision: str, note: str, **_: Any
) -> list[Notice]:
    """The receiver of cases.signals.case_decided: the decision's notices, written and enqueued."""
    return write(notices_for(case, action, note, clock.today(), clock.now()))


def notices_for(case: Case, action: str, note: str, today: dt.date, now: dt.datetime) -> list[Draft]:
    """(kind, texts) of each notice the decision that left `case` in its status reports."""
    if case.status == S.SUPPLEMENT_REQUESTED:
        return [(K.CASE_SUPPLEMENT_REQUESTED, _supplement_requested(case, note, today))]
    if case.status == S.REJECTED:
        return [(K.CASE_REJECTED, _rejected(case, action, note))]
    if case.status == S.APPROVED:
        made: list[Draft] = [(K.CASE_APPROVED, _approved(case, today))]
        if case.type in COLLECTED_TYPES:  # R-W04
            made.append((K.READY_FOR_COLLECTION, _ready_for_collection(case, today, now)))
        return made
    return []  # district_passed: the city decides next, and no kind reports it


def _type(case: Case, language: str) -> str:
    with translation.override(language):
        label = str(CaseType(case.type).label)
    return label[:1].lower() + label[1:] if language == "en" else label


def said(note: str) -> str:
    """An official's note, to be followed by the notice's own full stop."""
    return note.strip().rstrip("。.；;，, ")


def about(case: Case) -> tuple[str, str]:
    """What the case is, in both languages: its type, number and the person (R-S01: masked)."""
    who = mask_name(case.applicant_name)
    zh_text = f"{_type(case, 'zh-hans')}申请（办件编号{case.number}{'，' + who if who else ''}）"
    en_text = f"The {_type(case, 'en')} application {case.number}{f' ({who})' if who else ''}"
    return zh_text, en_text


def _supplement_requested(case: Case, note: str, today: dt.date) -> Row:
    asked = case.supplement_requested_on or today
    due = r_b04_suspended_from(asked) - ONE_DAY  # answered on this day is in time (R-B04)
    titles = {item.code: item.title for item in case_services.checklist(case, today)}
    items = [(code, _short(titles.get(code, ""))) for code in case.materials_missing or []]
    listed_zh = "；".join(f"{code} {title}".strip() for code, title in items) or "见说明"
    listed_en = ", ".join(code for code, _ in items) or "see the note"
    about_zh, about_en = about(case)
    said_zh = f"说明：{said(note)}。" if said(note) else ""
    said_en = f" The office's note: {said(note)}." if said(note) else ""
    return Row(
        case.unit_id,
        case.number,
        due,
        f"需要补充材料（{case.number}）",
        f"区人社局初审贵单位的{about_zh}时，要求补充以下材料：{listed_zh}。{said_zh}请在{zh(due)}（含当日）前"
        "补齐材料并重新提交；超过3个月不补正的，将暂停本单位的新办申请权限（R-B04）。",
        f"More materials needed for {case.number}",
        f"{about_en} needs more materials before the district can decide: {listed_en}.{said_en} Supply "
        f"them and resubmit by {due} (included); after 3 months the unit may no longer file new "
        "applications (R-B04).",
    )


def _short(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"


def _rejected(case: Case, action: str, note: str) -> Row:
    about_zh, about_en = about(case)
    if action == "transfer.close":  # R-E03: another unit's employer change took the permit
        body_zh = (f"贵单位的{about_zh}已终止：持证人的工作居住证已随聘用单位变更转至新单位，本单位不能再为其"
                   "办理（R-E03）。")
        body_en = (f"{about_en} has ended: the permit moved to another unit with an employer change, so "
                   "this unit can no longer act on it (R-E03).")
    else:
        by_zh, by_en = ("区人社局初审", "the district's review") if action == "review" else (
            "市人社局审批", "the city's approval")
        body_zh = (f"贵单位的{about_zh}未通过{by_zh}。理由：{said(note)}。"
                   "如有疑问，请联系注册所在区的人社局。")
        body_en = (f"{about_en} was refused at {by_en}. Reason given (in Chinese): {said(note)}. "
                   "For questions, contact the district office.")
    return Row(case.unit_id, case.number, None, f"申请未获批准（{case.number}）", body_zh,
               f"Application {case.number} refused", body_en)


def _approved(case: Case, today: dt.date) -> Row:
    about_zh, about_en = about(case)
    permit = Permit.objects.filter(pk=case.permit_id or 0).first()  # as the decision's effect left it
    permit_no = permit.permit_no if permit else ""
    if case.type in COLLECTED_TYPES:
        then_zh = "请按“可取证”提醒到办理窗口领取证件。"
        then_en = " Collect the card at the window (see the notice “ready for collection”)."
    elif case.type == CaseType.RENEWAL and permit is not None:
        then_zh = f"证件（证号{permit_no}）有效期延至{zh(permit.expiry_date)}。"
        then_en = f" Permit {permit_no} is now valid until {permit.expiry_date}."
    else:
        then_zh, then_en = "变更已生效。", " The change has taken effect."
    issued_zh = f"工作居住证证号{permit_no}。" if case.type == CaseType.NEW and permit_no else ""
    issued_en = f" The permit number is {permit_no}." if case.type == CaseType.NEW and permit_no else ""
    return Row(
        case.unit_id,
        case.number,
        None,
        f"申请已批准（{case.number}）",
        f"贵单位的{about_zh}已于{zh(today)}批准。{issued_zh}{then_zh}",
        f"Application {case.number} approved",
        f"{about_en} was approved on {today}.{issued_en}{then_en}",
    )


def _ready_for_collection(case: Case, today: dt.date, now: dt.datetime) -> Row:
    """R-W04: the card is handed out at the district window to the holder or the operator, ID shown."""
    district = District.objects.get(code=case.unit.district_id)
    permit = Permit.objects.filter(pk=case.permit_id or 0).first()
    about_zh, about_en = about(case)
    card_zh, card_en = ("补发的工作居住证", "replacement card") if case.type == CaseType.REPLACEMENT else (
        "工作居住证", "permit card")
    number = f"（证号{permit.permit_no}）" if permit else ""
    where_zh, where_en = window(district, next_opening(today, now.astimezone(clock.SHANGHAI).time()))
    return Row(
        case.unit_id,
        case.number,
        None,
        f"可取证：请到{district.name}办理窗口领取证件（{case.number}）",
        f"贵单位的{about_zh}已批准，{card_zh}{number}可以领取了。请持证人本人或经办人持身份证件到{district.name}"
        f"办理窗口领取（R-W04）。{where_zh}{WINDOW_HOURS_ZH}",
        f"Ready for collection at the {district.name_en} window ({case.number})",
        f"{about_en} was approved and its {card_en} is ready. The holder or the unit's operator collects "
        f"it at the {district.name_en} district window, showing an ID document (R-W04).{where_en} "
        f"{WINDOW_HOURS_EN}",
    )
