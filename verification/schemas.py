import datetime as dt

from ninja import Field, Schema


class VerifyIn(Schema):
    permit_no: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=60)
    card_version: int | None = Field(default=None, ge=1)


class VerifyOut(Schema):
    """R-S01: nothing beyond these fields. `superseded` carries only `result` and `permit_no`."""

    result: str = Field(
        description="valid | frozen | expired | lapsed | cancelled | reported_lost (R-W11) | superseded"
    )
    permit_no: str
    holder_name_masked: str | None = None
    unit_name: str | None = None
    expiry_date: dt.date | None = None


class NotFoundOut(Schema):
    result: str = Field(description="not_found")
