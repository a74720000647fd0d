"""The case lifecycle as one table (lifecycle.md "Application status"; issue 11, point 1).

Every action a case knows is a row, or a few rows where the case types differ: the statuses it
may start from, the status it leads to (None: the status stays, as for an edit or an upload), the
types it applies to, the decision that picks the row (the review's and the approval's) and the
policy of who may do it (accounts.policies). The services lock a case for an action with
`cases.services._lock`, which refuses a status the table does not list (409) and an action it does
not know (UnknownAction: a programming error, never a silent pass). Every status set the site and
the services ask is read from here: "may this role do that to this case now?" is `may` (the flags of
the employer portal and the officials' case page), the rest are the sets at the end.

The routes of R-W03 and R-W04 are the three type groups below; cases/tests/test_transitions.py
compares the table with lifecycle.md state by state, per type.
"""

from dataclasses import dataclass

from accounts import policies
from accounts.actor import Actor
from accounts.policies import Policy, Scope
from cases.models import COLLECTED_TYPES, CaseStatus, CaseType

S, T = CaseStatus, CaseType

# R-W03 and R-W04: who decides each type, and which end at the window with a card
ALL_TYPES = frozenset(CaseType)
CITY_APPROVED = frozenset({T.NEW, T.RENEWAL, T.REPLACEMENT})  # district, then city
EFFECTIVE_ON_SUBMIT = frozenset({T.CANCELLATION})  # no decision: effective when submitted
COLLECTED = frozenset(COLLECTED_TYPES)  # a card handed out (models.open_cases reads the same)
REVIEWED = ALL_TYPES - EFFECTIVE_ON_SUBMIT
DISTRICT_ONLY = REVIEWED - CITY_APPROVED

NO_CASE = ""  # the "from" of a creation, as the case's history records it
BEFORE_DECISION = (S.DRAFT, S.SUBMITTED)  # R-W06: until a district or city decision is recorded
FINAL = (S.COLLECTED, S.REJECTED, S.WITHDRAWN)  # and `approved` for the types without collection


class UnknownAction(LookupError):
    """An action the table has no row for: a programming error (a 500), never a pass."""


class UnknownMove(LookupError):
    """No row of the action leads a case of this type out of this status with this decision."""


@dataclass(frozen=True)
class Move:
    action: str
    sources: tuple[str, ...]
    target: CaseStatus | None  # None: the status stays
    policy: Policy | None  # None: no entry point does it (the effect of another decision)
    types: frozenset[CaseType] = ALL_TYPES
    decision: str = ""

    def leads(self, case_type: str, status: str, decision: str = "") -> bool:
        return case_type in self.types and status in self.sources and decision == self.decision


P = policies
MOVES: tuple[Move, ...] = (
    Move("create", (NO_CASE,), S.DRAFT, P.CASE_CREATE),
    Move("patch", (S.DRAFT, S.SUPPLEMENT_REQUESTED), None, P.CASE_PATCH),
    Move("photo", (S.DRAFT, S.SUPPLEMENT_REQUESTED), None, P.CASE_PHOTO, frozenset({T.NEW})),  # R-W09
    Move("upload", (S.DRAFT, S.SUPPLEMENT_REQUESTED, S.SUBMITTED), None, P.CASE_UPLOAD),
    Move("submit", (S.DRAFT,), S.SUBMITTED, P.CASE_SUBMIT, REVIEWED),
    Move("submit", (S.DRAFT,), S.APPROVED, P.CASE_SUBMIT, EFFECTIVE_ON_SUBMIT),  # R-C01
    Move("resubmit", (S.SUPPLEMENT_REQUESTED,), S.SUBMITTED, P.CASE_SUBMIT, REVIEWED),
    Move("withdraw", BEFORE_DECISION, S.WITHDRAWN, P.CASE_WITHDRAW),
    Move("review", (S.SUBMITTED,), S.DISTRICT_PASSED, P.CASE_REVIEW, CITY_APPROVED, "pass"),
    Move("review", (S.SUBMITTED,), S.APPROVED, P.CASE_REVIEW, DISTRICT_ONLY, "pass"),
    Move("review", (S.SUBMITTED,), S.REJECTED, P.CASE_REVIEW, REVIEWED, "reject"),
    Move("review", (S.SUBMITTED,), S.SUPPLEMENT_REQUESTED, P.CASE_REVIEW, REVIEWED, "request_supplement"),
    Move("approval", (S.DISTRICT_PASSED,), S.APPROVED, P.CASE_APPROVAL, CITY_APPROVED, "approve"),
    Move("approval", (S.DISTRICT_PASSED,), S.REJECTED, P.CASE_APPROVAL, CITY_APPROVED, "reject"),
    Move("collection", (S.APPROVED,), S.COLLECTED, P.CASE_COLLECTION, COLLECTED),  # R-W04
    Move("rate", FINAL, None, P.CASE_RATE),
    Move("rate", (S.APPROVED,), None, P.CASE_RATE, ALL_TYPES - COLLECTED),
    # R-E03: an approved employer change ends the former unit's open cases on the permit — withdrawn
    # while R-W06 would let the unit withdraw them, rejected after a decision (cases_close_for_transfer)
    Move("transfer.close", BEFORE_DECISION, S.WITHDRAWN, None),
    Move("transfer.close", (S.SUPPLEMENT_REQUESTED, S.DISTRICT_PASSED), S.REJECTED, None),
)
ACTIONS = frozenset(m.action for m in MOVES)


