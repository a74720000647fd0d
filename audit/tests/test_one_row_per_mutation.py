"""Security decision 7: every successful mutating operation writes its audit row — one per state
change, in the change's transaction — and each row is complete (time with offset, actor and role,
action, object, outcome, client address, after).

Two tables, one per door into the system: API_ROWS (every POST / PUT / PATCH / DELETE of the one
NinjaAPI object, config/api.py) and WEB_ROWS (every page of web/urls.py that accepts a POST). A row
names the operation, a scenario that performs it successfully (set up through the API as every other
test does, then the one request, counted alone) and the actions that request writes: the
operation's own row first, then one row for each other object it changes (a `new` case's approval
issues the permit, `permit.issued`), each row explained. An empty tuple says the request writes no
row and must say why (a read done by POST; reading a notice, decision 34).

The meta-tests walk the routes themselves, so a new endpoint or form without a row fails here
before it can escape the audit log. Denials (403, 404, 409, 422, 423) are security decision 18's and
are tested with their middleware; this module covers successful operations only.
"""

import datetime as dt
import inspect
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from audit.models import AuditEvent
from config.api import api as ninja_api
from core import clock
from core.testing import id_number, new_application, photo, registration
from documents.tests.pdf_support import scan_pdf
from documents.tests.sheets import filled_template, staff_row
from notices.models import Notice, NoticeKind
from notices.sweep import renewal_window_open
from permits.models import Permit
from units.models import Unit
from web.unit.forms import flatten

pytestmark = pytest.mark.django_db

