"""One policy per action (accounts.policies), asserted by the service itself (issue 11, point 2).

Every state-changing service is called by every role its policy does not name — the public and the
daily job's actor too — on objects that role could otherwise reach (the unit's own submitted case
for the review, a case of the reviewer's own district for the unit's actions…): each answers 403
before it reads or writes anything. The route and page walk is accounts/tests/test_policy_walk.py."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from accounts import policies
from accounts.actor import Actor
from accounts.models import User
from accounts.policies import Policy, Scope
from accounts.roles import Role
from accounts.services import official_create, set_own_email
from audit.models import AuditEvent
from cases import ratings, services, transitions
from cases.models import Case, CaseStatus
from core.errors import Forbidden, NotFound
from core.tests.world import PERSON, REG
from documents.imports import import_staff
from documents.uploads import document_upload
from enforcement.services import finding_record, investigation_start, penalty_impose, penalty_lift
from notices.services import notice_mark_read, notice_preference_set
from ops.demo import photo
from permits.models import Permit
from permits.services import permit_report_loss, permit_unfreeze, permit_withdraw_loss_report
from units.inspection import persons_inspect, unit_inspect
from units.operator_password import operator_password_reset
from units.services import unit_set_cap, unit_unfreeze, unit_verify

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@dataclass
class Targets:
    """What the services are called on: each object one a wrong role could reach."""

    data: dict[str, Any]
    draft: int
    submitted: int
    passed: int
    approved: int
    pending_unit: int
    unit: int
    permit: Permit
    penalty: int
    investigation: int
    sampled: str
    notice: int


Call = Callable[[Actor, Targets], Any]
SERVICES: list[tuple[str, Policy, Call]] = [
    ("case_create", policies.CASE_CREATE, lambda a, t: services.case_create(a, "new", t.data)),
    ("case_create_many", policies.CASE_CREATE, lambda a, t: services.case_create_many(a, [t.data])),
    ("import_staff", policies.CASE_CREATE, lambda a, t: import_staff(a, b"")),
    ("case_patch", policies.CASE_PATCH, lambda a, t: services.case_patch(a, t.draft, {})),
    ("case_attach_photo", policies.CASE_PHOTO, lambda a, t: services.case_attach_photo(a, t.draft, photo())),
    ("document_upload", policies.CASE_UPLOAD,
     lambda a, t: document_upload(a, t.draft, item_code="NEW-01", filename="a.pdf", content=PDF)),
    ("case_submit", policies.CASE_SUBMIT, lambda a, t: services.case_submit(a, t.draft)),
    ("case_withdraw", policies.CASE_WITHDRAW, lambda a, t: services.case_withdraw(a, t.submitted)),
    ("case_review", policies.CASE_REVIEW,
     lambda a, t: services.case_review(a, t.submitted, decision="reject", materials_received=[], missing=[],
                                       note="不符合条件")),
    ("case_approve", policies.CASE_APPROVAL,
     lambda a, t: services.case_approve(a, t.passed, decision="approve", note="",
                                        confirm_special_talent=False)),
    ("case_collect", policies.CASE_COLLECTION,
     lambda a, t: services.case_collect(a, t.approved, collected_by="holder", note="")),
    ("case_rate", policies.CASE_RATE, lambda a, t: ratings.case_rate(a, t.approved, score=5, comment="")),
    ("unit_verify", policies.UNIT_VERIFY,
     lambda a, t: unit_verify(a, t.pending_unit, decision="approve", materials_received=REG, note="")),
    ("unit_unfreeze", policies.UNIT_UNFREEZE, lambda a, t: unit_unfreeze(a, t.unit, note="营业执照已核验")),
    ("unit_set_cap", policies.UNIT_CAP, lambda a, t: unit_set_cap(a, t.unit, permit_cap=9, note="特批")),
    ("operator_password_reset", policies.UNIT_OPERATOR_PASSWORD,
     lambda a, t: operator_password_reset(a, t.unit, materials_received=["PWD-01"], note="")),
    ("permit_unfreeze", policies.PERMIT_UNFREEZE,
     lambda a, t: permit_unfreeze(a, t.permit.pk, note="书面申请")),
    ("permit_report_loss", policies.PERMIT_LOSS_REPORT,
     lambda a, t: permit_report_loss(a, t.permit.pk, note="遗失")),
    ("permit_withdraw_loss_report", policies.PERMIT_LOSS_WITHDRAW,
     lambda a, t: permit_withdraw_loss_report(a, t.permit.pk, note="证件已找到")),
    ("unit_inspect", policies.INSPECTION_FILE, lambda a, t: unit_inspect(a)),
    ("persons_inspect", policies.INSPECTION_FILE, lambda a, t: persons_inspect(a, [t.permit.permit_no])),
    ("penalty_impose", policies.PENALTY_IMPOSE,
     lambda a, t: penalty_impose(a, kind="person_false_materials", note="伪造学历证明", id_number=PERSON)),
    ("penalty_lift", policies.PENALTY_LIFT, lambda a, t: penalty_lift(a, t.penalty, note="复核撤销")),
    ("investigation_start", policies.INVESTIGATION_START, lambda a, t: investigation_start(a, size=1)),
    ("finding_record", policies.FINDING_RECORD,
     lambda a, t: finding_record(a, t.investigation, permit_no=t.sampled, outcome="employed", left_on=None)),
    ("notice_mark_read", policies.NOTICE_MARK_READ, lambda a, t: notice_mark_read(a, t.notice)),
    ("notice_preference_set", policies.NOTICE_PREFERENCE,
     lambda a, t: notice_preference_set(a, "renewal_window", False)),
    ("set_own_email", policies.ACCOUNT_EMAIL, lambda a, t: set_own_email(a, "hr@example.com")),
]
# Writes no wrong signed-in role can reach: every role changes its own password, signs itself out.
EVERY_ROLE = {policies.ACCOUNT_SELF.action: "accounts.services.account_change_password takes the user itself"}


@pytest.fixture
def targets(world: Any) -> Targets:
    """A Haidian unit with a case in each status a service starts from, a frozen-able permit, a
    pending unit beside it, a penalty, an investigation and a reminder (core/tests/world.py)."""
    client, unit_id, _ = world.unit()
    permit_no = world.permit(client)
    notice_client, _, notice = world.notice()
    world.clock("2026-06-15")
    _, pending_unit, _ = world.unit(active=False)
    draft, data = world.draft(client, with_photo=True)
    submitted = world.file_new_case(client, until="submitted")["id"]
    passed = world.file_new_case(client, until="district_passed")["id"]
    approved = world.file_new_case(client, until="approved")["id"]
    investigation, sampled = world.investigation()
    permit = Permit.objects.get(permit_no=permit_no)
    return Targets(data, draft, submitted, passed, approved, pending_unit, unit_id, permit, world.penalty(),
                   investigation, sampled, notice.pk)


@pytest.fixture
def actors(world: Any, targets: Targets) -> dict[str, Actor]:
    """One actor of every role, each reaching the targets as far as its scope goes: the unit that
    holds them, Haidian's reviewer, the city, the admin, the auditor; the public and the daily job."""
    official_create(username="auditor1", password="Official-Pass-2026!", role=Role.AUDITOR)
    users = {
        Role.UNIT: User.objects.get(unit_id=targets.unit),
        Role.DISTRICT_REVIEWER: User.objects.get(username="hd_reviewer"),
        Role.CITY_APPROVER: User.objects.get(username="city_approver"),
        Role.ADMIN: User.objects.get(username="sys_admin"),
        Role.AUDITOR: User.objects.get(username="auditor1"),
    }
    made = {str(role): Actor(user, user.role) for role, user in users.items()}
    return {**made, "public": Actor(None, "public"), "system": Actor.system()}