def moves(*actions: str) -> tuple[Move, ...]:
    unknown = set(actions) - ACTIONS
    if unknown or not actions:
        raise UnknownAction(f"the transition table has no action {sorted(unknown) or actions!r}")
    return tuple(m for m in MOVES if m.action in actions)


def sources(*actions: str) -> frozenset[str]:
    """The statuses any of `actions` may start from, for some type."""
    return frozenset(s for m in moves(*actions) for s in m.sources)


def allows(action: str, case_type: str, status: str) -> bool:
    """May a case of this type in this status take the action (by some decision)?"""
    return any(case_type in m.types and status in m.sources for m in moves(action))


def applies(action: str, case_type: str) -> bool:
    """Does the action exist for the type at all (a photo for `new` only, a collection for R-W04's)?"""
    return any(case_type in m.types for m in moves(action))


def target(action: str, case_type: str, status: str, decision: str = "") -> CaseStatus | None:
    """The status the move leads to; None when it stays."""
    for m in moves(action):
        if m.leads(case_type, status, decision):
            return m.target
    raise UnknownMove(f"{action} {decision!r} of a {case_type} case in {status!r}")


def next_status(action: str, case_type: str, status: str, decision: str = "") -> CaseStatus:
    """The status a status-changing move leads to (`target`, for the moves that have one)."""
    to = target(action, case_type, status, decision)
    if to is None:
        raise UnknownMove(f"{action} leaves a case in {status!r}; it leads nowhere")
    return to


def policy(action: str) -> Policy | None:
    """Who may do the action: every row of an action names the same policy."""
    return moves(action)[0].policy


def check(actor: Actor, action: str) -> Scope:
    """The service's own assertion of who may do the action: its policy (403, 404 without a scope),
    the one the API's route and the site's page declare too. An action no entry point does has no
    policy, and no service may check for one."""
    granted = policy(action)
    if granted is None:
        raise UnknownAction(f"{action} is no entry point's: it has no policy")
    return granted.check(actor)


def may(role: str, action: str, case_type: str, status: str) -> bool:
    """What the pages show a control for: the role's policy and the case's type and status allow it."""
    granted = policy(action)
    return granted is not None and granted.allows(role) and allows(action, case_type, status)


# The status sets the services and the pages ask, read from the table
UPLOADABLE = sources("upload")  # documents.uploads
TO_SUBMIT = sources("submit", "resubmit")  # the eligibility panel shows what a submission would refuse
AWAITING_DECISION = sources("resubmit", "review", "approval")  # submitted, not decided (judged_on)
UNDECIDED = sources("submit", "resubmit", "review", "approval")  # a decision is still to come
DECIDED = (frozenset(FINAL) - {S.WITHDRAWN}) | {S.APPROVED}  # a final decision was made (processing times)


def one(action: str) -> str:
    """The one status `action` starts from (a queue of the workbench is where an action waits)."""
    [status] = sources(action)
    return str(status)
