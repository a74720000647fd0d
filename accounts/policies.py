"""Who may do what: one policy per action, declared once (issue 11, point 2).

api.md: 403 "the role may not do this at all", 404 "not yours to see". A policy answers the first
question for one action — which roles may ever do it, each in which scope: its own unit's rows, its
own district's, the whole city's, or only its own account. The same object is read by every entry
point and by the service behind it:

- the API declares it on the route, `@allow(policies.CASE_REVIEW)` (accounts.auth);
- the site declares it on the page, `@office_page(policies.CASE_REVIEW)` (web.access);
- the service asserts it itself, `policies.CASE_REVIEW.check(actor)`, before it reads anything, so
  an entry point that forgot the declaration (or a command, a drill) still cannot act in a role the
  policy does not name.

The second question, which rows of its scope an actor may touch, stays with the scoped selectors
(accounts.scoping: everything else is 404); `check` only refuses an actor that has no anchor for its
scope (a unit account without a unit, a reviewer without a district), which sees nothing: 404.

This module sits low (it needs the roles, the actor and the error hierarchy only), so the services
of every app import it without a cycle: core → accounts.policies → units, cases, permits, …
"""

from dataclasses import dataclass
from enum import StrEnum

from accounts.actor import Actor
from accounts.roles import Role
from core.errors import Forbidden, NotFound


class Scope(StrEnum):
    """Whose rows an actor acts on (accounts.scoping.scoped reads them so)."""

    OWN_UNIT = "own_unit"
    OWN_DISTRICT = "own_district"
    CITY = "city"
    OWN_ACCOUNT = "own_account"


@dataclass(frozen=True)
class Policy:
    """`action` may be done by the roles of `grants`, each in its scope. The order of `grants` is the
    order the API's docs list the roles in ("Roles: …", docs/openapi.json)."""

    action: str
    grants: tuple[tuple[Role, Scope], ...]

    @property
    def roles(self) -> tuple[Role, ...]:
        return tuple(role for role, _ in self.grants)

    def allows(self, role: str) -> bool:
        return role in self.roles

    def scope_of(self, role: str) -> Scope | None:
        return next((scope for granted, scope in self.grants if granted == role), None)

    def forbidden(self) -> Forbidden:
        """The 403 of a role the policy does not name (the API's words since decision 5)."""
        return Forbidden(f"Only these roles may do this: {', '.join(r.value for r in self.roles)}.")

    def check(self, actor: Actor) -> Scope:
        """The service's own assertion: 403 for a role the policy does not name (the public and the
        daily job included), 404 for an actor without the anchor of its scope; else the scope."""
        scope = self.scope_of(actor.role)
        if scope is None or actor.user is None:
            raise self.forbidden()
        if scope == Scope.OWN_UNIT and actor.user.unit_id is None:
            raise NotFound("No such unit.")
        if scope == Scope.OWN_DISTRICT and actor.user.district_id is None:
            raise NotFound("No such district.")
        return scope

    def only(self, *roles: Role) -> "Policy":
        """The same policy for the roles of one portal (the employer portal is the unit's, the
        workbench the officials'): a page of /unit/ reading cases lets in the unit only, although
        the API's case reads serve every role of CASE_READ. It never grants a role the policy lacks."""
        grants = tuple((role, scope) for role, scope in self.grants if role in roles)
        if not grants:
            raise ValueError(f"{self.action}: none of {roles} may do this")
        return Policy(self.action, grants)


U, R, C = Role.UNIT, Role.DISTRICT_REVIEWER, Role.CITY_APPROVER
UNIT, DISTRICT, CITY = Scope.OWN_UNIT, Scope.OWN_DISTRICT, Scope.CITY
READERS = ((U, UNIT), (R, DISTRICT), (C, CITY))  # what every case, permit and unit read grants
OFFICIALS = ((R, DISTRICT), (C, CITY))

