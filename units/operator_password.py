"""R-W12: the operator's password reset at the district window (篇2 单位信息变更 (5) 单位查询密码).

A unit whose operator lost the password brings the original of its business licence (PWD-01) to
its district's window; the reviewer ticks it received and resets the password. The operator gets a
temporary password, shown once to the reviewer to hand over (api.md: `{"username",
"temporary_password"}`; only its hash is stored), every session and token of the account ends at
once, and the temporary password works only to set a new one (`User.must_change_password`: the API
answers 403 `password_change_required`, accounts.auth; the site leads to the change form,
web.access). The username's sign-in lockout is lifted: an operator who lost the password has
usually locked it by guessing (security decision 2)."""

import secrets
from dataclasses import dataclass

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import policies
from accounts.actor import Actor
from accounts.models import User
from accounts.roles import Role
from audit.services import audit_record
from core.errors import BadRequest, Conflict, ErrorItem, NotFound, RuleViolation
from rules.checklists import PWD_CHECKLIST
from rules.process import r_w02_missing
from units.models import Unit
from units.selectors import units_visible_to

# Read off a printed slip and typed by hand: no 0/O/o, 1/l/I/i look-alikes.
ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GROUPS, GROUP_LENGTH = 3, 4  # "k7Pq-3xMw-9tZr": 12 random characters, about 69 bits
REFUSED = ("不能重置经办人密码", "The operator's password cannot be reset")  # R-W02's words here


@dataclass(frozen=True)
class PasswordReset:
    """What the reviewer hands the operator: the account's username and its temporary password."""

    unit: Unit
    username: str
    temporary_password: str


def temporary_password(account: User) -> str:
    """A random password in groups of four, one that the account's password validators accept."""
    while True:
        candidate = "-".join(
            "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS)
        )
        try:
            validate_password(candidate, account)
        except ValidationError:  # vanishingly rare (the similarity check): draw again
            continue
        return candidate


def _checked_codes(materials_received: list[str]) -> list[str]:
    """The codes ticked, each one of the PWD list (400 naming the field otherwise)."""
    known = {item.code for item in PWD_CHECKLIST}
    unknown = sorted(set(materials_received) - known)
    if unknown:
        raise BadRequest(
            "Unknown material code.",
            [ErrorItem(f"未知的材料编号：{'、'.join(unknown)} / unknown material code(s): "
                       f"{', '.join(unknown)}", field="materials_received")],
        )
    return sorted(set(materials_received))


def operator_password_reset(actor: Actor, unit_id: int, *, materials_received: list[str],
                            note: str) -> PasswordReset:
    """R-W12 at the window, by a reviewer of the unit's district (another district's unit: 404):
    PWD-01 received (R-W02, 422), then a temporary password for the unit's operator account, every
    session and token of it ended, its lockout lifted, and one audit row that never holds the
    password. Any status of the unit: a frozen or pending unit's operator needs to sign in too."""
    policies.UNIT_OPERATOR_PASSWORD.check(actor)
    codes = _checked_codes(materials_received)
    with transaction.atomic():
        unit = units_visible_to(actor.account).select_for_update(of=("self",)).filter(pk=unit_id).first()
        if unit is None:
            raise NotFound("No such unit.")
        failures = r_w02_missing(PWD_CHECKLIST, codes, refused=REFUSED)
        if failures:
            raise RuleViolation("The password was not reset.", [f.as_error_item() for f in failures])
        account = User.objects.select_for_update().filter(unit=unit, role=Role.UNIT).order_by("pk").first()
        if account is None:
            raise Conflict("The unit has no operator account.",
                           [ErrorItem("该单位没有经办人账户 / the unit has no operator account")])
        password = temporary_password(account)
        account.set_password(password)
        account.must_change_password = True
        account.password_changed_at = timezone.now()
        account.save(update_fields=["password", "must_change_password", "password_changed_at"])
        account.end_all_sessions()  # security decision 4: sessions and tokens, at once
        axes_reset(username=account.get_username())
        audit_record(actor, "unit.operator_password_reset", unit,
                     after={"username": account.get_username(), "materials_received": codes, "note": note,
                            "sessions_ended": True, "must_change_password": True})
    return PasswordReset(unit=unit, username=account.get_username(), temporary_password=password)
