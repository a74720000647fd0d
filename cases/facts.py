"""Builds the facts the rules look at (rules.facts) from the database, as of a date."""

import datetime as dt

from cases.models import SUBMITTED_OPEN_STATUSES, Case, CaseType
from core import crypto
from penalties.models import Penalty, PenaltyKind
from penalties.selectors import unit_restrictions
from permits.models import Permit
from reference.models import ShortageCatalogueEntry
from rules.facts import CaseFacts, NewCaseFacts, PermitFacts, UnitFacts
from units.models import Unit

# R-U04: what brings a permit into a unit, counted while submitted and open (spec 1.1).
CAP_TYPES = (CaseType.NEW, CaseType.EMPLOYER_CHANGE)


def unit_facts(unit: Unit, today: dt.date, exclude_case: Case | None = None) -> UnitFacts:
    """R-U04 counts the unit's live permits plus its submitted, still open `new` and
    `employer_change` cases (an employer change is filed by the unit it moves the permit into);
    drafts count for nobody. `exclude_case` is the case judged, with the permit it issued or moved in
    once approved, so a case never counts against itself."""
    restrictions = unit_restrictions(unit.pk, today)
    held_permits = Permit.objects.live(today).filter(unit=unit)
    pending = Case.objects.filter(unit=unit, type__in=CAP_TYPES, status__in=SUBMITTED_OPEN_STATUSES)
    if exclude_case is not None:
        pending = pending.exclude(pk=exclude_case.pk)
        if exclude_case.permit_id is not None and exclude_case.type in CAP_TYPES:
            held_permits = held_permits.exclude(pk=exclude_case.permit_id)
    held = held_permits.count()
    return UnitFacts(
        status=unit.status_on(today),
        entity_type=unit.entity_type,
        new_applications_blocked=restrictions.new_applications_blocked,
        disqualified=restrictions.disqualified,
        permit_cap=unit.permit_cap,
        permits_held=held + pending.count(),
    )


def new_case_facts(case: Case, today: dt.date) -> NewCaseFacts:
    person = (case.data or {}).get("person") or {}
    index = crypto.blind_index(person.get("id_number") or "")
    disqualified = has_live = other_open = False
    if index:
        disqualified = (
            Penalty.objects.in_force(today)
            .filter(person_id_index=index, kind=PenaltyKind.PERSON_FALSE_MATERIALS)
            .exists()
        )
        live = Permit.objects.live(today).filter(holder__id_index=index)
        if case.permit_id is not None:  # a permit other than the one this case issued
            live = live.exclude(pk=case.permit_id)
        has_live = live.exists()
        other_open = (  # at any unit, submitted: another unit's draft never blocks (spec 1.1)
            Case.objects.filter(type=CaseType.NEW, applicant_id_index=index)
            .filter(status__in=SUBMITTED_OPEN_STATUSES)
            .exclude(pk=case.pk)
            .exists()
        )
    return NewCaseFacts(
        data=case.data or {},
        unit=unit_facts(case.unit, today, exclude_case=case),
        has_photo=bool(case.photo_name),
        applicant_disqualified=disqualified,
        applicant_has_live_permit=has_live,
        applicant_other_open_new_case=other_open,
        shortage_codes=frozenset(
            ShortageCatalogueEntry.objects.filter(active=True).values_list("code", flat=True)
        ),
        special_talent_confirmed=case.special_talent_confirmed,
    )


def permit_facts(permit: Permit | None, today: dt.date) -> PermitFacts | None:
    if permit is None:
        return None
    status = Permit.objects.get(pk=permit.pk).status_on(today)
    return PermitFacts(
        permit_no=permit.permit_no,
        status=status,
        unit_id=permit.unit_id,
        issue_date=permit.issue_date,
        period_start=permit.period_start,
        expiry_date=permit.expiry_date,
        cancelled_on=permit.cancelled_on,
        cancel_reason=permit.cancel_reason,
        holder_name=permit.holder.name,
        holder_sex=permit.holder.sex,
        past_lapse_date=permit.lapses_on < today,
    )


def case_facts(case: Case, today: dt.date) -> CaseFacts:
    """Facts of every type but `new`: the filing unit and the permit the case concerns."""
    unit = case.unit
    return CaseFacts(
        case_type=case.type,
        data=case.data or {},
        unit=unit_facts(unit, today, exclude_case=case),
        unit_id=unit.pk,
        permit=permit_facts(case.permit, today),
        current_unit={
            "name": unit.name,
            "address": unit.address,
            "district": unit.district_id,
            "legal_representative": unit.legal_representative,
            "uscc": unit.uscc,
            "registered_capital_cny": unit.registered_capital_cny,
            "high_tech": unit.high_tech,
        },
    )