# Cases (lifecycle.md; cases.transitions names each move's policy)
CASE_READ = Policy("case.read", READERS)  # the case, its photo, copies, form, letter, exports
CASE_CREATE = Policy("case.create", ((U, UNIT),))  # one draft, or a sheet of them (import)
CASE_PATCH = Policy("case.patch", ((U, UNIT),))
CASE_PHOTO = Policy("case.photo", ((U, UNIT),))
CASE_UPLOAD = Policy("case.upload", ((U, UNIT),))
CASE_SUBMIT = Policy("case.submit", ((U, UNIT),))  # and the resubmission
CASE_WITHDRAW = Policy("case.withdraw", ((U, UNIT),))  # R-W06
CASE_REVIEW = Policy("case.review", ((R, DISTRICT),))  # 初审, R-W03
CASE_APPROVAL = Policy("case.approval", ((C, CITY),))  # 审批, R-W03
CASE_COLLECTION = Policy("case.collection", ((R, DISTRICT),))  # R-W04
CASE_RATE = Policy("case.rate", ((U, UNIT),))  # 好差评

# Units (lifecycle.md "Unit status")
UNIT_READ = Policy("unit.read", READERS)
UNIT_VERIFY = Policy("unit.verify", ((R, DISTRICT),))  # R-U03
UNIT_UNFREEZE = Policy("unit.unfreeze", ((R, DISTRICT),))  # R-I04
UNIT_CAP = Policy("unit.cap", ((C, CITY),))  # R-U04
UNIT_OPERATOR_PASSWORD = Policy("unit.operator_password_reset", ((R, DISTRICT),))  # R-W12, at the window

# Permits, inspections, compliance
PERMIT_READ = Policy("permit.read", READERS)  # the permit, its card, exports
PERMIT_UNFREEZE = Policy("permit.unfreeze", ((R, DISTRICT),))  # R-I05
PERMIT_LOSS_REPORT = Policy("permit.loss_report", ((U, UNIT), (R, DISTRICT)))  # R-W11: online, at the window
PERMIT_LOSS_WITHDRAW = Policy("permit.loss_withdraw", ((R, DISTRICT),))  # R-W11: the card was found
INSPECTION_FILE = Policy("inspection.file", ((U, UNIT),))  # R-I01, the unit's and its holders'
COMPLIANCE_READ = Policy("compliance.read", OFFICIALS)  # omitted cancellations (R-C01)
STATISTICS_READ = Policy("statistics.read", OFFICIALS)

# Penalties and investigations (R-B*, R-C02): person penalties are the whole city's to see and impose
PENALTY_READ = Policy("penalty.read", OFFICIALS)
PENALTY_IMPOSE = Policy("penalty.impose", OFFICIALS)
PENALTY_LIFT = Policy("penalty.lift", ((C, CITY),))  # R-B05
INVESTIGATION_READ = Policy("investigation.read", OFFICIALS)
INVESTIGATION_START = Policy("investigation.start", OFFICIALS)
FINDING_RECORD = Policy("investigation.finding", OFFICIALS)

# The unit's reminders (notices) and the forms it downloads
NOTICE_READ = Policy("notice.read", ((U, UNIT),))
NOTICE_MARK_READ = Policy("notice.mark_read", ((U, UNIT),))
NOTICE_PREFERENCE = Policy("notice.preference", ((U, UNIT),))
TEMPLATE_READ = Policy("template.read", READERS)

# Accounts: every signed-in role over its own account; the reminder address is a unit operator's
ACCOUNT_SELF = Policy("account.self", tuple((role, Scope.OWN_ACCOUNT) for role in Role))
ACCOUNT_EMAIL = Policy("account.email", ((U, Scope.OWN_ACCOUNT),))  # decision 47

# The audit log (security decision 13: the auditor reads it, and nothing else)
AUDIT_READ = Policy("audit.read", ((Role.AUDITOR, CITY),))

# Finding a case or a permit by its number or the holder's 身份证 number (api.md `POST /search`): the
# officials who work the cases, each in the scope of its lists. Not the auditor (security decision 13:
# the audit log and nothing else) nor a unit (its own lists show everything it has).
SEARCH = Policy("search.read", OFFICIALS)  # a read sent by POST (the text may be an ID number)

POLICIES: dict[str, Policy] = {p.action: p for p in list(globals().values()) if isinstance(p, Policy)}
