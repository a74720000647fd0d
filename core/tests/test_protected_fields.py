"""Protected fields injected into every write change nothing (issue 10; OWASP ASVS 5.0 V15.3.3, mass
assignment). Every write of the API — each POST / PUT / PATCH / DELETE of the one NinjaAPI object,
walked from its routers so that a new one without a row fails here — and the unit portal's forms
(registration, starting and editing a case, the reminder settings) are sent twice from the same
state: once with a valid body, once with the same body plus fields that name what only the system
sets (INJECTED: status, owner, district, numbers, deciders, decision times, roles and rights). The
second may refuse them (400) or ignore them, never apply them: it must leave every stored row exactly
as the first left it (or, refused, as it was). The two runs start from one savepoint, so they are
compared row by row over every table of the project's apps.

A valid body's own field wins over an injected one of the same name (`district` is the registration's
own input, `unit_id` a unit penalty's): such a field is the operation's to take, not a protected one."""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from accounts.models import User
from config.api import api as ninja_api
from core import clock
from core.clock import SHANGHAI
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
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
PERSON = id_number(dt.date(1985, 1, 1))  # the person a penalty names
POISON_ID = 987_654  # an id no row has: applied, it would be some row's primary key
POISON_TIME = "2001-02-03T04:05:06+08:00"  # a date no row has: applied, it would show as 2001-02-03


def injected(intruder_unit: int, intruder_user: int, group: int) -> dict[str, Any]:
    """The protected fields a write must never take from its caller: what a row's status, owner and
    district are, its numbers, who decided it and when, an account's role and rights. Ids point at
    another unit (in Chaoyang) and its operator, or at a group with rights, so an applied one shows."""
    return {
        "id": POISON_ID,
        "pk": POISON_ID,
        "status": "approved",
        "type": "cancellation",
        "unit": intruder_unit,
        "unit_id": intruder_unit,
        "district": "chaoyang",
        "district_id": "chaoyang",
        "case_no": "XG2001020300001",
        "number": "XG2001020300001",
        "permit_no": "BJ20019999999",
        "permit_id": POISON_ID,
        "holder_id": POISON_ID,
        "reviewed_by": intruder_user,
        "review_note": "注入的审核意见",
        "approved_by": intruder_user,
        "decided_at": POISON_TIME,
        "submitted_at": POISON_TIME,
        "created_at": POISON_TIME,
        "created_by": intruder_user,
        "created_by_id": intruder_user,
        "verified_at": POISON_TIME,
        "frozen_at": POISON_TIME,
        "cancelled_at": POISON_TIME,
        "expiry_date": "2099-12-31",
        "lifted_at": POISON_TIME,
        "read_at": POISON_TIME,
        "permit_cap_override": 99_999,
        "special_talent_confirmed": True,
        "late": True,
        "seed": 1,
        "role": "admin",
        "is_staff": True,
        "is_superuser": True,
        "is_active": False,
        "auth_generation": 0,
        "password_changed_at": POISON_TIME,
        "groups": [group],
        "user_permissions": [1, 2, 3],
    }


# --- the state every table holds ---------------------------------------------------------------------

# Audit rows say what happened (times, chained hashes), not what is: decision 7's own tests check them.
SKIPPED = {"audit.auditevent"}
# Values made at random on each run, which two runs never share.
RANDOM = {
    "accounts.user": {"password"},
    "accounts.apitoken": {"key_hash"},
    "penalties.investigation": {"seed"},
    "cases.case": {"photo_name"},
    "documents.casedocument": {"name"},
}


def _models() -> list[type[models.Model]]:
    """Every table of the project's apps, the many-to-many ones (an account's groups) included."""
    base, venv = Path(settings.BASE_DIR), Path(settings.BASE_DIR) / ".venv"
    out = []
    for model in apps.get_models(include_auto_created=True):
        where = Path(model._meta.app_config.path)
        if where.is_relative_to(base) and not where.is_relative_to(venv):
            if model._meta.label_lower not in SKIPPED:
                out.append(model)
    return out


def _pks() -> dict[str, set[Any]]:
    return {m._meta.label_lower: set(m._default_manager.values_list("pk", flat=True)) for m in _models()}


