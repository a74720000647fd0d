"""The unit object of api.md "Units", and the answer of the operator's password reset (R-W12)."""

from core import clock
from penalties.models import Penalty
from penalties.presenters import penalty_out
from units.models import Unit
from units.operator_password import PasswordReset
from units.schemas import OperatorPasswordOut, UnitOut
from units.selectors import unit_standing


def unit_out(unit: Unit) -> UnitOut:
    today = clock.today()
    standing = unit_standing(unit, today)
    restrictions: list[Penalty] = standing["restrictions"]  # type: ignore[assignment]
    return UnitOut(
        id=unit.pk,
        name=unit.name,
        uscc=unit.uscc,
        entity_type=unit.entity_type,
        district=unit.district_id,
        status=unit.status_on(today),  # frozen by R-I02 even before the daily job ran
        address=unit.address,
        new_applications_blocked=standing["new_applications_blocked"],
        disqualified=standing["disqualified"],
        permit_count=standing["permit_count"],
        permit_cap=unit.permit_cap,
        restrictions=[penalty_out(p) for p in restrictions],
    )


def operator_password_out(reset: PasswordReset) -> OperatorPasswordOut:
    return OperatorPasswordOut(username=reset.username, temporary_password=reset.temporary_password)
