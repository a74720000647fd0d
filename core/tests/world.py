"""The world a test scenario is set up in, and the one request it then sends: test code only (the
wheel leaves `*.tests` out, and no production module imports it).

`World` builds the state a write needs — units, drafts, permits, penalties, investigations, notices,
web sessions — through the API as every other test does, over the root conftest's fixtures (`world`
there hands one out). `Write` is the request a scenario then counts: a valid body that `send` posts
as it is, or with extra fields added (the protected-fields test's second run). The scenarios
themselves, one valid write per route and form, are core/tests/writes.py.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client

from accounts.models import User
from core import clock
from notices.models import Notice
from notices.sweep import renewal_window_open
from ops.demo import id_number, new_application, photo

UNIT_PASSWORD = "Unit-pass-2026"  # noqa: S105 (ops.demo.registration's default)
REG = ["REG-01", "REG-02", "REG-03"]
HX = {"HTTP_HX_REQUEST": "true"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERSON = id_number(dt.date(1985, 1, 1))  # the person a penalty names
REVIEWER, CITY = "hd_reviewer", "city_approver"  # the conftest `officials` "haidian" and "city"


@dataclass
class World:
    """The conftest fixtures a scenario is built from, and the steps scenarios share."""

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
        """A penalty on PERSON (false materials), imposed by the city: its id."""
        body = {"kind": "person_false_materials", "id_number": PERSON, "note": "伪造学历证明"}
        made = self.officials["city"].post("/penalties", body)
        assert made.status_code == 201, made.content
        return int(made.json()["id"])

    def notice(self) -> tuple[Any, str, Notice]:
        """A unit with one renewal reminder in its inbox (the daily job's step, as test_inbox sets it up)."""
        client, unit_id, username = self.unit()
        self.clock("2023-06-15")
        self.file_new_case(client)
        self.clock("2026-05-20")
        renewal_window_open(dt.date(2026, 5, 20))
        return client, username, Notice.objects.get(unit_id=unit_id, kind="renewal_window_open")


@dataclass(frozen=True)
class Write:
    """The one request of a scenario. `client` the conftest `Api` client, or a signed-in (or anonymous)
    browser when `web` (a form instead of the API); `body` its valid body (None: it takes none);
    `files` its uploads, made afresh for each send (multipart); `into` the key of the body that extra
    fields go into instead of its top level; `actor` the username its audit rows must name."""

    client: Any
    method: str
    path: str
    body: dict[str, Any] | None = None
    files: Callable[[], dict[str, SimpleUploadedFile]] | None = None
    into: str | None = None
    web: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    actor: str = ""


def _form_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)


def send(write: Write, extra: dict[str, Any] | None = None) -> HttpResponse:
    """The write, with `extra` fields added when given (none: the valid write alone); its own fields win."""
    body = dict(write.body or {})
    if write.into is not None and extra:
        body[write.into] = {**extra, **body[write.into]}
    elif extra:
        body = {**extra, **body}
    files = write.files() if write.files is not None else {}
    if write.web:
        form = {k: _form_value(v) for k, v in body.items()} | files
        return write.client.post(write.path, form, **write.headers)
    api, path = write.client, "/api/v1" + write.path
    if files:
        form = {k: _form_value(v) for k, v in body.items()} | files
        return api.client.post(path, form, **api._headers())
    if write.body is None and not extra:
        return api.client.generic(write.method, path, **api._headers())
    return api.client.generic(
        write.method, path, json.dumps(body), content_type="application/json", **api._headers()
    )
