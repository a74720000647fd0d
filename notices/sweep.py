"""Date-driven steps of the daily job (core.sweep) owned by this app: the reminders to units of
lifecycle.md, one step per kind.

Each step selects, in one query, what is due today and not yet reminded of (and not turned off by
the unit's preference), builds the texts, inserts the notices with `bulk_create(ignore_conflicts=
True)` — the unique (unit, kind, key) constraint makes a rerun insert nothing — and enqueues the
delivery of the new ones in the job's transaction. Every window is compared with today's date, so a
run after missed days still creates what is due and nothing whose day has passed.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, NamedTuple, TypeVar

from django.db.models import CharField, Exists, Max, Model, OuterRef, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Concat

from cases.models import OPEN_STATUSES, CaseStatus, CaseType
from cases.models import Case as Application
from core.crypto import mask_name
from core.dates import add_months
from core.sweep import step
from inspections.conditions import unit_has_inspection
from notices.models import Notice, NoticeKind, NoticePreference
from notices.tasks import deliver_notices
from notices.texts import Row, zh
from permits.models import Permit
from rules.cancellation import cancellation_deadline
from rules.changes import employer_change_deadline
from rules.data import date_of
from rules.inspection import freeze_day, inspection_season
from rules.renewal import WINDOW_MONTHS, renewal_window
from units.models import Unit, UnitStatus

M = TypeVar("M", bound=Model)
ONE_DAY = dt.timedelta(days=1)
BATCH = 2000
INSPECTION_LAST_WEEK_DAYS = 7  # 25 April to 1 May
EMPLOYER_CHANGE_WARNING_DAYS = 7
CANCELLATION_WARNING_DAYS = 2
SUPPLEMENT_MONTHS = 3  # R-B04: unanswered for more than 3 months suspends the unit
SUPPLEMENT_WARNING_DAYS = 14


def last_day_before(months: int, limit: dt.date) -> dt.date:
    """The latest day d with add_months(d, months) <= limit, so that "add_months(column, months) <=
    limit" becomes the indexable "column <= d". Month ends are clamped (31 March − 1 month = 28 or
    29 February), so several days can map to one; a step or three settles it."""
    day = add_months(limit, -months)
    while add_months(day + ONE_DAY, months) <= limit:
        day += ONE_DAY
    return day


def _fresh(qs: QuerySet[M], kind: str, *, unit: str, key: str | Combinable) -> QuerySet[Any]:
    """Annotate `notice_key`; keep the rows not yet reminded of whose unit has not turned `kind`
    off. `unit` names the unit's id on the model."""
    done = Notice.objects.filter(unit=OuterRef(unit), kind=kind, key=OuterRef("notice_key"))
    off = NoticePreference.objects.filter(unit=OuterRef(unit), kind=kind, enabled=False)
    return qs.annotate(notice_key=Cast(key, CharField())).exclude(Exists(done)).exclude(Exists(off))


def _insert(kind: str, rows: Iterable[Row]) -> int:
    """Insert the notices (a conflict is a notice that exists: skipped) and enqueue the delivery of
    the new ones, which are the rows of `kind` above the highest id before the insert (the job's lock
    makes it the only writer of reminders; a decision's notice committed meanwhile may fall in the
    range too, and is delivered once all the same: notices.tasks.deliver)."""
    before = Notice.objects.aggregate(m=Max("pk"))["m"] or 0
    it: Iterator[Row] = iter(rows)
    while batch := list(islice(it, BATCH)):
        Notice.objects.bulk_create(
            [Notice(kind=kind, **r._asdict()) for r in batch], ignore_conflicts=True, batch_size=BATCH
        )
    upto = Notice.objects.aggregate(m=Max("pk"))["m"] or 0
    if upto <= before:
        return 0
    deliver_notices.enqueue(before, upto)
    return Notice.objects.filter(pk__gt=before, pk__lte=upto, kind=kind).count()


def _key(*parts: str | Value) -> Concat:
    """A key joined in SQL from columns (named) and literals (Value)."""
    texts = [Cast(p, CharField()) if isinstance(p, str) else p for p in parts]
    return Concat(*texts, output_field=CharField())


