"""Security decision 7: every successful mutating operation writes its audit row — one per state
change, in the change's transaction — and each row is complete (time with offset, actor and role,
action, object, outcome, client address, after).

Two tables, one per door into the system: API_ROWS (every POST / PUT / PATCH / DELETE of the one
NinjaAPI object, config/api.py) and WEB_ROWS (every page of web/urls.py that accepts a POST). A row
names the operation, a scenario that performs it successfully (core/tests/writes.py, shared with the
protected-fields test: set up through the API as every other test does, then the one request, counted
alone) and the actions that request writes: the operation's own row first, then one row for each
other object it changes (a `new` case's approval issues the permit, `permit.issued`), each row
explained. An empty tuple says the request writes no row and must say why (a read done by POST;
reading a notice, decision 34).

The meta-tests walk the routes themselves, so a new endpoint or form without a row fails here
before it can escape the audit log. Denials (403, 404, 409, 422, 423) are security decision 18's and
are tested with their middleware; this module covers successful operations only.
"""

import inspect
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from audit.models import AuditEvent
from core.tests import writes
from core.tests.world import World, Write, send

pytestmark = pytest.mark.django_db


# --- the tables -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One operation, a scenario performing it successfully, and the audit actions it writes: its own
    first, then one per other object the operation changes. `why` explains every row but the plain
    one-change-one-row case."""

    route: str
    scenario: Callable[[World], Write]
    actions: tuple[str, ...]
    why: str = ""

    @property
    def id(self) -> str:
        return f"{self.route} [{self.scenario.__name__}]"


ISSUES_PERMIT = (
    "the approval of a `new` case also issues the permit: one row for the case, one for the new permit"
)
CANCELS_PERMIT = "a cancellation takes effect on submission (R-W03): one row for the case, one for the permit"
READ_BY_POST = (
    "a read: POST only keeps the ID number out of the URL (security decision 15); the answer "
    "masks ID numbers (R-S02), so it is no full view, and is not audited, like GET /penalties"
)
REGISTRATION_STEP = (
    "a step of the web registration keeps its answers in the browser's session only; 提交注册 on "
    "/register/confirm registers the unit (issue 13, point 2)"
)
NOTICE_READ = "decision 34: reading a notice changes only the unit's own view of its inbox; not audited"

API_ROWS = [
    Row("POST /auth/token", writes.token, ("auth.token_issued",)),
    Row("POST /auth/logout", writes.logout, ("auth.token_revoked",)),
    Row("POST /auth/password", writes.password, ("account.password_changed",)),
    Row(
        "POST /units/register",
        writes.register,
        ("unit.registered",),
        "the actor is the account the registration creates (role unit), not `public`",
    ),
    Row("POST /units/{unit_id}/verification", writes.verify_unit, ("unit.verification.approve",)),
    Row("POST /units/{unit_id}/unfreeze", writes.unfreeze_unit, ("unit.unfrozen",)),
    Row("POST /units/{unit_id}/cap", writes.cap, ("unit.cap_set",)),
    Row(
        "POST /units/{unit_id}/operator-password-reset",
        writes.operator_password_reset,
        ("unit.operator_password_reset",),
        "R-W12: one row for the unit, naming its operator account; never the password",
    ),
    Row("POST /applications", writes.create, ("case.create",)),
    Row("PATCH /applications/{case_id}", writes.patch, ("case.patch",)),
    Row("POST /applications/{case_id}/photo", writes.upload_photo, ("case.photo",)),
    Row("POST /applications/{case_id}/submit", writes.submit, ("case.submit",)),
    Row(
        "POST /applications/{case_id}/submit",
        writes.submit_cancellation,
        ("case.submit", "permit.cancelled"),
        CANCELS_PERMIT,
    ),
    Row("POST /applications/{case_id}/withdraw", writes.withdraw, ("case.withdraw",)),
    Row("POST /applications/{case_id}/review", writes.review, ("case.review.pass",)),
    Row(
        "POST /applications/{case_id}/approval",
        writes.approval,
        ("case.approval.approve", "permit.issued"),
        ISSUES_PERMIT,
    ),
    Row("POST /applications/{case_id}/collection", writes.collection, ("case.collection",)),
    Row("POST /permits/{permit_no}/unfreeze", writes.unfreeze_permit, ("permit.unfrozen",)),
    Row("POST /permits/{permit_no}/loss-report", writes.loss_report, ("permit.loss_reported",)),
    Row(
        "POST /permits/{permit_no}/loss-report/withdraw",
        writes.loss_report_withdraw,
        ("permit.loss_report_withdrawn",),
    ),
    Row("POST /inspections/unit", writes.inspect_unit, ("inspection.unit",)),
    Row(
        "POST /inspections/persons",
        writes.inspect_persons,
        ("inspection.persons",),
        "one row for the batch, listing the permits approved and refused (decision 28)",
    ),
    Row("POST /penalties", writes.impose, ("penalty.imposed",)),
    Row("POST /penalties/{penalty_id}/lift", writes.lift, ("penalty.lifted",)),
    Row("POST /penalties/lookup", writes.lookup, (), READ_BY_POST),
    Row("POST /search", writes.search, (), READ_BY_POST),
    Row("POST /investigations", writes.investigate, ("investigation.started",)),
    Row("POST /investigations/{investigation_id}/findings", writes.finding, ("investigation.finding",)),
    Row(
        "POST /investigations/{investigation_id}/findings",
        writes.finding_left,
        ("investigation.finding", "permit.cancelled", "penalty.imposed"),
        "R-C02 and R-B03: the finding cancels the permit and disqualifies the unit, each its own row",
    ),
    Row("POST /notices/{notice_id}/read", writes.read_notice, (), NOTICE_READ),
    Row("PUT /notices/preferences", writes.preference, ("notice.preference",)),
    Row(
        "POST /applications/import",
        writes.import_staff,
        ("case.import",),
        "one row for the batch of drafts, listing their numbers (decision 39)",
    ),
    Row("POST /applications/{case_id}/documents", writes.upload_document, ("case.document_uploaded",)),
]
WEB_ROWS = [
    Row("POST /login", writes.web_login, ("auth.login",)),
    Row("POST /logout", writes.web_logout, ("auth.logout",)),
    Row("POST /password", writes.web_password_change, ("account.password_changed",)),
    Row("POST /register", writes.web_register_unit, (), REGISTRATION_STEP),
    Row("POST /register/operator", writes.web_register_operator, (), REGISTRATION_STEP),
    Row("POST /register/account", writes.web_register_account, (), REGISTRATION_STEP),
    Row(
        "POST /register/confirm",
        writes.web_register,
        ("unit.registered",),
        "the actor is the account the registration creates (role unit), not `public`",
    ),
    Row(
        "POST /register/check/<str:field>",
        writes.web_register_check,
        (),
        "checks one field as it is typed and answers its message; changes nothing",
    ),
    Row(
        "POST /unit/cases/import",
        writes.web_case_import,
        ("case.import",),
        "one row for the batch of drafts, listing their numbers (decision 39)",
    ),
    Row("POST /unit/cases/new/<str:case_type>", writes.web_case_start, ("case.create",)),
    Row("POST /unit/cases/<int:case_id>", writes.web_case_save, ("case.patch",)),
    Row(
        "POST /unit/cases/<int:case_id>/live",
        writes.web_case_live,
        (),
        "the case form's live panel for the values on the page, unsaved; the draft is saved by its own "
        "POST (issue 13, point 10)",
    ),
    Row("POST /unit/cases/<int:case_id>/photo", writes.web_case_photo, ("case.photo",)),
    Row("POST /unit/cases/<int:case_id>/documents", writes.web_case_document, ("case.document_uploaded",)),
    Row("POST /unit/cases/<int:case_id>/submit", writes.web_case_submit, ("case.submit",)),
    Row("POST /unit/cases/<int:case_id>/withdraw", writes.web_case_withdraw, ("case.withdraw",)),
    Row("POST /unit/cases/<int:case_id>/rating", writes.web_case_rate, ("case.rated",)),
    Row("POST /unit/permits/<str:permit_no>/loss-report", writes.web_loss_report, ("permit.loss_reported",)),
    Row("POST /unit/inspection", writes.web_inspect_unit, ("inspection.unit",)),
    Row(
        "POST /unit/inspection",
        writes.web_inspect_persons,
        ("inspection.persons",),
        "one row for the batch, listing the permits approved and refused",
    ),
    Row(
        "POST /unit/inspection",
        writes.web_inspect_both,
        ("inspection.unit", "inspection.persons"),
        "one form, two operations (the unit's inspection and its staff's): each writes its own row",
    ),
    Row("POST /unit/inbox/<int:notice_id>/read", writes.web_notice_read, (), NOTICE_READ),
    Row(
        "POST /unit/inbox/settings",
        writes.web_notice_kind,
        ("notice.preference",),
        "one row per kind whose setting changed; here one",
    ),
    Row(
        "POST /unit/inbox/settings",
        writes.web_notice_email,
        ("account.email_changed",),
        "the kinds posted unchanged write nothing; the new address its row (decision 47)",
    ),
    Row("POST /office/cases/<int:case_id>/review", writes.web_review, ("case.review.pass",)),
    Row(
        "POST /office/cases/<int:case_id>/approval",
        writes.web_approval,
        ("case.approval.approve", "permit.issued"),
        ISSUES_PERMIT,
    ),
    Row("POST /office/cases/<int:case_id>/collection", writes.web_collection, ("case.collection",)),
    Row(
        "POST /office/permits/<str:permit_no>/loss-report",
        writes.web_office_loss_report,
        ("permit.loss_reported",),
    ),
    Row(
        "POST /office/permits/<str:permit_no>/loss-report/withdraw",
        writes.web_office_loss_withdraw,
        ("permit.loss_report_withdrawn",),
    ),
    Row("POST /office/units/<int:unit_id>/verify", writes.web_verify_unit, ("unit.verification.approve",)),
    Row("POST /office/units/<int:unit_id>/unfreeze", writes.web_unfreeze_unit, ("unit.unfrozen",)),
    Row(
        "POST /office/units/<int:unit_id>/operator-password-reset",
        writes.web_operator_password,
        ("unit.operator_password_reset",),
        "R-W12: one row for the unit, naming its operator account; never the password",
    ),
    Row(
        "POST /office/frozen-permits/<str:permit_no>/unfreeze",
        writes.web_unfreeze_permit,
        ("permit.unfrozen",),
    ),
    Row(
        "POST /office/penalties/",
        writes.web_penalty_filter,
        (),
        "the list's filter, posted so that an ID number stays out of the URL (security decision 15); "
        "ID numbers masked (R-S02): a read",
    ),
    Row(
        "POST /office/search",
        writes.web_search,
        (),
        "the search box, posted so that an ID number stays out of the URL (security decision 15); a "
        "read whose one match is opened by a redirect (the case or permit page audits its own view)",
    ),
    Row("POST /office/penalties/impose", writes.web_impose, ("penalty.imposed",)),
    Row("POST /office/penalties/<int:penalty_id>/lift", writes.web_lift, ("penalty.lifted",)),
    Row("POST /office/investigations/new", writes.web_investigate, ("investigation.started",)),
    Row(
        "POST /office/investigations/<int:investigation_id>/findings",
        writes.web_finding,
        ("investigation.finding",),
    ),
]

# Pages whose view does not check the method: a POST renders what GET does (a read, and the full
# views among them write their own `*.viewed` / `*_downloaded` rows as GET does). Not forms.
READS_OF_ANY_METHOD = {
    "",
    "verify",
    "verify/qr/<str:token>",
    "materials",
    "policy",
    "window-hours",
    "office/",
    "office/queue.xlsx",
    "office/cases/<int:case_id>/",
    "office/cases/<int:case_id>/photo",
    "office/cases/<int:case_id>/documents/<int:document_id>",
    "office/late-cancellations/",
    "office/omitted-cancellations/",
    "office/units/",
    "office/units/<int:unit_id>/",
    "office/frozen-units/",
    "office/frozen-permits/",
    "office/investigations/",
    "office/investigations/<int:investigation_id>/",
    "office/stats",
    "office/stats.xlsx",
    "office/audit/",
}


# --- the check -----------------------------------------------------------------------------------------


def _assert_complete(event: AuditEvent, actor: str) -> None:
    """Security decision 7's fields, each set."""
    what = f"{event.action} (row {event.pk})"
    assert event.at is not None and timezone.is_aware(event.at), f"{what}: no time with offset"
    account = User.objects.filter(username=actor).first()
    assert account is not None and event.actor_id == account.pk, (
        f"{what}: actor_id {event.actor_id}, not {actor}"
    )
    assert event.actor_username == actor, f"{what}: actor_username {event.actor_username!r}, not {actor!r}"
    assert event.actor_role == account.role and event.actor_role in Role.values, (
        f"{what}: role {event.actor_role!r}"
    )
    assert event.object_type and event.object_id, f"{what}: object {event.object_type!r} {event.object_id!r}"
    assert event.outcome == "success", f"{what}: outcome {event.outcome!r}"
    assert event.ip == "127.0.0.1", f"{what}: client address {event.ip!r}"
    assert event.after, f"{what}: no after state"


