"""Bulk import of staff (api.md POST /applications/import): an .xlsx in the staff-import layout
(GET /templates/staff-import.xlsx) becomes one draft `new` case per good row.

`COLUMNS` is the layout, shared with the template: row 1 holds the Chinese titles, row 2 (hidden)
the api.md field each column fills, data from row 3. A sheet without the key row is read by its
titles. The reader turns cells into the `new` request's fields (Excel dates, Chinese labels of the
drop-down lists, month ranges into month lists); a cell it cannot read is that row's error, named by
its column. Everything else — malformed fields, R-P09 — is `cases.services.case_create_many`'s; like
one draft, a row is never refused as a duplicate (R-W05 and R-P08 judge the submission, spec 1.1).
"""

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from openpyxl import load_workbook

from accounts.actor import Actor
from cases import transitions
from cases.models import Case
from cases.services import case_create_many
from core.errors import BadRequest, ErrorItem
from documents.formkit import DEGREE, DISTRICTS, HOUSING_TYPE, MARITAL_STATUS, PAYER, SEX, TITLE_LEVEL
from units.services import unit_may_write

SHEET = "人员信息"
MAX_ROWS = 5000
MAX_UNPACKED = 200 * 1024 * 1024  # a 10 MB upload that unpacks beyond this is a zip bomb
EXAMPLE_MARK = "示例"  # a row whose name holds it is the template's example and is skipped
YES_NO = {True: "是", False: "否"}
OOXML_PARTS = {"[Content_Types].xml", "xl/workbook.xml"}


@dataclass(frozen=True)
class Column:
    key: str  # the api.md `new` field (month ranges: `<list>.from` / `.to` / `.payer`)
    title: str
    kind: str = "text"  # text | code (digits kept as text) | date | month | choice | bool
    choices: Mapping[Any, str] | None = None  # value → label, for the drop-down list
    required: bool = False
    note: str = ""
    example: Any = None


COLUMNS: tuple[Column, ...] = (
    Column("person.name", "姓名", required=True, note="与身份证一致", example="张三（示例）"),
    Column("person.id_number", "身份证号码", "code", required=True,
           note="18位，末位X大写；单元格须为文本格式（Excel会截断15位以上的数字）",
           example="110105199003078713"),
    Column("person.sex", "性别", "choice", SEX, note="须与身份证号码一致", example="M"),
    Column("person.birth_date", "出生日期", "date", note="YYYY-MM-DD，须与身份证号码一致",
           example=dt.date(1990, 3, 7)),
    Column("person.hukou", "户籍所在地", example="河北省石家庄市长安区"),
    Column("person.phone", "手机号码", "code", example="13800138000"),
    Column("person.degree", "最高学位", "choice", DEGREE, example="master"),
    Column("person.degree_awarded_on", "学位取得日期", "date", example=dt.date(2015, 6, 30)),
    Column("person.work_started_on", "参加工作日期", "date", example=dt.date(2015, 7, 15)),
    Column("person.title_level", "专业技术职称", "choice", TITLE_LEVEL, example="intermediate"),
    Column("person.shortage_catalogue_code", "急需专业或岗位目录代码",
           note="见 /api/v1/reference/shortage-catalogue", example="IT-01"),
    Column("person.special_talent_justification", "特殊人才说明",
           note="仅申请按特殊人才（R-P03(c)）认定时填写；填写即视为申请"),
    Column("employment.started_on", "本单位聘用起始日期", "date", note="R-P02：须满6个月",
           example=dt.date(2024, 3, 1)),
    Column("employment.contract_ends_on", "劳动合同截止日期", "date", example=dt.date(2027, 2, 28)),
    Column("residence.address", "在京居住地址", note="填写住所信息时，地址、所在区、住房类型均须填写",
           example="北京市海淀区学院路20号院3号楼502"),
    Column("residence.district", "居住地所在区", "choice", DISTRICTS, example="haidian"),
    Column("residence.housing_type", "住房类型", "choice", HOUSING_TYPE, example="rented"),
    Column("residence.lease_ends_on", "租赁合同截止日期", "date", note="租赁房屋填写",
           example=dt.date(2026, 12, 31)),
    Column("tax_months.from", "个税连续缴纳起始月", "month", note="YYYY-MM；与截止月、缴纳方一起填写",
           example="2025-07"),
    Column("tax_months.to", "个税连续缴纳截止月", "month", note="YYYY-MM，含本月", example="2025-12"),
    Column("tax_months.payer", "个税缴纳方", "choice", PAYER, note="中介机构代扣代缴的月份不计入（R-P05）",
           example="unit"),
    Column("social_insurance_months.from", "社保连续缴纳起始月", "month", example="2025-07"),
    Column("social_insurance_months.to", "社保连续缴纳截止月", "month", example="2025-12"),
    Column("social_insurance_months.payer", "社保缴纳方", "choice", PAYER, example="unit"),
    Column("dependents.marital_status", "婚姻状况", "choice", MARITAL_STATUS, example="single"),
    Column("dependents.spouse.name", "随往配偶姓名", note="配偶随往时填写；子女请导入后在申请中补充"),
    Column("dependents.spouse.id_number", "随往配偶身份证号码", "code"),
    Column("dependents.spouse.beijing_employment_contract", "配偶是否与在京单位签订劳动合同", "bool",
           YES_NO, note="R-D01"),
)
BY_KEY = {c.key: c for c in COLUMNS}
BY_TITLE = {c.title: c for c in COLUMNS}
MONTH_LISTS = ("tax_months", "social_insurance_months")