def _value(value: Any) -> Any:
    """A time as its date in Beijing: two runs a moment apart agree, an applied POISON_TIME does not."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value, SHANGHAI).date()
    return value


def state(before: dict[str, set[Any]]) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table. Rows made since `before` are named by their order ("new 0", …) and so
    are the references to them, so that two runs agree whatever ids the database handed out
    (PostgreSQL's sequences do not roll back with a savepoint)."""
    tables = _models()
    pks = _pks()
    alias = {
        label: {pk: f"new {i}" for i, pk in enumerate(sorted(pks[label] - before.get(label, set())))}
        for label in pks
    }
    out = {}
    for model in tables:
        label = model._meta.label_lower
        rows = []
        for row in model._default_manager.order_by("pk").values():
            shown = {}
            for f in model._meta.concrete_fields:
                if f.attname in RANDOM.get(label, set()):
                    continue
                value = row[f.attname]
                if f.primary_key:
                    value = alias[label].get(value, value)
                elif f.is_relation and f.related_model is not None:
                    value = alias.get(f.related_model._meta.label_lower, {}).get(value, value)
                shown[f.attname] = _value(value)
            rows.append(shown)
        out[label] = rows
    return out


def differences(got: dict[str, list[Any]], wanted: dict[str, list[Any]]) -> dict[str, Any]:
    return {label: {"got": got[label], "wanted": wanted[label]}
            for label in wanted if got[label] != wanted[label]}


# --- the writes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Write:
    """The one request of a row. `body` is its valid body (None: it takes none); `files` its uploads,
    made afresh for each send (multipart); `into` the key of the body to inject into instead of its
    top level; `web` a signed-in (or anonymous) browser posting a form instead of the API."""

    client: Any
    method: str
    path: str
    body: dict[str, Any] | None = None
    files: Callable[[], dict[str, SimpleUploadedFile]] | None = None
    into: str | None = None
    web: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def _form_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)


def send(write: Write, extra: dict[str, Any]) -> HttpResponse:
    """The write with `extra` fields added (none for the control run); its own fields win."""
    body = dict(write.body or {})
    if write.into is not None and extra:
        body[write.into] = {**extra, **body[write.into]}
    elif extra:
        body = {**extra, **body}
    if write.web:
        form = {k: _form_value(v) for k, v in body.items()}
        return write.client.post(write.path, form, **write.headers)
    api, path = write.client, "/api/v1" + write.path
    if write.files is not None:
        form = {k: _form_value(v) for k, v in body.items()} | write.files()
        return api.client.post(path, form, **api._headers())
    if write.body is None and not extra:
        return api.client.generic(write.method, path, **api._headers())
    return api.client.generic(write.method, path, json.dumps(body), content_type="application/json",
                              **api._headers())


@dataclass
class World:
    api: Any
    officials: dict[str, Any]
    make_unit: Callable[..., tuple[Any, int]]
    file_new_case: Callable[..., dict[str, Any]]
    clock: Callable[[Any], None]

    def draft(self, client: Any, *, with_photo: bool = False) -> tuple[int, dict[str, Any]]:
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

    def penalty(self) -> int:
        body = {"kind": "person_false_materials", "id_number": PERSON, "note": "伪造学历证明"}
        made = self.officials["city"].post("/penalties", body)
        assert made.status_code == 201, made.content
        return int(made.json()["id"])

    def browser(self, unit_id: int) -> Client:
        client = Client()
        client.force_login(User.objects.get(unit_id=unit_id))
        return client


@pytest.fixture
def world(api, officials, make_unit, file_new_case, clock) -> World:
    return World(api, officials, make_unit, file_new_case, clock)


def _checklist(client: Any, case_id: int) -> list[str]:
    return [i["code"] for i in client.get(f"/applications/{case_id}").json()["checklist"]]


def token(w: World) -> Write:
    client, unit_id = w.make_unit()
    username = User.objects.get(unit_id=unit_id).username
    return Write(w.api, "POST", "/auth/token", {"username": username, "password": UNIT_PASSWORD})


def logout(w: World) -> Write:
    return Write(w.make_unit()[0], "POST", "/auth/logout")


def password(w: World) -> Write:
    body = {"old_password": UNIT_PASSWORD, "new_password": "Another-pass-2027"}
    return Write(w.make_unit()[0], "POST", "/auth/password", body)


def register(w: World) -> Write:
    return Write(w.api, "POST", "/units/register", registration("self_registered_hr"))


def verify_unit(w: World) -> Write:
    _, unit_id = w.make_unit(active=False)
    body = {"decision": "approve", "materials_received": REG, "note": ""}
    return Write(w.officials["haidian"], "POST", f"/units/{unit_id}/verification", body)


