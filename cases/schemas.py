"""Request shapes of api.md "Fields by type". A malformed field is a 400; a missing section is
allowed in a draft and refused at submit by the rule that needs it. Then the case object the API
answers with (cases.presenters fills it in), whose `data` those request shapes describe."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from cases.models import CaseStatus, CaseType
from core.numbers import normalise_number
from core.phones import PHONE_DESCRIPTION, Phone
from core.schemas import DescribedAs, Out, Sparse
from core.strict import Bool, Date, Int, Strict
from permits.schemas import DependentsIn, ResidenceIn

Payer = Literal["unit", "agency"]
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class MonthPaid(Strict):
    month: str = Field(pattern=MONTH)
    payer: Payer


class PersonIn(Strict):
    name: str = Field(min_length=1, max_length=60)
    id_number: str = Field(min_length=1, max_length=32)
    sex: Literal["M", "F"] | None = None
    birth_date: Date | None = None
    hukou: str = Field(default="", max_length=200)
    phone: Phone = Field(default="", max_length=20, description=PHONE_DESCRIPTION)
    degree: Literal["none", "associate", "bachelor", "master", "doctor"] = "none"
    degree_awarded_on: Date | None = None
    work_started_on: Date | None = None
    title_level: Literal["none", "junior", "intermediate", "deputy_senior", "senior"] = "none"
    special_talent_justification: str = Field(default="", max_length=4000)
    shortage_catalogue_code: str = Field(default="", max_length=20)

    @field_validator("id_number")
    @classmethod
    def _upper(cls, v: str) -> str:
        return v.strip().upper()


class EmploymentIn(Strict):
    started_on: Date | None = None
    contract_ends_on: Date | None = None

    @field_validator("contract_ends_on")
    @classmethod
    def _ends_after_it_starts(cls, ends: dt.date | None, info: ValidationInfo) -> dt.date | None:
        """A contract that ends before it starts is malformed (400 on `contract_ends_on`), in a draft
        too; one that ends on the day it starts is left to the rules."""
        started = info.data.get("started_on")
        if ends is not None and started is not None and ends < started:
            raise PydanticCustomError("contract_order", _(
                "劳动合同截止日期（{ends}）早于入职日期（{started}），请核对"
            ), {"ends": str(ends), "started": str(started)})
        return ends


class NewData(Strict):
    person: PersonIn | None = None
    employment: EmploymentIn | None = None
    residence: ResidenceIn | None = None
    tax_months: list[MonthPaid] | None = Field(default=None, max_length=240)
    social_insurance_months: list[MonthPaid] | None = Field(default=None, max_length=240)
    dependents: DependentsIn | None = None


class DecisionIn(Schema):
    decision: Literal["pass", "reject", "request_supplement"]
    materials_received: list[str] = Field(default_factory=list, max_length=100)
    missing: list[str] = Field(default_factory=list, max_length=100)
    note: str = Field(default="", max_length=4000)


class ApprovalIn(Schema):
    decision: Literal["approve", "reject"]
    note: str = Field(default="", max_length=4000)
    confirm_special_talent: Bool = False


class CollectionIn(Schema):
    collected_by: Literal["holder", "operator"]
    note: str = Field(default="", max_length=4000)


def _typed_number(value: Any) -> Any:
    """A permit number as the unit typed it (lower case, full width, spaces: core.numbers), kept as
    issued, so the case's data and its lookups name the permit one way."""
    return normalise_number(value) if isinstance(value, str) else value


PermitNo = Annotated[str, BeforeValidator(_typed_number), Field(min_length=1, max_length=20)]


class RenewalEmployment(Strict):
    contract_ends_on: Date | None = None


class RenewalData(Strict):
    permit_no: PermitNo
    employment: RenewalEmployment | None = None
    tax_months: list[MonthPaid] | None = Field(default=None, max_length=600)
    social_insurance_months: list[MonthPaid] | None = Field(default=None, max_length=600)


class EmployerChangeData(Strict):
    permit_no: PermitNo
    left_previous_on: Date
    starts_on: Date
    employment: EmploymentIn | None = None


class AddressChangeData(Strict):
    permit_no: PermitNo
    residence: ResidenceIn | None = None


class DependentsChangeData(Strict):
    permit_no: PermitNo
    dependents: DependentsIn | None = None


class ReplacementData(Strict):
    permit_no: PermitNo
    reason: Literal["lost", "damaged", "other"]
    reason_detail: str = Field(default="", max_length=1000)


