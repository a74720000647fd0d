"""Progress of a case (办件进度查询; api.md `GET /api/v1/progress`): what a holder or an HR clerk
sees with the case number and the applicant's full name, and nothing more.

The steps are those of the case's route (R-W03, R-W04: the type groups of cases.transitions), in
order: 提交 (`submitted`), 初审 (`district_review`, every type the district decides), 审批
(`city_approval`, the types the city approves), then either 可取证 and 领证 (`ready_for_collection`,
`collected`: the types that end with a card at the window) or 办结 (`decided`: the others, whose
decision takes effect at once — a cancellation on submission). A case that ended early (rejected,
withdrawn) keeps the steps it went through and ends with 办结. Each step is dated from the case's
history (the day, in Beijing, of the entry that completed it).

No oracle: an unknown number, a draft (never submitted) and a wrong name give the same `None`. The
answer carries no name, ID number or note (R-S01's spirit: only what the contract lists); the web
page shows the applicant's name masked as R-S01 masks a holder's. Public reads of this kind write
no audit row (as /verify: security.md 7 audits full views of personal data, and none is shown);
both entry points share one rate limit per client address (security.md 10 and 14).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.ratelimit import over_limit
from cases import transitions
from cases.models import Case, CaseEvent, CaseStatus, CaseType
from cases.progress_schemas import ProgressOut, StepCode, StepOut
from core import clock
from core.crypto import mask_name
from core.errors import TooManyRequests
from core.numbers import normalise_number
from reference.window import WindowHours, next_opening
from rules.penalties import ONE_DAY, r_b04_suspended_from

S = CaseStatus

SUBMITTED: StepCode = "submitted"
DISTRICT_REVIEW: StepCode = "district_review"
CITY_APPROVAL: StepCode = "city_approval"
READY_FOR_COLLECTION: StepCode = "ready_for_collection"
COLLECTED: StepCode = "collected"
DECIDED: StepCode = "decided"

# What the steps are called where people read them (the page; the API sends the codes).
STEP_LABELS = {
    SUBMITTED: gettext_lazy("提交"),
    DISTRICT_REVIEW: gettext_lazy("初审"),
    CITY_APPROVAL: gettext_lazy("审批"),
    READY_FOR_COLLECTION: gettext_lazy("可取证"),
    COLLECTED: gettext_lazy("领证"),
    DECIDED: gettext_lazy("办结"),
}
WEEKDAYS = [
    gettext_lazy("周一"), gettext_lazy("周二"), gettext_lazy("周三"), gettext_lazy("周四"),
    gettext_lazy("周五"), gettext_lazy("周六"), gettext_lazy("周日"),
]

ENDED_EARLY = (S.REJECTED, S.WITHDRAWN)


def route(case_type: str) -> tuple[StepCode, ...]:
    """The steps a case of the type goes through (R-W03, R-W04), read from the transition table's
    type groups: a district-only type has no 审批, a cancellation neither 初审 nor 审批, and only
    the types whose card is handed out at the window have 可取证 and 领证."""
    steps: list[StepCode] = [SUBMITTED]
    if case_type in transitions.REVIEWED:
        steps.append(DISTRICT_REVIEW)
    if case_type in transitions.CITY_APPROVED:
        steps.append(CITY_APPROVAL)
    steps += [READY_FOR_COLLECTION, COLLECTED] if case_type in transitions.COLLECTED else [DECIDED]
    return tuple(steps)


@dataclass(frozen=True)
class Step:
    step: StepCode
    done: bool
    on: dt.date | None

    @property
    def label(self) -> str:
        return str(STEP_LABELS[self.step])


@dataclass(frozen=True)
class Window:
    """The district window that handles the case (R-W01), and when it next opens (R-W08)."""

    district: str
    address: str
    phone: str
    opening: tuple[dt.date, WindowHours] | None
    office: str = ""  # the office to ask when the reference data has no street address


@dataclass(frozen=True)
class Progress:
    number: str
    type: str
    status: str
    steps: tuple[Step, ...]
    window: Window
    answer_by: dt.date | None  # supplement_requested: the last day to answer in time (R-B04)
    name_masked: str  # for the page only (R-S01's masking); the API does not send it

    @property
    def type_label(self) -> str:
        return str(CaseType(self.type).label)

    @property
    def status_label(self) -> str:
        return str(CaseStatus(self.status).label)

    @property
    def next(self) -> str:
        """What the unit or the holder does next, in the active language (the API asks in Chinese)."""
        return next_step(self)


def _squash(text: str) -> str:
    """Every space dropped (ASCII or full-width), as /verify compares names."""
    return "".join(text.split())


def _names(case: Case) -> set[str]:
    """The names that open the case: the applicant's as filed and, for a case on a permit, the
    holder's today (a 一般资料变更 may have changed it); for a `unit_info_change`, the unit's name
    and the name it asked for."""
    if case.type == CaseType.UNIT_INFO_CHANGE:
        asked = ((case.data or {}).get("changes") or {}).get("name") or ""
        names = {case.unit.name, str(asked)}
    else:
        names = {case.applicant_name}
        if case.permit is not None:
            names.add(case.permit.holder.name)
    return {_squash(n) for n in names if _squash(n)}


def find(number: str, name: str) -> Case | None:
    """The submitted case with that number (read as people type it) whose applicant (or, for a
    `unit_info_change`, unit) has that full name; None for an unknown number, a draft and a wrong
    name alike."""
    typed = _squash(name)
    if not typed:
        return None
    case = (
        Case.objects.select_related("unit", "unit__district", "permit", "permit__holder")
        .filter(~Q(status=S.DRAFT), submitted_at__isnull=False, number=normalise_number(number))
        .first()
    )
    if case is None or typed not in _names(case):
        return None
    return case


def _day(at: dt.datetime) -> dt.date:
    return at.astimezone(clock.SHANGHAI).date()


def _dates(case: Case, events: Iterable[CaseEvent]) -> dict[StepCode, dt.date]:
    """The day each step was completed, from the history: the first submission, the last district
    and city decisions (a review that asked for more material completes nothing), the approval
    that made the card ready, the collection, and the entry that ended the case."""
    on: dict[StepCode, dt.date] = {}
    for e in events:
        day = _day(e.at)
        if e.from_status == S.DRAFT and e.to_status not in (S.DRAFT, S.WITHDRAWN):
            on.setdefault(SUBMITTED, day)
        if e.action in ("review.pass", "review.reject"):
            on[DISTRICT_REVIEW] = day
        if e.action in ("approval.approve", "approval.reject"):
            on[CITY_APPROVAL] = day
        if e.to_status == S.APPROVED and e.from_status != S.APPROVED:
            on[READY_FOR_COLLECTION] = day
        if e.to_status == S.COLLECTED and e.from_status != S.COLLECTED:
            on[COLLECTED] = day
        if e.to_status == case.status and e.from_status != e.to_status:
            on[DECIDED] = day  # the entry that brought the case to its status; kept when it is final
    if SUBMITTED not in on and case.submitted_at is not None:
        on[SUBMITTED] = _day(case.submitted_at)
    return on


# The statuses in which a step of the route is behind the case (a rejected case's decision step is
# done when its history dates it: the district or the city said no).
REACHED = {
    SUBMITTED: frozenset(S) - {S.DRAFT},
    DISTRICT_REVIEW: frozenset({S.DISTRICT_PASSED, S.APPROVED, S.COLLECTED}),
    CITY_APPROVAL: frozenset({S.APPROVED, S.COLLECTED}),
    READY_FOR_COLLECTION: frozenset({S.APPROVED, S.COLLECTED}),
    COLLECTED: frozenset({S.COLLECTED}),
    DECIDED: frozenset({S.APPROVED, *ENDED_EARLY}),
}


def steps(case: Case, events: Iterable[CaseEvent]) -> tuple[Step, ...]:
    """The case's steps, done or not, with the day each was done."""
    on = _dates(case, events)

    def done(step: StepCode) -> bool:
        return case.status in REACHED[step] or (case.status == S.REJECTED and step in on)

    if case.status in ENDED_EARLY:
        taken = [Step(s, True, on.get(s)) for s in route(case.type) if s != DECIDED and done(s)]
        return (*taken, Step(DECIDED, True, on.get(DECIDED) or _decided_on(case)))
    return tuple(Step(s, done(s), on.get(s) if done(s) else None) for s in route(case.type))