@step("notices.renewal_window_open")
def renewal_window_open(today: dt.date) -> int:
    """A live permit whose renewal window (R-R01: 1 month before to 1 month after the expiry) holds
    today and that has no open renewal. Keyed by permit and expiry, so the next period reminds anew."""
    kind = NoticeKind.RENEWAL_WINDOW_OPEN
    open_renewal = Application.objects.filter(
        permit=OuterRef("pk"), type=CaseType.RENEWAL, status__in=OPEN_STATUSES
    )
    permits = (
        Permit.objects.live(today)
        .filter(
            # the window as bounds on the indexed expiry date; lapses_on (expiry + 1 month) is exact
            expiry_date__gt=last_day_before(WINDOW_MONTHS, today - ONE_DAY),
            expiry_date__lte=last_day_before(-WINDOW_MONTHS, today),
            lapses_on__gte=today,
        )
        .exclude(Exists(open_renewal))
    )
    found = _fresh(permits, kind, unit="unit", key=_key("permit_no", Value(":"), "expiry_date"))
    rows = found.values_list("unit_id", "notice_key", "permit_no", "expiry_date", "holder__name")

    def row(unit_id: int, key: str, permit_no: str, expiry: dt.date, name: str) -> Row:
        opens, closes = renewal_window(expiry)
        who = mask_name(name)
        return Row(
            unit_id,
            key,
            closes,
            f"工作居住证可以续签了（{permit_no}）",
            f"贵单位{who}的工作居住证（证号{permit_no}）有效期至{zh(expiry)}。续签申请可在{zh(opens)}至"
            f"{zh(closes)}期间提交（含当日）；过了{zh(closes)}仍未提交续签的，证件自然失效，"
            "只能重新办理新办。",
            f"Permit {permit_no} may be renewed now",
            f"The work residence permit {permit_no} ({who}) expires on {expiry}. A renewal may be "
            f"submitted from {opens} to {closes} (both included); after {closes} the permit lapses and "
            "only a new application is possible.",
        )

    return _insert(kind, (row(*r) for r in rows.iterator(chunk_size=BATCH)))


def _units_not_inspected(year: int) -> QuerySet[Unit]:
    return Unit.objects.filter(status=UnitStatus.ACTIVE).exclude(unit_has_inspection(year))


@step("notices.inspection_season_open")
def inspection_season_open(today: dt.date) -> int:
    """R-I01: from 1 April to 1 May, every active unit that has not yet filed its inspection."""
    kind = NoticeKind.INSPECTION_SEASON_OPEN
    year = today.year
    start, end = inspection_season(year)
    if not start <= today <= end:
        return 0
    found = _fresh(_units_not_inspected(year), kind, unit="pk", key=Value(str(year)))
    rows = (
        Row(
            unit_id,
            key,
            end,
            f"{year}年度年检开始了",
            f"{year}年度工作居住证年检从{zh(start)}开始，到{zh(end)}结束（含当日）。请在系统中完成"
            f"单位年检，并为本单位每一位持证人员办理年检。到期未年检的，单位和证件将在{zh(freeze_day(year))}"
            "被冻结。",
            f"The {year} annual inspection has begun",
            f"The {year} annual inspection runs from {start} to {end} (both included). File the unit's "
            f"inspection and one for each permit holder of the unit; units and permits not inspected "
            f"are frozen on {freeze_day(year)}.",
        )
        for unit_id, key in found.values_list("pk", "notice_key").iterator(chunk_size=BATCH)
    )
    return _insert(kind, rows)


@step("notices.inspection_last_week")
def inspection_last_week(today: dt.date) -> int:
    """R-I01, R-I02: from 25 April to 1 May, every active unit with no unit inspection for the year."""
    kind = NoticeKind.INSPECTION_LAST_WEEK
    year = today.year
    end = inspection_season(year)[1]
    if not end - dt.timedelta(days=INSPECTION_LAST_WEEK_DAYS - 1) <= today <= end:
        return 0
    frozen_on = freeze_day(year)
    found = _fresh(_units_not_inspected(year), kind, unit="pk", key=Value(str(year)))
    rows = (
        Row(
            unit_id,
            key,
            end,
            f"{year}年度年检只剩最后一周",
            f"{year}年度年检将在{zh(end)}结束，贵单位还没有完成单位年检。请在{zh(end)}（含当日）前完成"
            f"单位年检和持证人员年检；否则单位和证件将在{zh(frozen_on)}被冻结，需到区人社局办理解冻。",
            f"Last week of the {year} annual inspection",
            f"The {year} annual inspection ends on {end} and the unit has not filed its inspection. File "
            f"it and the permit holders' inspections by {end}; otherwise the unit and its permits are "
            f"frozen on {frozen_on} and only the district office can unfreeze them.",
        )
        for unit_id, key in found.values_list("pk", "notice_key").iterator(chunk_size=BATCH)
    )
    return _insert(kind, rows)


class DueDraft(NamedTuple):
    unit_id: int
    key: str
    number: str
    permit_no: str
    left: dt.date
    due: dt.date