def _not_xlsx(why: str) -> BadRequest:
    return BadRequest(
        "The file cannot be imported as a staff-import workbook.",
        [ErrorItem(f"{why}（请使用 /api/v1/templates/staff-import.xlsx 模板）", field="file")],
    )


def check_xlsx(content: bytes) -> None:
    """Security decision 9: the type is judged from the content — a zip holding the OOXML workbook
    parts — never from the name; 10 MB at most, and not a zip bomb."""
    if len(content) > settings.UPLOAD_MAX_BYTES:
        raise RequestDataTooBig("The workbook exceeds 10 MB.")
    if not content.startswith(b"PK\x03\x04"):
        raise _not_xlsx("只接受.xlsx格式的Excel工作簿（按文件内容判断）/ only an .xlsx workbook is accepted")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise _not_xlsx("文件已损坏，不是有效的.xlsx工作簿 / not a valid .xlsx workbook") from exc
    if not OOXML_PARTS <= {i.filename for i in infos}:
        raise _not_xlsx("压缩包中没有Excel工作簿 / the archive holds no Excel workbook")
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise _not_xlsx("工作簿解压后过大 / the workbook is too large once unpacked")


# --- cells ----------------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any, col: Column) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, dt.date) else str(value).strip()


def _code(value: Any, col: Column) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if abs(value) >= 1e15 or not float(value).is_integer():
            raise ValueError("请将该列设为文本格式后重新填写（Excel会截断15位以上的数字）")
        return str(int(value))
    return re.sub(r"\s+", "", str(value)).upper()


def _date(value: Any, col: Column) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", str(value).strip())
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            pass
    raise ValueError(f"“{value}”不是有效日期，格式应为YYYY-MM-DD")


def _month(value: Any, col: Column) -> str:
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", str(value).strip())
    if m and 1 <= int(m[2]) <= 12:
        return f"{int(m[1]):04d}-{int(m[2]):02d}"
    raise ValueError(f"“{value}”不是有效月份，格式应为YYYY-MM")


def _choice(value: Any, col: Column) -> Any:
    choices = col.choices or {}
    given = str(value).strip() if not isinstance(value, bool) else value
    for code, label in choices.items():
        if given in (code, label) or (isinstance(given, str) and given.lower() == str(code).lower()):
            return code
    raise ValueError(f"“{value}”不是可选值，应为：{'、'.join(choices.values())}")


CONVERT: dict[str, Callable[[Any, Column], Any]] = {
    "text": _text, "code": _code, "date": _date, "month": _month, "choice": _choice, "bool": _choice,
}


def column_error(col: Column, message: str) -> ErrorItem:
    return ErrorItem(f"{col.title}：{message}", field=col.key, extra={"column": col.title})


def _expand_months(data: dict[str, Any], errors: list[ErrorItem]) -> None:
    """`{from, to, payer}` of a month list → one {"month", "payer"} per month, both ends included."""
    for name in MONTH_LISTS:
        given = data.pop(name, None)
        if not given:
            continue
        missing = [k for k in ("from", "to", "payer") if k not in given]
        for k in missing:
            errors.append(column_error(BY_KEY[f"{name}.{k}"], "起始月、截止月和缴纳方须一并填写"))
        if missing:
            continue
        start, end = (int(given[k][:4]) * 12 + int(given[k][5:]) - 1 for k in ("from", "to"))
        if end < start:
            errors.append(column_error(BY_KEY[f"{name}.to"], "截止月早于起始月"))
            continue
        data[name] = [{"month": f"{n // 12:04d}-{n % 12 + 1:02d}", "payer": given["payer"]}
                      for n in range(start, end + 1)]


