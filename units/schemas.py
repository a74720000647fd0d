from typing import Literal

from ninja import Schema
from pydantic import Field

from core.phones import PHONE_DESCRIPTION, Phone
from core.schemas import Out
from core.strict import Bool, Int, Strict
from penalties.schemas import PenaltyOut
from units.models import UnitStatus

DistrictCode = str
# 拟办证人数: a unit registers to apply for permits (篇2 企业注册: its application states how many), so at
# least one; api.md sets no bound. The site's registration form takes the same bound.
PLANNED_PERMITS_MIN = 1


class OperatorIn(Schema):
    name: str = Field(min_length=1, max_length=60)
    id_number: str = Field(min_length=1, max_length=32)
    phone: Phone = Field(min_length=1, max_length=20, description=PHONE_DESCRIPTION)
    email: str | None = Field(
        default=None,
        max_length=254,
        description="Optional: the operator's email address, where the unit's reminders are sent.",
        json_schema_extra={"format": "email"},
    )


class RegisterIn(Schema):
    name: str = Field(min_length=2, max_length=200)
    uscc: str = Field(min_length=1, max_length=32)
    entity_type: str = Field(min_length=1, max_length=40)
    district: str = Field(min_length=1, max_length=20)
    address: str = Field(min_length=1, max_length=300)
    main_business: str = Field(min_length=1, max_length=500)
    last_year_tax_cny: Int = Field(ge=0)
    employee_count: Int = Field(ge=0)
    planned_permit_count: Int = Field(ge=PLANNED_PERMITS_MIN)
    legal_representative: str = Field(min_length=1, max_length=60)
    high_tech: Bool = False
    registered_capital_cny: Int | None = Field(default=None, ge=0)
    operator: OperatorIn
    username: str = Field(min_length=3, max_length=150, pattern=r"^[\w.@+-]+$")
    password: str = Field(min_length=1, max_length=128)


class VerificationIn(Schema):
    decision: Literal["approve", "reject"]
    materials_received: list[str] = []
    note: str = ""


class NoteIn(Schema):
    note: str = ""


class CapIn(Schema):
    permit_cap: Int = Field(ge=0, le=100000)
    note: str = Field(min_length=1)


class OperatorPasswordResetIn(Strict):
    """R-W12 at the window: the materials the district received (PWD-01) and a note."""

    materials_received: list[str] = Field(
        default_factory=list, max_length=20, description="The codes received: `PWD-01` (R-W02)."
    )
    note: str = Field(default="", max_length=4000)


class OperatorPasswordOut(Out):
    """The operator's username and the temporary password, shown once (R-W12)."""

    username: str
    temporary_password: str = Field(
        description="Shown this once, never stored in clear: it works only to set a new password "
        "(POST /api/v1/auth/password); every other call answers 403 `password_change_required`."
    )


class UnitOut(Out):
    """The unit object of api.md "Units"."""

    id: int
    name: str
    uscc: str
    entity_type: str = Field(description="One of `GET /api/v1/reference/entity-types` (R-U01).")
    district: str
    status: UnitStatus = Field(description="As of today: `frozen` by R-I02 even before the daily job ran.")
    address: str
    new_applications_blocked: bool = Field(description="A suspension in force (R-B02, R-B04).")
    disqualified: bool = Field(description="A disqualification in force (R-B03).")
    permit_count: int = Field(description="Live permits held (R-U04).")
    permit_cap: int | None = Field(
        description="R-U04: 5 for a branch unless a city approver set another; null: no cap."
    )
    restrictions: list[PenaltyOut] = Field(description="The penalties in force on the unit.")