def unfreeze_unit(w: World) -> Write:
    _, unit_id = w.make_unit()
    Unit.objects.filter(pk=unit_id).update(status="frozen")  # the 2 May job's doing
    return Write(w.officials["haidian"], "POST", f"/units/{unit_id}/unfreeze", {"note": "已出示营业执照"})


def cap(w: World) -> Write:
    _, unit_id = w.make_unit()
    body = {"permit_cap": 50, "note": "重点引进企业"}
    return Write(w.officials["city"], "POST", f"/units/{unit_id}/cap", body)


def create(w: World) -> Write:
    return Write(w.make_unit()[0], "POST", "/applications", {"type": "new", **new_application(clock.today())})


def create_into_person(w: World) -> Write:
    """Into the applicant's section, which becomes the permit holder's record at approval."""
    return Write(w.make_unit()[0], "POST", "/applications", {"type": "new", **new_application(clock.today())},
                 into="person")


def create_unit_change_into_changes(w: World) -> Write:
    """Into a unit-information change's `changes`, which the approval sets on the unit field by field."""
    body = {"type": "unit_info_change", "changes": {"address": "北京市海淀区中关村南大街5号"}}
    return Write(w.make_unit()[0], "POST", "/applications", body, into="changes")


def create_general_change_into_changes(w: World) -> Write:
    """Into a general change's `changes`, which the approval sets on the holder."""
    client, _ = w.make_unit()
    body = {"type": "general_change", "permit_no": w.permit(client), "changes": {"name": "张维"}}
    return Write(client, "POST", "/applications", body, into="changes")


def patch(w: World) -> Write:
    client, _ = w.make_unit()
    case_id, data = w.draft(client)
    body = {"person": {**data["person"], "hukou": "河北省保定市"}}
    return Write(client, "PATCH", f"/applications/{case_id}", body)


def upload_photo(w: World) -> Write:
    client, _ = w.make_unit()
    case_id, _ = w.draft(client)
    files = lambda: {"file": SimpleUploadedFile("p.jpg", photo(), "image/jpeg")}  # noqa: E731
    return Write(client, "POST", f"/applications/{case_id}/photo", {}, files=files)


def upload_document(w: World) -> Write:
    client, _ = w.make_unit()
    case_id, _ = w.draft(client)
    files = lambda: {"file": SimpleUploadedFile("学位证书.pdf", scan_pdf(), "application/pdf")}  # noqa: E731
    return Write(client, "POST", f"/applications/{case_id}/documents", {"item_code": "NEW-07"}, files=files)


def import_staff(w: World) -> Write:
    client, _ = w.make_unit()
    content = filled_template(client.get("/templates/staff-import.xlsx").content, [staff_row(clock.today())])
    files = lambda: {"file": SimpleUploadedFile("staff.xlsx", content, XLSX)}  # noqa: E731
    return Write(client, "POST", "/applications/import", {}, files=files)


def submit(w: World) -> Write:
    client, _ = w.make_unit()
    case_id, _ = w.draft(client, with_photo=True)
    return Write(client, "POST", f"/applications/{case_id}/submit")


def withdraw(w: World) -> Write:
    client, _ = w.make_unit()
    case = w.file_new_case(client, until="submitted")
    return Write(client, "POST", f"/applications/{case['id']}/withdraw")


def review(w: World) -> Write:
    client, _ = w.make_unit()
    case = w.file_new_case(client, until="submitted")
    body = {"decision": "pass", "materials_received": _checklist(client, case["id"]), "note": "材料齐全"}
    return Write(w.officials["haidian"], "POST", f"/applications/{case['id']}/review", body)


def approval(w: World) -> Write:
    client, _ = w.make_unit()
    case = w.file_new_case(client, until="district_passed")
    return Write(w.officials["city"], "POST", f"/applications/{case['id']}/approval", {"decision": "approve"})


def collection(w: World) -> Write:
    client, _ = w.make_unit()
    case = w.file_new_case(client, until="approved")
    body = {"collected_by": "holder", "note": ""}
    return Write(w.officials["haidian"], "POST", f"/applications/{case['id']}/collection", body)


def unfreeze_permit(w: World) -> Write:
    client, _ = w.make_unit()
    permit_no = w.permit(client)
    Permit.objects.filter(permit_no=permit_no).update(frozen_at=timezone.now())  # the 2 May job's doing
    return Write(w.officials["haidian"], "POST", f"/permits/{permit_no}/unfreeze", {"note": "单位书面申请"})


