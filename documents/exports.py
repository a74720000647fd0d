"""Exports as .xlsx (issue 5 part 6; columns documented in docs/exports.md).

Permits and applications are scoped like their lists (a unit its own, a district reviewer its
district's, a city approver all) and show ID numbers masked (R-S02, security decision 6). Rows are
streamed: one query read in chunks, openpyxl's write-only sheet spooling them to a temporary file,
so that 100,000 rows need neither 100,000 queries nor the whole sheet in memory. Every export is
audited ("export.downloaded") with its filters.
"""

import datetime as dt
import tempfile
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from accounts.actor import Actor
from accounts.models import User
from accounts.roles import Role
from audit.services import audit_record
from cases import privacy
from cases.models import Case, CaseStatus, CaseType
from cases.selectors import cases_visible_to
from cases.statistics import case_counts, permit_counts
from core import clock
from core.crypto import mask_id
from documents.formkit import DISTRICTS, SEX
from documents.templates import XLSX
from documents.xlsx_text import text_row
from permits.models import PermitStatus
from permits.selectors import permits_visible_to
from rules.states import CANCEL_INVESTIGATION, CANCEL_LEFT

CHUNK = 2000
CANCEL_REASONS = {CANCEL_LEFT: "离职注销", CANCEL_INVESTIGATION: "核查注销（未及时注销）"}


@dataclass(frozen=True)
class Col:
    title: str
    width: int
    value: Callable[[Any], Any]


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: a moment as the wall-clock time in Asia/Shanghai."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _district(code: str | None) -> str:
    return DISTRICTS.get(code or "", code or "")


PERMIT_COLUMNS = (
    Col("证件编号", 16, lambda p: p.permit_no),
    Col("状态", 10, lambda p: str(PermitStatus(p.status_now).label)),
    Col("状态代码", 10, lambda p: p.status_now),
    Col("持证人姓名", 12, lambda p: p.holder.name),
    Col("身份证号码（脱敏）", 22, lambda p: mask_id(p.holder.id_number)),
    Col("性别", 6, lambda p: SEX.get(p.holder.sex, "")),
    Col("聘用单位", 30, lambda p: p.unit.name),
    Col("统一社会信用代码", 22, lambda p: p.unit.uscc),
    Col("单位所在区", 12, lambda p: _district(p.unit.district_id)),
    Col("首次发证日期", 13, lambda p: p.first_issued_on),
    Col("本期发证日期", 13, lambda p: p.issue_date),
    Col("有效期至", 13, lambda p: p.expiry_date),
    Col("逾期未续签失效日期", 13, lambda p: p.lapses_on),
    Col("证件版本", 8, lambda p: p.card_version),
    Col("冻结时间", 18, lambda p: _local(p.frozen_at)),
    Col("注销日期", 13, lambda p: p.cancelled_on),
    Col("注销原因", 20, lambda p: CANCEL_REASONS.get(p.cancel_reason, p.cancel_reason)),
)


def _case_id_number(case: Case, role: str) -> str:
    if case.type == CaseType.NEW:
        return mask_id(((case.data or {}).get("person") or {}).get("id_number"))
    return mask_id(privacy.holder_id_number(case, role))


def case_columns(role: str) -> tuple[Col, ...]:
    """The columns of the cases sheet as `role` (the reader's) may read them: a unit reads the holder
    of a permit still held by another unit masked and without the ID number (cases.privacy)."""
    return (
        Col("办件编号", 18, lambda c: c.number),
        Col("业务类型", 14, lambda c: str(CaseType(c.type).label)),
        Col("业务类型代码", 16, lambda c: c.type),
        Col("状态", 16, lambda c: str(CaseStatus(c.status).label)),
        Col("状态代码", 18, lambda c: c.status),
        Col("申请单位", 30, lambda c: c.unit.name),
        Col("单位所在区", 12, lambda c: _district(c.unit.district_id)),
        Col("申请人（持证人）", 12, lambda c: privacy.applicant_name(c, role)),
        Col("身份证号码（脱敏）", 22, lambda c: _case_id_number(c, role)),
        Col("证件编号", 16, lambda c: c.permit.permit_no if c.permit else ""),
        Col("创建时间", 18, lambda c: _local(c.created_at)),
        Col("提交日期", 13, lambda c: c.submitted_on),
        Col("决定时间", 18, lambda c: _local(c.decided_at)),
        Col("补充材料通知日期", 13, lambda c: c.supplement_requested_on),
        Col("缺少的材料", 24, lambda c: "、".join(c.materials_missing or [])),
        Col("逾期注销", 8, lambda c: "是" if c.late else "否"),
    )


CASE_COLUMNS = case_columns(Role.CITY_APPROVER)  # an official's sheet