def _decided_on(case: Case) -> dt.date | None:
    return _day(case.decided_at) if case.decided_at is not None else None


def progress(case: Case, *, today: dt.date, now: dt.time) -> Progress:
    """The progress of a found case as of `today` at `now` (the time of day decides whether the
    window's next opening is still today)."""
    district = case.unit.district
    answer_by = None
    if case.status == S.SUPPLEMENT_REQUESTED and case.supplement_requested_on is not None:
        answer_by = r_b04_suspended_from(case.supplement_requested_on) - ONE_DAY
    name = case.unit.name if case.type == CaseType.UNIT_INFO_CHANGE else case.applicant_name
    return Progress(
        number=case.number,
        type=case.type,
        status=case.status,
        steps=steps(case, case.events.all()),
        window=Window(district.name, district.address, district.phone, next_opening(today, now),
                      district.office),
        answer_by=answer_by,
        name_masked=mask_name(name),
    )


def lookup(number: str, name: str) -> Progress | None:
    """api.md `GET /api/v1/progress`: the progress of the case, or None (not found, whatever the
    reason)."""
    case = find(number, name)
    if case is None:
        return None
    real = clock.now().astimezone(clock.SHANGHAI)
    return progress(case, today=clock.today(), now=real.time().replace(tzinfo=None))