def inspect_unit(w: World) -> Write:
    w.clock("2026-04-15")  # in the season (R-I01)
    return Write(w.make_unit()[0], "POST", "/inspections/unit")


def inspect_persons(w: World) -> Write:
    client, _ = w.make_unit()
    permit_no = w.permit(client, issued_on="2026-03-01")
    w.clock("2026-04-15")
    return Write(client, "POST", "/inspections/persons", {"permit_nos": [permit_no]})


def impose(w: World) -> Write:
    _, unit_id = w.make_unit()
    body = {"kind": "unit_review_failure", "unit_id": unit_id, "note": "年度审核不合格"}
    return Write(w.officials["haidian"], "POST", "/penalties", body)


def lift(w: World) -> Write:
    return Write(w.officials["city"], "POST", f"/penalties/{w.penalty()}/lift", {"note": "复核后撤销"})


def lookup(w: World) -> Write:
    w.penalty()
    return Write(w.officials["haidian"], "POST", "/penalties/lookup", {"id_number": PERSON})


def investigate(w: World) -> Write:
    w.permit(w.make_unit()[0])
    return Write(w.officials["haidian"], "POST", "/investigations", {"size": 1})


def finding(w: World) -> Write:
    permit_no = w.permit(w.make_unit()[0])
    started = w.officials["haidian"].post("/investigations", {"size": 1})
    assert started.status_code == 201, started.content
    body = {"permit_no": permit_no, "outcome": "left_not_cancelled", "left_on": "2026-06-10"}
    return Write(w.officials["haidian"], "POST", f"/investigations/{started.json()['id']}/findings", body)


def read_notice(w: World) -> Write:
    client, unit_id = w.make_unit()
    w.clock("2023-06-15")
    w.file_new_case(client)
    w.clock("2026-05-20")
    renewal_window_open(dt.date(2026, 5, 20))
    return Write(client, "POST", f"/notices/{Notice.objects.get(unit_id=unit_id).pk}/read")


def preference(w: World) -> Write:
    body = {"kind": NoticeKind.RENEWAL_WINDOW_OPEN.value, "enabled": False}
    return Write(w.make_unit()[0], "PUT", "/notices/preferences", body)


# (route as the routers spell it, the scenario): a route may have several rows.
API_ROWS = [
    ("POST /auth/token", token),
    ("POST /auth/logout", logout),
    ("POST /auth/password", password),
    ("POST /units/register", register),
    ("POST /units/{unit_id}/verification", verify_unit),
    ("POST /units/{unit_id}/unfreeze", unfreeze_unit),
    ("POST /units/{unit_id}/cap", cap),
    ("POST /applications", create),
    ("POST /applications", create_into_person),
    ("POST /applications", create_unit_change_into_changes),
    ("POST /applications", create_general_change_into_changes),
    ("PATCH /applications/{case_id}", patch),
    ("POST /applications/{case_id}/photo", upload_photo),
    ("POST /applications/{case_id}/documents", upload_document),
    ("POST /applications/import", import_staff),
    ("POST /applications/{case_id}/submit", submit),
    ("POST /applications/{case_id}/withdraw", withdraw),
    ("POST /applications/{case_id}/review", review),
    ("POST /applications/{case_id}/approval", approval),
    ("POST /applications/{case_id}/collection", collection),
    ("POST /permits/{permit_no}/unfreeze", unfreeze_permit),
    ("POST /inspections/unit", inspect_unit),
    ("POST /inspections/persons", inspect_persons),
    ("POST /penalties", impose),
    ("POST /penalties/{penalty_id}/lift", lift),
    ("POST /penalties/lookup", lookup),
    ("POST /investigations", investigate),
    ("POST /investigations/{investigation_id}/findings", finding),
    ("POST /notices/{notice_id}/read", read_notice),
    ("PUT /notices/preferences", preference),
]


# --- the unit portal's forms ----------------------------------------------------------------------------


def web_register(w: World) -> Write:
    body = registration("web_registered_hr")
    operator = body.pop("operator")
    form = {k: v for k, v in body.items()} | {
        "operator_name": operator["name"],
        "operator_id_number": operator["id_number"],
        "operator_phone": operator["phone"],
        "password_confirm": body["password"],
    }
    return Write(Client(), "POST", "/register", form, web=True)


def web_case_start(w: World) -> Write:
    _, unit_id = w.make_unit()
    person = new_application(clock.today())["person"]
    form = {"person.name": person["name"], "person.id_number": person["id_number"]}
    return Write(w.browser(unit_id), "POST", "/unit/cases/new/new", form, web=True)


