"""The penalty, investigation and finding objects of api.md "Penalties and investigations"."""

from core.crypto import mask_id
from penalties.models import Finding, Investigation, Penalty
from penalties.schemas import FindingOut, InvestigationDetailOut, InvestigationOut, PenaltyOut


def penalty_out(p: Penalty) -> PenaltyOut:
    """A person's ID number is always masked (R-S02)."""
    return PenaltyOut(
        id=p.pk,
        kind=p.kind,
        unit_id=p.unit_id,
        id_number=mask_id(p.id_number) or None,
        application_id=p.application_id,
        starts_on=p.starts_on,
        ends_on=p.ends_on,
        lifted_at=p.lifted_at,
        lift_note=p.lift_note,
        note=p.note,
        created_at=p.created_at,
    )


def finding_out(f: Finding) -> FindingOut:
    return FindingOut(
        id=f.pk,
        investigation_id=f.investigation_id,
        permit_no=f.permit.permit_no,
        outcome=f.outcome,
        left_on=f.left_on,
        recorded_at=f.recorded_at,
        penalty_id=f.penalty_id,
    )


def investigation_out(i: Investigation) -> InvestigationOut:
    return InvestigationOut(
        id=i.pk, district=i.district_id, size=i.size, seed=i.seed, created_at=i.created_at,
        permit_nos=i.permit_nos,
    )


def investigation_detail(i: Investigation, findings: list[Finding]) -> InvestigationDetailOut:
    findings_out = [finding_out(f) for f in findings]
    return InvestigationDetailOut(**dict(investigation_out(i)), findings=findings_out)