def row_data(cells: Mapping[str, Any]) -> tuple[dict[str, Any], list[ErrorItem]]:
    """One sheet row (field key → cell value) as `new` request data, and the cells it could not read."""
    data: dict[str, Any] = {"person": {}}
    errors: list[ErrorItem] = []
    for col in COLUMNS:
        raw = cells.get(col.key)
        if _blank(raw):
            if col.required:
                errors.append(column_error(col, "此列必填，请填写 / this column is required"))
            continue
        try:
            value = CONVERT[col.kind](raw, col)
        except ValueError as exc:
            errors.append(column_error(col, str(exc)))
            continue
        *path, last = col.key.split(".")
        node = data
        for part in path:
            node = node.setdefault(part, {})
        node[last] = value
    _expand_months(data, errors)
    return data, errors


def column_for(field: str | None) -> Column | None:
    """The column of an error's field path (`tax_months.3.month` → the month range's first column)."""
    parts = (field or "").split(".")
    while parts:
        prefix = ".".join(parts)
        for col in COLUMNS:
            if col.key == prefix or col.key.startswith(prefix + "."):
                return col
        parts.pop()
    return None


# --- the sheet ------------------------------------------------------------------------------------


def _header(titles: tuple[Any, ...], keys: tuple[Any, ...]) -> tuple[list[tuple[int, Column]], bool]:
    """(column index, column) of each known column, and whether row 2 is the key row."""
    by_key = [(i, BY_KEY[k.strip()]) for i, k in enumerate(keys)
              if isinstance(k, str) and k.strip() in BY_KEY]
    if by_key:
        return by_key, True
    by_title = [(i, BY_TITLE[t.strip().rstrip("*")]) for i, t in enumerate(titles)
                if isinstance(t, str) and t.strip().rstrip("*") in BY_TITLE]
    return by_title, False


def read_rows(content: bytes) -> list[tuple[int, dict[str, Any], list[ErrorItem]]]:
    """(sheet row number, data, unreadable cells) of every filled row but the example."""
    check_xlsx(content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise _not_xlsx("无法读取该工作簿 / the workbook cannot be read") from exc
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        rows: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
        titles, keys = next(rows, ()), next(rows, ())
        layout, keyed = _header(titles, keys)
        if not {"person.name", "person.id_number"} <= {c.key for _, c in layout}:
            raise _not_xlsx("第1行须为模板的列标题（至少含“姓名”和“身份证号码”）/ "
                            "not the staff-import layout")
        if not keyed:
            rows = chain([keys], rows)
        out: list[tuple[int, dict[str, Any], list[ErrorItem]]] = []
        for number, values in enumerate(rows, start=3 if keyed else 2):
            cells = {col.key: values[i] if i < len(values) else None for i, col in layout}
            if all(_blank(v) for v in cells.values()) or EXAMPLE_MARK in str(cells["person.name"] or ""):
                continue
            if len(out) == MAX_ROWS:
                raise _not_xlsx(f"一次最多导入{MAX_ROWS}行 / at most {MAX_ROWS} rows per import")
            out.append((number, *row_data(cells)))
        return out
    finally:
        book.close()


def import_staff(actor: Actor, content: bytes) -> list[dict[str, Any]]:
    """api.md: `[{"row", "application_id"} | {"row", "errors": [...]}]`, in the sheet's order."""
    transitions.check(actor, "create")  # before the sheet is read (case_create_many checks it too)
    unit = actor.account.unit
    if unit is not None:
        unit_may_write(actor)  # R-U05: 423 before the sheet is read
    rows = read_rows(content)
    outcome = case_create_many(
        actor, [data for _, data, _ in rows], prior_errors={i: e for i, (_, _, e) in enumerate(rows) if e}
    )
    results: list[dict[str, Any]] = []
    for (number, _, _), result in zip(rows, outcome, strict=True):
        if isinstance(result, Case):
            results.append({"row": number, "application_id": result.pk, "number": result.number})
            continue
        items = []
        for error in result:
            col = column_for(error.field)
            if col is not None and "column" not in error.extra:
                error = ErrorItem(f"{col.title}：{error.message}", error.rule, error.field,
                                  {**error.extra, "column": col.title})
            items.append(error.as_dict())
        results.append({"row": number, "errors": items})
    return results
