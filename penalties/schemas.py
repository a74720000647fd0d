import datetime as dt

from pydantic import Field

from core.schemas import Out
from penalties.models import FindingOutcome, PenaltyKind


class PenaltyOut(Out):
    """The penalty object of api.md. A person penalty names `id_number` (always masked, R-S02), a unit
    penalty `unit_id`; the other is null, as `application_id` is when no case is named."""

    id: int
    kind: PenaltyKind
    unit_id: int | None
    id_number: str | None
    application_id: int | None
    starts_on: dt.date
    ends_on: dt.date | None = Field(description="null: until lifted.")
    lifted_at: dt.datetime | None
    lift_note: str
    note: str = Field(description="The reason (R-B05).")
    created_at: dt.datetime


class PenaltiesOut(Out):
    items: list[PenaltyOut]
    next_cursor: str | None


class FindingOut(Out):
    id: int
    investigation_id: int
    permit_no: str
    outcome: FindingOutcome
    left_on: dt.date | None = Field(description="The day the holder left (`left_not_cancelled`).")
    recorded_at: dt.datetime
    penalty_id: int | None = Field(
        description="The unit's disqualification (R-B03) that a `left_not_cancelled` finding imposed."
    )


class InvestigationOut(Out):
    """A random sample of valid permits (R-C02): `permit_nos` drawn with `random.Random(int(seed))`."""

    id: int
    district: str | None = Field(description="null: the whole city (a city approver named no district).")
    size: int
    seed: str
    created_at: dt.datetime
    permit_nos: list[str]


class InvestigationDetailOut(InvestigationOut):
    findings: list[FindingOut] = Field(description="Recorded so far, oldest first.")