def test_every_state_changing_service_refuses_every_role_its_policy_does_not_name(
    actors: dict[str, Actor], targets: Targets
) -> None:
    statuses = dict(Case.objects.values_list("pk", "status"))
    rows = AuditEvent.objects.count()
    let_through = []
    for name, policy, call in SERVICES:
        for who, actor in actors.items():
            if policy.allows(who):
                continue
            try:
                call(actor, targets)
            except Forbidden as exc:
                assert exc.detail == policy.forbidden().detail
                continue
            except Exception as exc:  # noqa: BLE001 — any other answer is the finding
                let_through.append(f"{name} by {who}: {type(exc).__name__} {exc}")
                continue
            let_through.append(f"{name} by {who}: done")
    assert let_through == []
    assert dict(Case.objects.values_list("pk", "status")) == statuses
    assert AuditEvent.objects.count() == rows


def test_a_units_own_submitted_case_is_not_its_to_review(actors: dict[str, Actor], targets: Targets) -> None:
    """The issue's example: `_lock` let the unit's actor through on its own case (it sees it)."""
    with pytest.raises(Forbidden) as refused:
        services.case_review(actors["unit"], targets.submitted, decision="pass",
                             materials_received=[], missing=[], note="")
    assert refused.value.status == 403
    assert Case.objects.get(pk=targets.submitted).status == CaseStatus.SUBMITTED