def _sheet(book: Workbook, title: str, columns: Iterable[Col], rows: Iterable[Any]) -> None:
    ws = book.create_sheet(title)
    columns = list(columns)
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "A2"
    ws.append([_bold(ws, col.title) for col in columns])
    for obj in rows:
        ws.append(text_row(ws, [col.value(obj) for col in columns]))  # security decision 17


def _bold(ws: Any, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.font = Font(bold=True)
    return cell


def _spooled(book: Workbook) -> IO[bytes]:
    """The workbook in an anonymous temporary file, rewound; it is gone once closed."""
    out = tempfile.TemporaryFile()  # closed by the response that streams it
    book.save(out)
    out.seek(0)
    return out


def xlsx_response(stream: IO[bytes], filename: str) -> FileResponse:
    """A spooled workbook streamed in chunks as a download (API and web alike); the temporary file
    closes with the response."""
    return FileResponse(stream, as_attachment=True, filename=filename, content_type=XLSX)


def _audit(actor: Actor, name: str, filters: dict[str, Any]) -> None:
    audit_record(actor, "export.downloaded", object_type="export", object_id=name,
                 after={"filters": {k: v for k, v in filters.items() if v is not None}})


def permits_export(actor: Actor, *, status: str | None = None) -> IO[bytes]:
    """The permits the caller may see, optionally of one status (lifecycle.md, as of today)."""
    qs = permits_visible_to(actor.account, clock.today()).order_by("pk")
    if status:
        qs = qs.in_status(status, clock.today())
    _audit(actor, "permits.xlsx", {"status": status})
    book = Workbook(write_only=True)
    _sheet(book, "工作居住证", PERMIT_COLUMNS, qs.iterator(chunk_size=CHUNK))
    return _spooled(book)


def applications_export(
    actor: Actor,
    *,
    status: str | None = None,
    type: str | None = None,
    district: str | None = None,
    types: Collection[str] | None = None,
    unit_name: str | None = None,
) -> IO[bytes]:
    """The cases the caller may see (an official's queue: `status=submitted`, …). The workbench's
    queues also narrow by `types` (its 待领证 queue: `approved` cases of the types whose card is
    collected) and by a part of the unit's name (`unit_name`, case-insensitive); the API sends neither."""
    qs = cases_visible_to(actor.account).order_by("pk")
    if status:
        qs = qs.filter(status=status)
    if type:
        qs = qs.filter(type=type)
    if types is not None:
        qs = qs.filter(type__in=list(types))
    if district:
        qs = qs.filter(district_id=district)
    if unit_name:
        qs = qs.filter(unit__name__icontains=unit_name)
    _audit(actor, "applications.xlsx", {
        "status": status, "type": type, "district": district,
        "types": sorted(map(str, types)) if types is not None else None, "unit_name": unit_name or None,
    })
    book = Workbook(write_only=True)
    _sheet(book, "申请办件", case_columns(actor.role), qs.iterator(chunk_size=CHUNK))
    return _spooled(book)


def _scope(user: User) -> str:
    if user.role == Role.DISTRICT_REVIEWER:
        return _district(user.district_id)
    return "全市"


def statistics_export(actor: Actor) -> IO[bytes]:
    """Officials: cases by district × type × status and permits by district × status, within scope.
    Two grouped queries, whatever the number of rows."""
    user, today = actor.account, clock.today()
    cases, permits = case_counts(user), permit_counts(user, today)
    _audit(actor, "statistics.xlsx", {"as_of": today.isoformat()})
    present = {k[0] for k in [*cases, *permits]} | ({user.district_id} if user.district_id else set())
    districts = [d for d in DISTRICTS if d in present] + sorted(present - set(DISTRICTS))
    heading: list[list[Any]] = [["统计日期", today], ["统计范围", _scope(user)], []]

    def case_rows() -> Iterable[list[Any]]:
        yield from heading
        yield ["所在区", "业务类型", *map(str, CaseStatus.labels), "合计"]
        for label, among in [*((_district(d), [d]) for d in districts), ("合计", districts)]:
            for case_type in CaseType:
                counts = [sum(cases[(d, case_type, status)] for d in among) for status in CaseStatus]
                if sum(counts):
                    yield [label, str(case_type.label), *counts, sum(counts)]

    def permit_rows() -> Iterable[list[Any]]:
        yield from heading
        yield ["所在区", *map(str, PermitStatus.labels), "合计"]
        for label, among in [*((_district(d), [d]) for d in districts), ("合计", districts)]:
            counts = [sum(permits[(d, status)] for d in among) for status in PermitStatus]
            yield [label, *counts, sum(counts)]

    book = Workbook(write_only=True)
    for title, rows in (("办件统计", case_rows()), ("证件统计", permit_rows())):
        ws = book.create_sheet(title)
        ws.column_dimensions["A"].width = 14
        ws.column_dimensions["B"].width = 16
        for row in rows:
            ws.append(text_row(ws, row))
    return _spooled(book)
