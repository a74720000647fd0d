"""What a unit sees of the holder of a permit it does not hold (docs/decisions.md, "A permit held
elsewhere").

An employer change names a permit held by another unit: the new unit files it, before the permit
moves. Until the change is approved and the permit is the filing unit's, that unit sees the holder's
name only masked (as /verify's `holder_name_masked`) and never the ID number, wherever it reads the
case: the case object and lists (cases.presenters), its web pages, the exports and the letter.
Officials see everything. Every such place asks this module, and nothing else decides it.
"""

from typing import TYPE_CHECKING

from accounts.roles import Role
from core.crypto import mask_name

if TYPE_CHECKING:
    from cases.models import Case


def holder_hidden(case: "Case", role: str) -> bool:
    """True when `role` (the reader's) is a unit's and `case` is an employer change whose permit is
    still held by another unit than the case's."""
    from cases.models import CaseType

    if role != Role.UNIT or case.type != CaseType.EMPLOYER_CHANGE or not case.permit_id:
        return False
    return case.permit.unit_id != case.unit_id  # type: ignore[union-attr]


def applicant_name(case: "Case", role: str) -> str:
    """The applicant's (or holder's) name as `role` may read it on `case`."""
    return mask_name(case.applicant_name) if holder_hidden(case, role) else case.applicant_name


def holder_id_number(case: "Case", role: str) -> str:
    """The holder's full ID number as `role` may read it on `case`: "" when hidden."""
    if case.permit is None or holder_hidden(case, role):
        return ""
    return case.permit.holder.id_number
