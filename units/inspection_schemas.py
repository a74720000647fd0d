"""Requests and answers of the annual inspection (api.md "Annual inspection (年检)")."""

from typing import Literal

from ninja import Schema
from pydantic import Field

from core.schemas import Out, Sparse
from units.inspection import MAX_PERMITS_PER_REQUEST


class PersonsIn(Schema):
    permit_nos: list[str] = Field(min_length=1, max_length=MAX_PERMITS_PER_REQUEST)


class UnitInspectionOut(Out):
    year: int
    unit_id: int
    status: Literal["approved"]


class PersonApproved(Out):
    permit_no: str = Field(description="As it was sent.")
    status: Literal["approved"]


class Refusal(Sparse):
    status: int = Field(description="404 (no such permit of the unit) or 409 (cancelled, lapsed, frozen, "
                        "or inspected already this year).")
    rule: str | None = None
    message: str


class PersonRefused(Out):
    permit_no: str = Field(description="As it was sent.")
    error: Refusal


class PersonsOut(Out):
    """One result per number sent, in order; one bad number does not spoil the others."""

    results: list[PersonApproved | PersonRefused]