class GeneralChanges(Strict):
    name: str | None = Field(default=None, min_length=1, max_length=60)
    id_number: str | None = Field(default=None, min_length=1, max_length=32)
    hukou: str | None = Field(default=None, min_length=1, max_length=200)

    @field_validator("id_number")
    @classmethod
    def _upper(cls, v: str | None) -> str | None:
        return v.strip().upper() if v else v


class GeneralChangeData(Strict):
    permit_no: PermitNo
    changes: GeneralChanges


class UnitChanges(Strict):
    name: str | None = Field(default=None, min_length=2, max_length=200)
    address: str | None = Field(default=None, min_length=1, max_length=300)
    district: str | None = Field(default=None, min_length=1, max_length=20)
    legal_representative: str | None = Field(default=None, min_length=1, max_length=60)
    uscc: str | None = Field(default=None, min_length=1, max_length=32)
    registered_capital_cny: Int | None = Field(default=None, ge=0)
    high_tech: Bool | None = None

    @field_validator("uscc")
    @classmethod
    def _upper(cls, v: str | None) -> str | None:
        return v.strip().upper() if v else v


class UnitInfoChangeData(Strict):
    changes: UnitChanges


class CancellationData(Strict):
    permit_no: PermitNo
    left_on: Date


# --- answers: the case object of api.md "Applications (cases)" -----------------------------------------

# What `data` holds: the request's fields as the type's schema above validated them (nulls left out).
CaseData = Annotated[
    dict[str, Any],
    DescribedAs(
        NewData | RenewalData | EmployerChangeData | AddressChangeData | DependentsChangeData
        | ReplacementData | GeneralChangeData | UnitInfoChangeData | CancellationData
    ),
]


class ChecklistEntryOut(Out):
    code: str = Field(description="A material of materials.md, e.g. `NEW-03`.")
    title: str
    required: bool
    received: bool = Field(description="Ticked by the district at the window (R-W02).")


class FailureOut(Sparse):
    """A rule the case fails as of today; `message` in the reader's language, both languages beside it."""

    rule: str
    message: str
    message_zh: str
    message_en: str
    field: str | None = Field(default=None, description="A dotted path into `data`, when the rule names one.")


class EligibilityOut(Sparse):
    eligible: bool
    failures: list[FailureOut]
    needs_discretion: list[str] | None = Field(
        default=None,
        description='`["R-P03"]` while eligibility rests on R-P03(c) alone and the city has not confirmed '
        "it; absent otherwise.",
    )


class HistoryEntryOut(Out):
    at: dt.datetime
    actor_role: str = Field(description="The role of the one who acted, or `system` for the daily job.")
    action: str
    from_status: CaseStatus | None
    to_status: CaseStatus
    note: str


class DocumentBrief(Out):
    """An uploaded copy as the case object lists it."""

    id: int
    item_code: str = Field(description="The checklist item the copy is of, e.g. `NEW-07`.")
    original_name: str
    content_type: str = Field(description="`application/pdf`, `image/jpeg` or `image/png`.")
    size: int = Field(description="Bytes, of the file as stored (images are stored re-encoded, decision 82).")


class CaseSummaryOut(Out):
    """The case object as lists show it (decision 6): without `eligibility`, ID and phone numbers in
    `data` masked (R-S02)."""

    id: int
    number: str
    type: CaseType
    status: CaseStatus
    unit_id: int
    unit_name: str
    district: str = Field(description="The unit's district (decision 11).")
    permit_no: str | None = Field(description="The permit concerned, or issued; null for none (yet).")
    applicant_name: str = Field(description="Masked to a unit that does not hold the permit (cases.privacy).")
    data: CaseData = Field(description='The request\'s fields ("Fields by type").')
    checklist: list[ChecklistEntryOut]
    materials_missing: list[str] = Field(description="The codes the district asked for (R-W07).")
    has_photo: bool
    documents: list[DocumentBrief] = Field(description="The copies uploaded (in full: GET …/documents).")
    late: bool = Field(description="A cancellation filed after its deadline (R-C01).")
    history: list[HistoryEntryOut]
    created_at: dt.datetime
    submitted_at: dt.datetime | None


class CaseOut(CaseSummaryOut):
    """The full case object: personal data unmasked (each such view is audited, R-S02) and its
    eligibility computed as of today."""

    eligibility: EligibilityOut


class CasesOut(Out):
    items: list[CaseSummaryOut]
    next_cursor: str | None