def _check(row: Row, world: World) -> None:
    assert row.actions or row.why, f"{row.route}: a row writing nothing must say why"
    write = row.scenario(world)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = send(write)
    assert response.status_code < 400, (response.status_code, response.content[:600])
    written = list(AuditEvent.objects.filter(pk__gt=last).order_by("pk"))
    assert Counter(e.action for e in written) == Counter(row.actions), (
        f"{row.route}: wrote {[e.action for e in written]}, expected {list(row.actions)}"
    )
    for event in written:
        _assert_complete(event, write.actor)


@pytest.mark.parametrize("row", API_ROWS, ids=lambda row: row.id)
def test_api_operation_writes_its_complete_audit_rows(row: Row, world: World) -> None:
    _check(row, world)


@pytest.mark.parametrize("row", WEB_ROWS, ids=lambda row: row.id)
def test_web_form_writes_its_complete_audit_rows(row: Row, world: World) -> None:
    _check(row, world)


# --- no operation escapes ------------------------------------------------------------------------------


def _methods(view: Callable[..., Any]) -> tuple[str, ...] | None:
    """The methods a view's `require_http_methods` (or `require_POST`, `require_GET`) allows, found in
    the decorator's closure along the `functools.wraps` chain; None when nothing restricts them."""
    fn: Any = view
    while fn is not None:
        if getattr(fn, "__closure__", None):
            allowed = inspect.getclosurevars(fn).nonlocals.get("request_method_list")
            if allowed is not None:
                return tuple(allowed)
        fn = getattr(fn, "__wrapped__", None)
    return None