UNIT_PASSWORD = "Unit-pass-2026"  # noqa: S105 (core.testing.registration's default)
REG = ["REG-01", "REG-02", "REG-03"]
HX = {"HTTP_HX_REQUEST": "true"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MUTATING = {"POST", "PUT", "PATCH", "DELETE"}
REVIEWER, CITY = "hd_reviewer", "city_approver"  # the conftest `officials` "haidian" and "city"


# --- the world a scenario is set up in ---------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """The one request a scenario counts, and the username its audit rows must name as the actor."""

    send: Callable[[], HttpResponse]
    actor: str


@dataclass
class World:
    api: Any
    officials: dict[str, Any]
    make_unit: Callable[..., tuple[Any, int]]
    file_new_case: Callable[..., dict[str, Any]]
    clock: Callable[[Any], None]

    def unit(self, district: str = "haidian", *, active: bool = True) -> tuple[Any, int, str]:
        """A registered (and by default verified) unit: its operator's API client, its id, the username."""
        client, unit_id = self.make_unit(district, active=active)
        return client, unit_id, User.objects.get(unit_id=unit_id).username

    def browser(self, username: str) -> Client:
        """A web session of the account (the portal and the workbench)."""
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    def draft(self, client: Any, *, with_photo: bool = False) -> tuple[int, dict[str, Any]]:
        """A draft `new` case valid as of today (its photo too, when asked): (id, the data filed)."""
        data = new_application(clock.today())
        response = client.post("/applications", {"type": "new", **data})
        assert response.status_code == 201, response.content
        case_id = response.json()["id"]
        if with_photo:
            assert client.upload(f"/applications/{case_id}/photo", "p.jpg", photo()).status_code == 200
        return case_id, data

    def permit(self, client: Any, *, issued_on: str = "2026-06-01") -> str:
        """A permit of the client's unit issued on `issued_on`; the clock then back on 2026-06-15."""
        self.clock(issued_on)
        permit_no = self.file_new_case(client)["permit_no"]
        self.clock("2026-06-15")
        return str(permit_no)

    def investigation(self) -> tuple[int, str]:
        """A Haidian investigation sampling the one valid permit of the district: (id, permit number)."""
        client, _, _ = self.unit()
        permit_no = self.permit(client)
        started = self.officials["haidian"].post("/investigations", {"size": 1})
        assert started.status_code == 201, started.content
        return started.json()["id"], permit_no

    def penalty(self) -> int:
        made = self.officials["city"].post(
            "/penalties",
            {
                "kind": "person_false_materials",
                "id_number": id_number(dt.date(1985, 1, 1)),
                "note": "伪造学历证明",
            },
        )
        assert made.status_code == 201, made.content
        return int(made.json()["id"])

    def notice(self) -> tuple[Any, str, Notice]:
        """A unit with one renewal reminder in its inbox (the daily job's step, as test_inbox sets it up)."""
        client, unit_id, username = self.unit()
        self.clock("2023-06-15")
        self.file_new_case(client)
        self.clock("2026-05-20")
        renewal_window_open(dt.date(2026, 5, 20))
        return client, username, Notice.objects.get(unit_id=unit_id)


@pytest.fixture
def world(api: Any, officials: dict[str, Any], make_unit: Any, file_new_case: Any, clock: Any) -> World:
    return World(api, officials, make_unit, file_new_case, clock)


def put(client: Any, path: str, body: Any) -> HttpResponse:
    """PUT for the conftest `Api` client (it has get, post and patch)."""
    return client.client.put(
        "/api/v1" + path, json.dumps(body), content_type="application/json", **client._headers()
    )


def multipart(client: Any, path: str, data: dict[str, Any]) -> HttpResponse:
    """A multipart POST with fields beside the file, for the conftest `Api` client."""
    return client.client.post("/api/v1" + path, data, **client._headers())


def form_of(data: dict[str, Any]) -> dict[str, str]:
    """A case's data as the browser posts the case form."""
    return {
        path: "on" if value is True else str(value)
        for path, value in flatten(data).items()
        if value not in (False, None)
    }


def registration_form(username: str) -> dict[str, str]:
    """The web registration form of `core.testing.registration`."""
    body = registration(username)
    operator = body.pop("operator")
    form = {k: str(v) for k, v in body.items() if k != "high_tech"} | {"high_tech": "on"}
    return form | {
        "operator_name": operator["name"],
        "operator_id_number": operator["id_number"],
        "operator_phone": operator["phone"],
        "password_confirm": body["password"],
    }


def checklist_codes(client: Any, case_id: int) -> list[str]:
    return [i["code"] for i in client.get(f"/applications/{case_id}").json()["checklist"]]


def pdf_file(name: str = "学位证书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, scan_pdf(), "application/pdf")


# --- the API's scenarios -------------------------------------------------------------------------------


def api_token(w: World) -> Call:
    _, _, username = w.unit()
    return Call(
        lambda: w.api.post("/auth/token", {"username": username, "password": UNIT_PASSWORD}), username
    )


def api_logout(w: World) -> Call:
    client, _, username = w.unit()
    return Call(lambda: client.post("/auth/logout"), username)


def api_password(w: World) -> Call:
    client, _, username = w.unit()
    body = {"old_password": UNIT_PASSWORD, "new_password": "Another-pass-2027"}
    return Call(lambda: client.post("/auth/password", body), username)


def api_register(w: World) -> Call:
    body = registration("self_registered_hr")
    return Call(lambda: w.api.post("/units/register", body), "self_registered_hr")


def api_verify_unit(w: World) -> Call:
    _, unit_id, _ = w.unit(active=False)
    body = {"decision": "approve", "materials_received": REG, "note": ""}
    return Call(lambda: w.officials["haidian"].post(f"/units/{unit_id}/verification", body), REVIEWER)


def api_unfreeze_unit(w: World) -> Call:
    _, unit_id, _ = w.unit()
    Unit.objects.filter(pk=unit_id).update(status="frozen")  # the 2 May job's doing
    return Call(
        lambda: w.officials["haidian"].post(f"/units/{unit_id}/unfreeze", {"note": "已出示营业执照"}),
        REVIEWER,
    )


def api_cap(w: World) -> Call:
    _, unit_id, _ = w.unit()
    body = {"permit_cap": 50, "note": "重点引进企业"}
    return Call(lambda: w.officials["city"].post(f"/units/{unit_id}/cap", body), CITY)


def api_create(w: World) -> Call:
    client, _, username = w.unit()
    body = {"type": "new", **new_application(clock.today())}
    return Call(lambda: client.post("/applications", body), username)


def api_patch(w: World) -> Call:
    client, _, username = w.unit()
    case_id, data = w.draft(client)
    body = {"person": {**data["person"], "hukou": "河北省保定市"}}
    return Call(lambda: client.patch(f"/applications/{case_id}", body), username)


def api_photo(w: World) -> Call:
    client, _, username = w.unit()
    case_id, _ = w.draft(client)
    return Call(lambda: client.upload(f"/applications/{case_id}/photo", "p.jpg", photo()), username)


def api_submit(w: World) -> Call:
    client, _, username = w.unit()
    case_id, _ = w.draft(client, with_photo=True)
    return Call(lambda: client.post(f"/applications/{case_id}/submit"), username)


def api_submit_cancellation(w: World) -> Call:
    client, _, username = w.unit()
    permit_no = w.permit(client)
    made = client.post(
        "/applications", {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-06-14"}
    )
    assert made.status_code == 201, made.content
    return Call(lambda: client.post(f"/applications/{made.json()['id']}/submit"), username)


def api_withdraw(w: World) -> Call:
    client, _, username = w.unit()
    case = w.file_new_case(client, until="submitted")
    return Call(lambda: client.post(f"/applications/{case['id']}/withdraw"), username)


def api_review(w: World) -> Call:
    client, _, _ = w.unit()
    case = w.file_new_case(client, until="submitted")
    body = {"decision": "pass", "materials_received": checklist_codes(client, case["id"])}
    return Call(lambda: w.officials["haidian"].post(f"/applications/{case['id']}/review", body), REVIEWER)


def api_approval(w: World) -> Call:
    client, _, _ = w.unit()
    case = w.file_new_case(client, until="district_passed")
    return Call(
        lambda: w.officials["city"].post(f"/applications/{case['id']}/approval", {"decision": "approve"}),
        CITY,
    )


def api_collection(w: World) -> Call:
    client, _, _ = w.unit()
    case = w.file_new_case(client, until="approved")
    body = {"collected_by": "holder", "note": ""}
    return Call(lambda: w.officials["haidian"].post(f"/applications/{case['id']}/collection", body), REVIEWER)


def api_unfreeze_permit(w: World) -> Call:
    client, _, _ = w.unit()
    permit_no = w.permit(client)
    Permit.objects.filter(permit_no=permit_no).update(frozen_at=timezone.now())  # the 2 May job's doing
    return Call(
        lambda: w.officials["haidian"].post(f"/permits/{permit_no}/unfreeze", {"note": "单位书面申请"}),
        REVIEWER,
    )


def api_inspect_unit(w: World) -> Call:
    w.clock("2026-04-15")  # in the season (R-I01)
    client, _, username = w.unit()
    return Call(lambda: client.post("/inspections/unit"), username)


def api_inspect_persons(w: World) -> Call:
    client, _, username = w.unit()
    permit_no = w.permit(client, issued_on="2026-03-01")
    w.clock("2026-04-15")
    return Call(lambda: client.post("/inspections/persons", {"permit_nos": [permit_no]}), username)


def api_impose(w: World) -> Call:
    body = {
        "kind": "person_false_materials",
        "id_number": id_number(dt.date(1985, 1, 1)),
        "note": "伪造学历证明",
    }
    return Call(lambda: w.officials["haidian"].post("/penalties", body), REVIEWER)


def api_lift(w: World) -> Call:
    penalty_id = w.penalty()
    return Call(
        lambda: w.officials["city"].post(f"/penalties/{penalty_id}/lift", {"note": "复核后撤销"}), CITY
    )


def api_lookup(w: World) -> Call:
    w.penalty()
    number = id_number(dt.date(1985, 1, 1))
    return Call(lambda: w.officials["haidian"].post("/penalties/lookup", {"id_number": number}), REVIEWER)


def api_investigate(w: World) -> Call:
    client, _, _ = w.unit()
    w.permit(client)
    return Call(lambda: w.officials["haidian"].post("/investigations", {"size": 1}), REVIEWER)


def api_finding(w: World) -> Call:
    investigation_id, permit_no = w.investigation()
    body = {"permit_no": permit_no, "outcome": "employed"}
    return Call(
        lambda: w.officials["haidian"].post(f"/investigations/{investigation_id}/findings", body), REVIEWER
    )


def api_finding_left(w: World) -> Call:
    investigation_id, permit_no = w.investigation()
    body = {"permit_no": permit_no, "outcome": "left_not_cancelled", "left_on": "2026-06-10"}
    return Call(
        lambda: w.officials["haidian"].post(f"/investigations/{investigation_id}/findings", body), REVIEWER
    )


def api_read_notice(w: World) -> Call:
    client, username, notice = w.notice()
    return Call(lambda: client.post(f"/notices/{notice.pk}/read"), username)


def api_preference(w: World) -> Call:
    client, _, username = w.unit()
    body = {"kind": NoticeKind.RENEWAL_WINDOW_OPEN.value, "enabled": False}
    return Call(lambda: put(client, "/notices/preferences", body), username)


def api_import(w: World) -> Call:
    client, _, username = w.unit()
    content = filled_template(client.get("/templates/staff-import.xlsx").content, [staff_row(clock.today())])
    return Call(lambda: client.upload("/applications/import", "staff.xlsx", content, XLSX), username)


def api_document(w: World) -> Call:
    client, _, username = w.unit()
    case_id, _ = w.draft(client)
    body = {"item_code": "NEW-07", "file": pdf_file()}
    return Call(lambda: multipart(client, f"/applications/{case_id}/documents", body), username)


@dataclass(frozen=True)
class Row:
    """One operation, a scenario performing it successfully, and the audit actions it writes: its own
    first, then one per other object the operation changes. `why` explains every row but the plain
    one-change-one-row case."""

    route: str
    scenario: Callable[[World], Call]
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
NOTICE_READ = "decision 34: reading a notice changes only the unit's own view of its inbox; not audited"

API_ROWS = [
    Row("POST /auth/token", api_token, ("auth.token_issued",)),
    Row("POST /auth/logout", api_logout, ("auth.token_revoked",)),
    Row("POST /auth/password", api_password, ("account.password_changed",)),
    Row(
        "POST /units/register",
        api_register,
        ("unit.registered",),
        "the actor is the account the registration creates (role unit), not `public`",
    ),
    Row("POST /units/{unit_id}/verification", api_verify_unit, ("unit.verification.approve",)),
    Row("POST /units/{unit_id}/unfreeze", api_unfreeze_unit, ("unit.unfrozen",)),
    Row("POST /units/{unit_id}/cap", api_cap, ("unit.cap_set",)),
    Row("POST /applications", api_create, ("case.create",)),
    Row("PATCH /applications/{case_id}", api_patch, ("case.patch",)),
    Row("POST /applications/{case_id}/photo", api_photo, ("case.photo",)),
    Row("POST /applications/{case_id}/submit", api_submit, ("case.submit",)),
    Row(
        "POST /applications/{case_id}/submit",
        api_submit_cancellation,
        ("case.submit", "permit.cancelled"),
        CANCELS_PERMIT,
    ),
    Row("POST /applications/{case_id}/withdraw", api_withdraw, ("case.withdraw",)),
    Row("POST /applications/{case_id}/review", api_review, ("case.review.pass",)),
    Row(
        "POST /applications/{case_id}/approval",
        api_approval,
        ("case.approval.approve", "permit.issued"),
        ISSUES_PERMIT,
    ),
    Row("POST /applications/{case_id}/collection", api_collection, ("case.collection",)),
    Row("POST /permits/{permit_no}/unfreeze", api_unfreeze_permit, ("permit.unfrozen",)),
    Row("POST /inspections/unit", api_inspect_unit, ("inspection.unit",)),
    Row(
        "POST /inspections/persons",
        api_inspect_persons,
        ("inspection.persons",),
        "one row for the batch, listing the permits approved and refused (decision 28)",
    ),
    Row("POST /penalties", api_impose, ("penalty.imposed",)),
    Row("POST /penalties/{penalty_id}/lift", api_lift, ("penalty.lifted",)),
    Row("POST /penalties/lookup", api_lookup, (), READ_BY_POST),
    Row("POST /investigations", api_investigate, ("investigation.started",)),
    Row("POST /investigations/{investigation_id}/findings", api_finding, ("investigation.finding",)),
    Row(
        "POST /investigations/{investigation_id}/findings",
        api_finding_left,
        ("investigation.finding", "permit.cancelled", "penalty.imposed"),
        "R-C02 and R-B03: the finding cancels the permit and disqualifies the unit, each its own row",
    ),
    Row("POST /notices/{notice_id}/read", api_read_notice, (), NOTICE_READ),
    Row("PUT /notices/preferences", api_preference, ("notice.preference",)),
    Row(
        "POST /applications/import",
        api_import,
        ("case.import",),
        "one row for the batch of drafts, listing their numbers (decision 39)",
    ),
    Row("POST /applications/{case_id}/documents", api_document, ("case.document_uploaded",)),
]


# --- the web's scenarios -------------------------------------------------------------------------------


def web_login(w: World) -> Call:
    _, _, username = w.unit()
    return Call(lambda: Client().post("/login", {"username": username, "password": UNIT_PASSWORD}), username)


def web_logout(w: World) -> Call:
    _, _, username = w.unit()
    browser = w.browser(username)
    return Call(lambda: browser.post("/logout"), username)


def web_register(w: World) -> Call:
    form = registration_form("web_registered_hr")
    return Call(lambda: Client().post("/register", form), "web_registered_hr")


def web_register_check(w: World) -> Call:
    return Call(lambda: Client().post("/register/check/uscc", {"uscc": "91110105MA01C0DE0X"}, **HX), "")


def web_case_start(w: World) -> Call:
    _, _, username = w.unit()
    browser = w.browser(username)
    form = {"person.name": "赵敏", "person.id_number": id_number(dt.date(1991, 2, 3), "F")}
    return Call(lambda: browser.post("/unit/cases/new/new", form), username)


def web_case_save(w: World) -> Call:
    client, _, username = w.unit()
    case_id, data = w.draft(client)
    browser = w.browser(username)
    form = form_of(data) | {"person.hukou": "河北省保定市"}
    return Call(lambda: browser.post(f"/unit/cases/{case_id}", form), username)


def web_case_live(w: World) -> Call:
    client, _, username = w.unit()
    case_id, data = w.draft(client)
    browser = w.browser(username)
    form = form_of(data) | {"person.hukou": "河北省保定市"}
    return Call(lambda: browser.post(f"/unit/cases/{case_id}/live", form, **HX), username)


def web_case_photo(w: World) -> Call:
    client, _, username = w.unit()
    case_id, _ = w.draft(client)
    browser = w.browser(username)
    upload = SimpleUploadedFile("p.jpg", photo(), "image/jpeg")
    return Call(lambda: browser.post(f"/unit/cases/{case_id}/photo", {"file": upload}), username)


def web_case_document(w: World) -> Call:
    client, _, username = w.unit()
    case_id, _ = w.draft(client)
    browser = w.browser(username)
    form = {"item_code": "NEW-07", "file": pdf_file()}
    return Call(lambda: browser.post(f"/unit/cases/{case_id}/documents", form), username)


def web_case_submit(w: World) -> Call:
    client, _, username = w.unit()
    case_id, _ = w.draft(client, with_photo=True)
    browser = w.browser(username)
    return Call(lambda: browser.post(f"/unit/cases/{case_id}/submit"), username)


def web_case_withdraw(w: World) -> Call:
    client, _, username = w.unit()
    case = w.file_new_case(client, until="submitted")
    browser = w.browser(username)
    return Call(lambda: browser.post(f"/unit/cases/{case['id']}/withdraw"), username)


def web_case_rate(w: World) -> Call:
    client, _, username = w.unit()
    case = w.file_new_case(client, until="submitted")
    assert client.post(f"/applications/{case['id']}/withdraw").status_code == 200  # an ended case
    browser = w.browser(username)
    return Call(
        lambda: browser.post(f"/unit/cases/{case['id']}/rating", {"score": 5, "comment": "窗口很快"}),
        username,
    )


def web_case_import(w: World) -> Call:
    _, _, username = w.unit()
    browser = w.browser(username)
    content = filled_template(
        browser.get("/unit/downloads/staff-import.xlsx").content, [staff_row(clock.today())]
    )
    upload = SimpleUploadedFile("staff.xlsx", content, XLSX)
    return Call(lambda: browser.post("/unit/cases/import", {"file": upload}), username)


def web_inspect_unit(w: World) -> Call:
    w.clock("2026-04-15")
    _, _, username = w.unit()
    browser = w.browser(username)
    return Call(lambda: browser.post("/unit/inspection", {"unit": "1"}), username)


def _inspection_staff(w: World) -> tuple[Client, str, str]:
    client, _, username = w.unit()
    permit_no = w.permit(client, issued_on="2026-03-01")
    w.clock("2026-04-15")
    return w.browser(username), username, permit_no


def web_inspect_persons(w: World) -> Call:
    browser, username, permit_no = _inspection_staff(w)
    return Call(
        lambda: browser.post("/unit/inspection", {"scope": "selected", "permit_no": [permit_no]}), username
    )


def web_inspect_both(w: World) -> Call:
    browser, username, permit_no = _inspection_staff(w)
    form = {"unit": "1", "scope": "selected", "permit_no": [permit_no]}
    return Call(lambda: browser.post("/unit/inspection", form), username)


def web_notice_read(w: World) -> Call:
    _, username, notice = w.notice()
    browser = w.browser(username)
    return Call(lambda: browser.post(f"/unit/inbox/{notice.pk}/read", **HX), username)


def web_notice_kind(w: World) -> Call:
    _, _, username = w.unit()
    browser = w.browser(username)
    kinds = [k for k in NoticeKind.values if k != NoticeKind.RENEWAL_WINDOW_OPEN]
    return Call(lambda: browser.post("/unit/inbox/settings", {"kind": kinds}), username)


def web_notice_email(w: World) -> Call:
    _, _, username = w.unit()
    browser = w.browser(username)
    form = {"kind": list(NoticeKind.values), "email": "hr@example.com"}
    return Call(lambda: browser.post("/unit/inbox/settings", form), username)


def web_review(w: World) -> Call:
    client, _, _ = w.unit()
    case = w.file_new_case(client, until="submitted")
    form = {"decision": "pass", "materials_received": checklist_codes(client, case["id"])}
    browser = w.browser(REVIEWER)
    return Call(lambda: browser.post(f"/office/cases/{case['id']}/review", form), REVIEWER)


def web_approval(w: World) -> Call:
    client, _, _ = w.unit()
    case = w.file_new_case(client, until="district_passed")
    browser = w.browser(CITY)
    return Call(lambda: browser.post(f"/office/cases/{case['id']}/approval", {"decision": "approve"}), CITY)


def web_collection(w: World) -> Call:
    client, _, _ = w.unit()
    case = w.file_new_case(client, until="approved")
    browser = w.browser(REVIEWER)
    return Call(
        lambda: browser.post(f"/office/cases/{case['id']}/collection", {"collected_by": "holder"}), REVIEWER
    )


def web_verify_unit(w: World) -> Call:
    _, unit_id, _ = w.unit(active=False)
    browser = w.browser(REVIEWER)
    form = {"decision": "approve", "materials_received": REG}
    return Call(lambda: browser.post(f"/office/units/{unit_id}/verify", form), REVIEWER)


def web_unfreeze_unit(w: World) -> Call:
    _, unit_id, _ = w.unit()
    Unit.objects.filter(pk=unit_id).update(status="frozen")  # the 2 May job's doing
    browser = w.browser(REVIEWER)
    return Call(
        lambda: browser.post(f"/office/units/{unit_id}/unfreeze", {"note": "已出示营业执照"}), REVIEWER
    )


def web_unfreeze_permit(w: World) -> Call:
    client, _, _ = w.unit()
    permit_no = w.permit(client)
    Permit.objects.filter(permit_no=permit_no).update(frozen_at=timezone.now())  # the 2 May job's doing
    browser = w.browser(REVIEWER)
    return Call(
        lambda: browser.post(f"/office/frozen-permits/{permit_no}/unfreeze", {"note": "单位书面申请"}),
        REVIEWER,
    )


def web_penalty_filter(w: World) -> Call:
    w.penalty()
    browser = w.browser(REVIEWER)
    return Call(
        lambda: browser.post("/office/penalties/", {"id_number": id_number(dt.date(1985, 1, 1))}), REVIEWER
    )


def web_impose(w: World) -> Call:
    browser = w.browser(REVIEWER)
    form = {
        "kind": "person_false_materials",
        "id_number": id_number(dt.date(1985, 1, 1)),
        "note": "伪造学历证明",
    }
    return Call(lambda: browser.post("/office/penalties/impose", form), REVIEWER)


def web_lift(w: World) -> Call:
    penalty_id = w.penalty()
    browser = w.browser(CITY)
    return Call(lambda: browser.post(f"/office/penalties/{penalty_id}/lift", {"note": "复核后撤销"}), CITY)


def web_investigate(w: World) -> Call:
    client, _, _ = w.unit()
    w.permit(client)
    browser = w.browser(REVIEWER)
    return Call(lambda: browser.post("/office/investigations/new", {"size": 1}), REVIEWER)


def web_finding(w: World) -> Call:
    investigation_id, permit_no = w.investigation()
    browser = w.browser(REVIEWER)
    form = {"permit_no": permit_no, "outcome": "employed"}
    return Call(lambda: browser.post(f"/office/investigations/{investigation_id}/findings", form), REVIEWER)


WEB_ROWS = [
    Row("POST /login", web_login, ("auth.login",)),
    Row("POST /logout", web_logout, ("auth.logout",)),
    Row(
        "POST /register",
        web_register,
        ("unit.registered",),
        "the actor is the account the registration creates (role unit), not `public`",
    ),
    Row(
        "POST /register/check/<str:field>",
        web_register_check,
        (),
        "checks one field as it is typed and answers its message; changes nothing",
    ),
    Row(
        "POST /unit/cases/import",
        web_case_import,
        ("case.import",),
        "one row for the batch of drafts, listing their numbers (decision 39)",
    ),
    Row("POST /unit/cases/new/<str:case_type>", web_case_start, ("case.create",)),
    Row("POST /unit/cases/<int:case_id>", web_case_save, ("case.patch",)),
    Row("POST /unit/cases/<int:case_id>/live", web_case_live, ("case.patch",)),
    Row("POST /unit/cases/<int:case_id>/photo", web_case_photo, ("case.photo",)),
    Row("POST /unit/cases/<int:case_id>/documents", web_case_document, ("case.document_uploaded",)),
    Row("POST /unit/cases/<int:case_id>/submit", web_case_submit, ("case.submit",)),
    Row("POST /unit/cases/<int:case_id>/withdraw", web_case_withdraw, ("case.withdraw",)),
    Row("POST /unit/cases/<int:case_id>/rating", web_case_rate, ("case.rated",)),
    Row("POST /unit/inspection", web_inspect_unit, ("inspection.unit",)),
    Row(
        "POST /unit/inspection",
        web_inspect_persons,
        ("inspection.persons",),
        "one row for the batch, listing the permits approved and refused",
    ),
    Row(
        "POST /unit/inspection",
        web_inspect_both,
        ("inspection.unit", "inspection.persons"),
        "one form, two operations (the unit's inspection and its staff's): each writes its own row",
    ),
    Row("POST /unit/inbox/<int:notice_id>/read", web_notice_read, (), NOTICE_READ),
    Row(
        "POST /unit/inbox/settings",
        web_notice_kind,
        ("notice.preference",),
        "one row per kind whose setting changed; here one",
    ),
    Row(
        "POST /unit/inbox/settings",
        web_notice_email,
        ("account.email_changed",),
        "the kinds posted unchanged write nothing; the new address its row (decision 47)",
    ),
    Row("POST /office/cases/<int:case_id>/review", web_review, ("case.review.pass",)),
    Row(
        "POST /office/cases/<int:case_id>/approval",
        web_approval,
        ("case.approval.approve", "permit.issued"),
        ISSUES_PERMIT,
    ),
    Row("POST /office/cases/<int:case_id>/collection", web_collection, ("case.collection",)),
    Row("POST /office/units/<int:unit_id>/verify", web_verify_unit, ("unit.verification.approve",)),
    Row("POST /office/units/<int:unit_id>/unfreeze", web_unfreeze_unit, ("unit.unfrozen",)),
    Row("POST /office/frozen-permits/<str:permit_no>/unfreeze", web_unfreeze_permit, ("permit.unfrozen",)),
    Row(
        "POST /office/penalties/",
        web_penalty_filter,
        (),
        "the list's filter, posted so that an ID number stays out of the URL (security decision 15); "
        "ID numbers masked (R-S02): a read",
    ),
    Row("POST /office/penalties/impose", web_impose, ("penalty.imposed",)),
    Row("POST /office/penalties/<int:penalty_id>/lift", web_lift, ("penalty.lifted",)),
    Row("POST /office/investigations/new", web_investigate, ("investigation.started",)),
    Row(
        "POST /office/investigations/<int:investigation_id>/findings", web_finding, ("investigation.finding",)
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
    call = row.scenario(world)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = call.send()
    assert response.status_code < 400, (response.status_code, response.content[:600])
    written = list(AuditEvent.objects.filter(pk__gt=last).order_by("pk"))
    assert Counter(e.action for e in written) == Counter(row.actions), (
        f"{row.route}: wrote {[e.action for e in written]}, expected {list(row.actions)}"
    )
    for event in written:
        _assert_complete(event, call.actor)


@pytest.mark.parametrize("row", API_ROWS, ids=lambda row: row.id)
def test_api_operation_writes_its_complete_audit_rows(row: Row, world: World) -> None:
    _check(row, world)


@pytest.mark.parametrize("row", WEB_ROWS, ids=lambda row: row.id)
def test_web_form_writes_its_complete_audit_rows(row: Row, world: World) -> None:
    _check(row, world)


# --- no operation escapes ------------------------------------------------------------------------------


def _api_route(path: str) -> str:
    """A router path as the tables write it: `/applications/{case_id}` for `/applications/{int:case_id}`."""
    path = re.sub(r"\{\w+:(\w+)\}", r"{\1}", path)
    return re.sub(r"/+", "/", path).rstrip("/") or "/"


def api_mutations() -> set[str]:
    """Every mutating operation of the NinjaAPI object, from its routers (not the OpenAPI document,
    which an operation can leave itself out of)."""
    found = set()
    for prefix, router in ninja_api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in set(operation.methods) & MUTATING:
                    found.add(f"{method} {_api_route(prefix + '/' + path)}")
    return found


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
    routes = api_mutations()
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
