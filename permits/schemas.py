"""Answers of the permits endpoints (api.md "Permits") and of the compliance lists (R-C01), and the
permit's residence and dependents sections as cases send them."""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field

from core.schemas import DescribedAs, NoSection, Out
from core.strict import Bool, Date, Strict
from permits.models import PermitStatus


# A permit's residence and dependents sections as the cases that set them send them (api.md
# "Fields by type"), and as the permit answers them.
class ResidenceIn(Strict):
    address: str = Field(min_length=1, max_length=300)
    district: str = Field(min_length=1, max_length=20)
    housing_type: Literal["owned", "rented", "public_rented", "borrowed"]
    lease_ends_on: Date | None = None


class SpouseIn(Strict):
    name: str = Field(min_length=1, max_length=60)
    id_number: str = Field(min_length=1, max_length=32)
    beijing_employment_contract: Bool = False
    contract_ends_on: Date | None = None  # R-D01: less than 2 months left asks for the renewed one


class ChildIn(Strict):
    name: str = Field(min_length=1, max_length=60)
    id_number: str = Field(min_length=1, max_length=32)
    school_level: Literal["none", "kindergarten", "primary", "junior", "senior", "university"] = "none"


class DependentsIn(Strict):
    marital_status: Literal["single", "married", "divorced", "widowed"] = "single"
    custody_judgment: Bool = False
    spouse: SpouseIn | None = None
    children: list[ChildIn] = Field(default_factory=list, max_length=20)

class LossReportIn(Strict):
    """POST /permits/{permit_no}/loss-report (R-W11): how the card was lost, if the unit says."""

    note: str = Field(default="", max_length=2000)


class LossReportWithdrawIn(Strict):
    """POST /permits/{permit_no}/loss-report/withdraw (R-W11): the reason is required — a blank one is
    422 naming R-W11, not a 400, so that the clerk reads the rule."""

    note: str = Field(default="", max_length=2000)


class HolderOut(Out):
    name: str
    id_number: str = Field(
        description="In full on one permit (each such view is audited), masked in lists (R-S02)."
    )


class PermitOut(Out):
    """The permit object of api.md."""

    permit_no: str
    status: PermitStatus = Field(description="As of today (lifecycle.md).")
    holder: HolderOut
    unit_id: int
    unit_name: str
    issue_date: dt.date
    first_issued_on: dt.date = Field(description="Kept by renewals without a gap (R-V03).")
    expiry_date: dt.date
    card_version: int
    residence: Annotated[dict[str, Any], DescribedAs(ResidenceIn | NoSection)] = Field(
        description='The residence section of the case that issued the permit or last changed it ("Fields by '
        'type"); `{}` when none was filed.'
    )
    dependents: Annotated[dict[str, Any], DescribedAs(DependentsIn)] = Field(
        description="The dependents section, likewise; its ID numbers masked in lists (R-S02); `{}` when "
        "none was filed."
    )
    frozen: bool
    reported_lost: bool = Field(
        description="R-W11: the card is reported lost (挂失); verification answers `reported_lost` until a "
        "replacement card is collected or the district withdraws the report."
    )
    inspected_years: list[int]
    talent_introduction_eligible: bool = Field(description="R-V03: valid and held for 3 years without a gap.")


class PermitsOut(Out):
    items: list[PermitOut]
    next_cursor: str | None


class OmittedCancellationOut(Out):
    """A permit that moved to a new unit although the former unit never cancelled it (R-C01)."""

    permit_no: str
    former_unit_id: int
    former_unit_name: str
    new_unit_id: int
    left_on: dt.date
    transferred_on: dt.date
    application_id: int = Field(description="The employer change that moved the permit.")
    application_number: str


class OmittedCancellationsOut(Out):
    items: list[OmittedCancellationOut]
    next_cursor: str | None
