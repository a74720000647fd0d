"""Answers of the documents endpoints (api.md "Documents"): uploaded copies and the staff import."""

import datetime as dt

from pydantic import Field

from cases.schemas import DocumentBrief
from core.schemas import Out, Sparse


class DocumentOut(DocumentBrief):
    """An uploaded copy, as the upload answers it and the case's list of copies shows it."""

    sha256: str = Field(description="Of the file as stored.")
    uploaded_at: dt.datetime


class DocumentsOut(Out):
    items: list[DocumentOut]


class RowError(Sparse):
    """One thing wrong with a row: `column` is the sheet's column title, `field` the request field."""

    message: str
    rule: str | None = None
    field: str | None = None
    message_zh: str | None = None
    message_en: str | None = None
    column: str | None = None


class ImportedRow(Out):
    row: int = Field(description="The row of the sheet.")
    application_id: int
    number: str = Field(description="The draft's case number.")


class RefusedRow(Out):
    row: int = Field(description="The row of the sheet.")
    errors: list[RowError]


class ImportOut(Out):
    """One result per filled row, in the sheet's order: a draft `new` case, or the row's errors."""

    results: list[ImportedRow | RefusedRow]
