"""Security decision 17: exports are data, not formulas. Every text cell the system writes to an
.xlsx that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is written as a text cell
(type "s", never "f") with Excel's quote prefix, so the spreadsheet shows the text exactly as typed
and neither opening nor editing the cell turns it into a formula (OWASP "CSV injection"). Every
xlsx writer (documents.exports, documents.templates) passes user-supplied text through here."""

from typing import Any

from openpyxl.cell import Cell, WriteOnlyCell

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    """Whether a spreadsheet could read `value` as a formula (or the start of one)."""
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def as_text(cell: Cell) -> Cell:
    """`cell`, its formula-like text value kept as text; any other value is left as it is."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def text_value(ws: Any, value: Any) -> Any:
    """`value` for `ws.append`: unchanged, or a text cell when it is formula-like (a write-only
    sheet takes no styles afterwards, so the cell carries them)."""
    return as_text(WriteOnlyCell(ws, value=value)) if formula_like(value) else value


def text_row(ws: Any, values: list[Any]) -> list[Any]:
    """A row for `ws.append` with every formula-like text kept as text."""
    return [text_value(ws, value) for value in values]