def test_the_services_cover_every_write_policy() -> None:
    """No write's policy is left without a service called here (reads are the selectors', 404)."""
    covered = {policy.action for _, policy, _ in SERVICES} | set(EVERY_ROLE)
    writes = {a for a in policies.POLICIES if not a.endswith(".read")}
    assert writes == covered


def test_the_case_services_check_the_policy_their_table_row_names() -> None:
    """services.case_* assert transitions.check(actor, action): the policy here is the table's."""
    action = {"case_create": "create", "case_create_many": "create", "import_staff": "create",
              "case_patch": "patch", "case_attach_photo": "photo", "document_upload": "upload",
              "case_submit": "submit", "case_withdraw": "withdraw", "case_review": "review",
              "case_approve": "approval", "case_collect": "collection", "case_rate": "rate"}
    for name, policy, _ in SERVICES:
        if name in action:
            assert transitions.policy(action[name]) is policy, name
    assert transitions.policy("resubmit") is policies.CASE_SUBMIT


@pytest.mark.parametrize(("role", "anchor"), [(Role.UNIT, "unit"), (Role.DISTRICT_REVIEWER, "district")])
def test_an_account_without_the_anchor_of_its_scope_reaches_nothing(role: Role, anchor: str) -> None:
    """A unit account without a unit, a reviewer without a district: 404 (they see nothing), not a pass."""
    user = User(username="x", role=role)
    with pytest.raises(NotFound) as missing:
        policies.CASE_READ.check(Actor(user, role))
    assert missing.value.detail == f"No such {anchor}."


def test_the_scope_of_each_role_is_the_one_accounts_scoping_reads() -> None:
    """accounts.scoping.scoped: a unit its own rows, a reviewer its district's, the city everything."""
    natural = {Role.UNIT: Scope.OWN_UNIT, Role.DISTRICT_REVIEWER: Scope.OWN_DISTRICT,
               Role.CITY_APPROVER: Scope.CITY, Role.AUDITOR: Scope.CITY}
    for policy in policies.POLICIES.values():
        for role, scope in policy.grants:
            assert scope in (natural.get(role), Scope.OWN_ACCOUNT), (policy.action, role)


def test_a_portal_narrows_a_policy_but_never_widens_it() -> None:
    assert policies.CASE_READ.only(Role.UNIT).roles == (Role.UNIT,)
    assert policies.CASE_READ.only(Role.DISTRICT_REVIEWER, Role.CITY_APPROVER, Role.AUDITOR).roles == (
        Role.DISTRICT_REVIEWER, Role.CITY_APPROVER)
    with pytest.raises(ValueError, match="case.review"):
        policies.CASE_REVIEW.only(Role.UNIT)