def _due_drafts(
    today: dt.date,
    case_type: str,
    kind: str,
    left_field: str,
    deadline: Callable[[dt.date], dt.date],
    days: int,
) -> list[DueDraft]:
    """Drafts of `case_type` whose deadline (from the leaving date `left_field`) is `days` days away
    or less, and not yet past."""
    # The leaving date is inside `Case.data`, which is encrypted as a whole (core.fields.
    # EncryptedJSONField) and cannot be compared in SQL. Drafts of one type are few (a unit files
    # these within days), so one query selects them all and the window is computed in Python over
    # that small set.
    drafts = Application.objects.filter(type=case_type, status=CaseStatus.DRAFT)
    out = []
    for unit_id, key, number, data in _fresh(drafts, kind, unit="unit", key="pk").values_list(
        "unit_id", "notice_key", "number", "data"
    ):
        left = date_of(data, left_field)
        if left is not None and deadline(left) - dt.timedelta(days=days) <= today <= deadline(left):
            permit_no = str((data or {}).get("permit_no") or "")
            out.append(DueDraft(unit_id, key, number, permit_no, left, deadline(left)))
    return out


@step("notices.employer_change_deadline")
def employer_change_deadline_near(today: dt.date) -> int:
    """R-E01: a draft employer change whose last day (leaving + 60 days) is at most 7 days away."""
    kind = NoticeKind.EMPLOYER_CHANGE_DEADLINE
    drafts = _due_drafts(
        today,
        CaseType.EMPLOYER_CHANGE,
        kind,
        "left_previous_on",
        employer_change_deadline,
        EMPLOYER_CHANGE_WARNING_DAYS,
    )
    rows = (
        Row(
            d.unit_id,
            d.key,
            d.due,
            f"聘用单位变更即将到期（{d.number}）",
            f"贵单位的聘用单位变更申请（办件编号{d.number}，证号{d.permit_no}）还没有提交。持证人于"
            f"{zh(d.left)}离开原单位，最迟须在{zh(d.due)}（含当日）提交；过期后不能再办理聘用单位变更。",
            f"Employer change {d.number} is due soon",
            f"The employer change {d.number} (permit {d.permit_no}) has not been submitted. The holder "
            f"left the former unit on {d.left}, so it must be submitted by {d.due} (included); after "
            "that the change is no longer possible.",
        )
        for d in drafts
    )
    return _insert(kind, rows)


@step("notices.cancellation_deadline")
def cancellation_deadline_near(today: dt.date) -> int:
    """R-C01: a draft cancellation whose last day on time (leaving + 5 days) is at most 2 days away."""
    kind = NoticeKind.CANCELLATION_DEADLINE
    drafts = _due_drafts(
        today, CaseType.CANCELLATION, kind, "left_on", cancellation_deadline, CANCELLATION_WARNING_DAYS
    )
    rows = (
        Row(
            d.unit_id,
            d.key,
            d.due,
            f"注销即将到期（{d.number}）",
            f"贵单位的工作居住证注销申请（办件编号{d.number}，证号{d.permit_no}）还没有提交。持证人于"
            f"{zh(d.left)}离职，须在{zh(d.due)}（含当日）前提交注销；晚于这一天提交的，将记为逾期注销并"
            "报区人社局。",
            f"Cancellation {d.number} is due soon",
            f"The cancellation {d.number} (permit {d.permit_no}) has not been submitted. The holder "
            f"left on {d.left}, so it is on time until {d.due} (included); a later one is marked late "
            "and listed for the district.",
        )
        for d in drafts
    )
    return _insert(kind, rows)


@step("notices.supplement_nearing_timeout")
def supplement_nearing_timeout(today: dt.date) -> int:
    """R-B04: a supplement request 14 days or less from its 3 months, not yet timed out."""
    kind = NoticeKind.SUPPLEMENT_NEARING_TIMEOUT
    timed_out_by = last_day_before(SUPPLEMENT_MONTHS, today - ONE_DAY)  # requested then or earlier
    warned_by = last_day_before(SUPPLEMENT_MONTHS, today + dt.timedelta(days=SUPPLEMENT_WARNING_DAYS))
    cases = Application.objects.filter(
        status=CaseStatus.SUPPLEMENT_REQUESTED,
        supplement_requested_on__gt=timed_out_by,
        supplement_requested_on__lte=warned_by,
    )
    found = _fresh(cases, kind, unit="unit", key=_key("pk", Value(":"), "supplement_requested_on"))
    rows = found.values_list("unit_id", "notice_key", "number", "supplement_requested_on")

    def row(unit_id: int, key: str, number: str, asked: dt.date) -> Row:
        due = add_months(asked, SUPPLEMENT_MONTHS)
        return Row(
            unit_id,
            key,
            due,
            f"补充材料即将满3个月（{number}）",
            f"贵单位的申请（办件编号{number}）在{zh(asked)}被要求补充材料，至今还没有补正。请在{zh(due)}"
            "（含当日）前补齐材料并重新提交；超过3个月不补正的，单位的申报权限将被暂停。",
            f"Supplement for {number} is due soon",
            f"The district asked for more materials for {number} on {asked} and has not had them. "
            f"Supply them and resubmit by {due} (included); after 3 months the unit's permission to "
            "file applications is suspended.",
        )

    return _insert(kind, (row(*r) for r in rows.iterator(chunk_size=BATCH)))