def _case_form(w: World) -> tuple[Client, int, dict[str, Any]]:
    client, unit_id = w.make_unit()
    case_id, data = w.draft(client)
    data["person"]["hukou"] = "河北省保定市"
    form = {k: v for k, v in flatten(data).items() if v not in (False, None)}
    return w.browser(unit_id), case_id, form


def web_case_save(w: World) -> Write:
    browser, case_id, form = _case_form(w)
    return Write(browser, "POST", f"/unit/cases/{case_id}", form, web=True)


def web_case_live(w: World) -> Write:
    browser, case_id, form = _case_form(w)
    return Write(browser, "POST", f"/unit/cases/{case_id}/live", form, web=True,
                 headers={"HTTP_HX_REQUEST": "true"})


def web_settings(w: World) -> Write:
    _, unit_id = w.make_unit()
    kinds = [k for k in NoticeKind.values if k != NoticeKind.RENEWAL_WINDOW_OPEN]
    body = {"kind": kinds, "email": "hr@example.com"}
    return Write(w.browser(unit_id), "POST", "/unit/inbox/settings", body, web=True)


WEB_ROWS = [
    ("POST /register", web_register),
    ("POST /unit/cases/new/<str:case_type>", web_case_start),
    ("POST /unit/cases/<int:case_id>", web_case_save),
    ("POST /unit/cases/<int:case_id>/live", web_case_live),
    ("POST /unit/inbox/settings", web_settings),
]


# --- the check --------------------------------------------------------------------------------------------


@pytest.fixture
def poison(make_unit) -> dict[str, Any]:
    """INJECTED aimed at another unit (Chaoyang), its operator, and a group with rights."""
    from accounts.separation import reference_data_group

    _, intruder = make_unit("chaoyang")
    operator = User.objects.get(unit_id=intruder)
    return injected(intruder, operator.pk, reference_data_group().pk)


def _check(write: Write, extra: dict[str, Any]) -> None:
    before_pks = _pks()
    before = state(before_pks)
    # the control: the valid body alone, then undone
    savepoint = transaction.savepoint()
    control = send(write, {})
    assert control.status_code < 400, (control.status_code, control.content[:600])
    wanted = state(before_pks)
    transaction.savepoint_rollback(savepoint)
    assert state(before_pks) == before  # the control left nothing behind
    # the same write with the protected fields
    response = send(write, extra)
    got = state(before_pks)
    if response.status_code == 400:  # refused: nothing changed at all
        assert differences(got, before) == {}
    else:
        assert response.status_code == control.status_code, (response.status_code, response.content[:600])
        assert differences(got, wanted) == {}
    assert not any(POISON_ID in pks for pks in _pks().values())


@pytest.mark.parametrize(("route", "scenario"), API_ROWS, ids=[f"{r} [{s.__name__}]" for r, s in API_ROWS])
def test_protected_fields_injected_into_an_api_write_change_nothing(route, scenario, world, poison):
    _check(scenario(world), poison)


@pytest.mark.parametrize(("route", "scenario"), WEB_ROWS, ids=[f"{r} [{s.__name__}]" for r, s in WEB_ROWS])
def test_protected_fields_posted_to_a_unit_portal_form_change_nothing(route, scenario, world, poison):
    _check(scenario(world), poison)


def _route(prefix: str, path: str) -> str:
    """A router path as the table spells it: `/applications/{case_id}` for `/applications/{int:case_id}`."""
    import re

    joined = re.sub(r"\{\w+:(\w+)\}", r"{\1}", prefix + "/" + path)
    return re.sub(r"/+", "/", joined).rstrip("/") or "/"


def api_writes() -> set[str]:
    """Every write of the NinjaAPI object, from its routers (not the OpenAPI document, which an
    operation can leave itself out of)."""
    found = set()
    for prefix, router in ninja_api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in set(operation.methods) & WRITES:
                    found.add(f"{method} {_route(prefix, path)}")
    return found


def test_every_api_write_has_a_row():
    writes = api_writes()
    covered = {route for route, _ in API_ROWS}
    assert len(writes) >= 27  # the walk itself works
    assert writes - covered == set(), "writes with no row: add one to API_ROWS"
    assert covered - writes == set(), "rows for writes that no longer exist"
    print(f"\nprotected fields: {len(writes)} API writes ({len(API_ROWS)} rows), "
          f"{len(WEB_ROWS)} portal forms, {len(injected(0, 0, 0))} fields injected")
