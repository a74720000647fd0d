"""api.md `POST /api/v1/search`: the request and its answer."""

from typing import Literal

from pydantic import Field

from core.schemas import Out, Sparse
from core.strict import Strict

MAX_Q = 500  # a card's QR link is the longest thing a scanner types (about 150 characters)


class SearchIn(Strict):
    """The text in the body, never in a query string (security decision 15: a full ID number must
    not reach an access log). Empty or blank finds nothing (200, no items)."""

    q: str = Field(
        max_length=MAX_Q,
        description="A case number, a permit number, a full 身份证 number, or what a scanner types "
        "from a form's or a card's QR code; lower case, full width and spaces are read as typed.",
    )


class SearchHitOut(Sparse):
    """A case (`id`, `number`, and `permit_no` when it concerns one) or a permit (`permit_no`)."""

    kind: Literal["case", "permit"]
    id: int | None = Field(default=None, description="The case's id (kind `case`).")
    number: str | None = Field(default=None, description="The case number (kind `case`).")
    permit_no: str | None = Field(
        default=None, description="The permit (kind `permit`), or the one the case concerns or issued."
    )
    status: str = Field(description="The case's status, or the permit's as of today (lifecycle.md).")
    unit_name: str
    name_masked: str = Field(
        description="The applicant's or holder's name, masked after its first character (R-S01); "
        "empty for a change of the unit's own details."
    )


class SearchOut(Out):
    items: list[SearchHitOut]
