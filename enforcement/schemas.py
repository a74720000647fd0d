"""Requests of api.md "Penalties and investigations" (the answers are penalties.schemas)."""

from typing import Literal

from ninja import Schema
from pydantic import Field

from core.strict import Date, Int
from enforcement.services import MAX_SAMPLE

# The kinds an official imposes (R-B04's suspension is the daily job's).
OfficialKind = Literal[
    "person_false_materials", "unit_negligent_review", "unit_false_declaration", "unit_review_failure"
]


class PenaltyIn(Schema):
    kind: OfficialKind
    id_number: str | None = Field(default=None, max_length=32)
    unit_id: Int | None = None
    application_id: Int | None = None
    note: str = Field(default="", max_length=2000)  # required by R-B05: a blank one is 422


class PenaltyLookupIn(Schema):
    """POST /penalties/lookup: a person's full ID number travels in the body, never in a URL
    (security decision 15)."""

    id_number: str = Field(min_length=1, max_length=32)


class LiftIn(Schema):
    note: str = Field(default="", max_length=2000)  # required by R-B05: a blank one is 422


class InvestigationIn(Schema):
    size: Int = Field(ge=1, le=MAX_SAMPLE)
    district: str | None = Field(default=None, min_length=1, max_length=20)  # the city's choice (R-C02)


class FindingIn(Schema):
    permit_no: str = Field(min_length=1, max_length=20)
    outcome: Literal["employed", "left_not_cancelled"]
    left_on: Date | None = None