def check_rate(request: HttpRequest) -> None:
    """Security decision 10: one budget per client address, shared by the API and the web page, as
    large as /verify's (its own budget: a clerk checking cases does not use up the verifications)."""
    if over_limit(request, "progress", settings.RATELIMIT_VERIFY):
        raise TooManyRequests("Too many progress look-ups from this address; try again in a minute.")


# ---------------------------------------------------------------------------- what happens next


def _opening_text(window: Window) -> str:
    if window.opening is None:
        return _("近期窗口不开放，请先致电咨询。")
    day, hours = window.opening
    return _("窗口最近开放时间：%(day)s（%(weekday)s）%(opens)s–%(closes)s。") % {
        "day": formats.date_format(day, "MONTH_DAY_FORMAT"),
        "weekday": WEEKDAYS[day.weekday()],
        "opens": hours.opens_at,
        "closes": hours.closes_at,
    }


def _window_text(window: Window) -> str:
    """Where the district window is (reference data) and when it next opens (R-W08)."""
    if window.address:
        where = _("办理地点：%(address)s（咨询电话：%(phone)s）。") % {
            "address": window.address, "phone": window.phone}
    else:  # no street address in the reference data: the office to ask, never in the address's place
        where = _("办理地点：%(district)s办理窗口，地址请咨询%(office)s（咨询电话：%(phone)s）。") % {
            "district": window.district,
            "office": window.office or _("%(district)s人力资源和社会保障局") % {"district": window.district},
            "phone": window.phone,
        }
    return where + _opening_text(window)


def next_step(p: Progress) -> str:
    """What the unit or the holder does next, as a clerk would say it, in the active language."""
    status, window = p.status, p.window
    if status == S.SUBMITTED:
        return (
            _("已提交，等待区人力资源和社会保障局初审。请单位经办人携带身份证件和申报材料原件到区办理窗口办理初审。")
            + _window_text(window)
        )
    if status == S.SUPPLEMENT_REQUESTED:
        deadline = formats.date_format(p.answer_by, "DATE_FORMAT") if p.answer_by else ""
        return _(
            "区人力资源和社会保障局要求补充材料。请聘用单位在%(deadline)s前补齐材料、在系统中重新提交，"
            "并携带原件到区办理窗口；逾期未补正，单位的申请权限将被暂停。"
        ) % {"deadline": deadline} + _window_text(window)
    if status == S.DISTRICT_PASSED:
        return _("区初审已通过，等待北京市人力资源和社会保障局审批。审批结果将通知聘用单位，请留意系统提示。")
    if status == S.APPROVED and p.type in transitions.COLLECTED:
        return (
            _("审批已通过，可以领证。请持证人本人或单位经办人携带身份证件到区办理窗口领取《北京市工作居住证》。")
            + _window_text(window)
        )
    if status == S.APPROVED and p.type in transitions.EFFECTIVE_ON_SUBMIT:
        return _("注销已生效，本件已办结，无需再到窗口办理。")
    if status == S.APPROVED:
        return _("已批准并生效，本件已办结，无需再到窗口办理。")
    if status == S.COLLECTED:
        return _("证件已领取，本件已办结。")
    if status == S.REJECTED:
        return _(
            "申请未获通过，本件已办结。原因已告知聘用单位；如有疑问，请联系聘用单位或致电%(district)s人力资源和社会保障局"
            "（%(phone)s）。"
        ) % {"district": window.district, "phone": window.phone}
    return _("聘用单位已撤回申请，本件已办结。如需继续办理，请聘用单位重新提交申请。")


def present(p: Progress) -> ProgressOut:
    """The API's answer (api.md): the codes, and `next` in Chinese whatever the client's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return ProgressOut(
            number=p.number,
            type=p.type,
            status=p.status,
            steps=[StepOut(step=s.step, done=s.done, on=s.on) for s in p.steps],
            next=p.next,
        )
