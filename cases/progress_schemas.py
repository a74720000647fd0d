"""api.md `GET /api/v1/progress`: the query and the answer (cases.progress fills it in)."""

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from core.schemas import Out

StepCode = Literal[
    "submitted", "district_review", "city_approval", "ready_for_collection", "collected", "decided"
]


class ProgressIn(Schema):
    number: str = Field(min_length=1, max_length=40, description="The case number (办件编号), as typed.")
    name: str = Field(
        min_length=1, max_length=200,
        description="The applicant's (holder's) full name; for a `unit_info_change`, the unit's name.",
    )


class StepOut(Out):
    step: StepCode
    done: bool
    on: dt.date | None = Field(description="The day the step was done (Beijing time); null while it is not.")


class ProgressOut(Out):
    """Nothing beyond api.md's fields: no name, no ID number, no note (R-S01's rule for public reads)."""

    number: str
    type: str = Field(description="The case type (api.md \"Fields by type\").")
    status: str = Field(description="The case status (lifecycle.md).")
    steps: list[StepOut] = Field(description="The steps of the type's route, in order; a case ended early "
                                             "(rejected, withdrawn) ends with `decided`.")
    next: str = Field(description="What the unit or the holder does next, in Chinese.")


class ProgressNotFoundOut(Schema):
    """The 404's own key, on top of the problem+json it is answered with (config.openapi), as
    /verify's: open, since the problem's keys come with it."""

    result: Literal["not_found"]