def _patterns(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def web_posts() -> dict[str, tuple[str, ...] | None]:
    """Every page of the site (web/urls.py: the public pages, /unit/, /office/) that accepts a POST,
    with the methods it allows (None: it does not check)."""
    import web.urls

    out = {}
    for route, view in _patterns(web.urls.urlpatterns):
        methods = _methods(view)
        if methods is None or "POST" in methods:
            out[route] = methods
    return out


def test_every_mutating_api_operation_has_a_row() -> None:
    routes = writes.api_writes()
    covered = {row.route for row in API_ROWS}
    assert len(routes) >= 27  # the walk itself works
    assert routes - covered == set(), "operations with no row: add one to API_ROWS"
    assert covered - routes == set(), "rows for operations that no longer exist"


def test_every_web_page_that_accepts_a_post_has_a_row() -> None:
    posts = web_posts()
    forms = {route for route, methods in posts.items() if methods is not None}
    unchecked = {route for route, methods in posts.items() if methods is None}
    covered = {row.route.removeprefix("POST /") for row in WEB_ROWS}
    assert {"office/cases/<int:case_id>/review", "unit/cases/<int:case_id>/submit"} <= forms  # the walk works
    assert forms - covered == set(), "forms with no row: add one to WEB_ROWS"
    assert unchecked - covered - READS_OF_ANY_METHOD == set(), (
        "pages that take any method with no row: "
        "a form gets a row in WEB_ROWS, a read joins READS_OF_ANY_METHOD"
    )
    assert covered - set(posts) == set(), "rows for pages that no longer take a POST"
    assert READS_OF_ANY_METHOD - unchecked == set(), "reads listed that now check their method, or are gone"


def test_the_tables_name_each_exception_and_every_extra_row() -> None:
    """A row writing no audit row, or more than one, says why (the decision text's two kinds of
    exception: reads done by POST, and operations that change more than one object)."""
    for row in API_ROWS + WEB_ROWS:
        if len(row.actions) != 1:
            assert row.why, row.id
