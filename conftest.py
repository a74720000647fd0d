"""Fixtures shared by every app's tests."""

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

if TYPE_CHECKING:
    from core.tests.world import World

# Property tests check behaviour, not speed (speed is measured by `make bench`): no per-example deadline,
# which would fail a correct example on a busy CI machine.
hypothesis_settings.register_profile("project", deadline=None)
hypothesis_settings.load_profile("project")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "held(inspected_through=YEAR): the `held` unit files its annual inspections up to YEAR"
    )


class Api:
    """A thin JSON client for /api/v1 with an optional bearer token."""

    def __init__(self, client: Client, token: str | None = None) -> None:
        self.client, self.token = client, token

    def _headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get("/api/v1" + path, params, **self._headers())

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.client.post(
            "/api/v1" + path,
            json.dumps(body if body is not None else {}),
            content_type="application/json",
            **self._headers(),
            **extra,
        )

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(
            "/api/v1" + path, json.dumps(body), content_type="application/json", **self._headers()
        )

    def upload(self, path: str, name: str, content: bytes, content_type: str = "image/jpeg") -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post(
            "/api/v1" + path, {"file": SimpleUploadedFile(name, content, content_type)}, **self._headers()
        )

    def as_user(self, username: str, password: str) -> "Api":
        response = self.client.post(
            "/api/v1/auth/token",
            json.dumps({"username": username, "password": password}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        return Api(Client(), response.json()["token"])


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate-limit counters live in the cache; every test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """A transactional test (transaction=True, or a browser test on the live server) ends with a flush
    that empties every table, the reference data of the data migrations too; put it back before each
    such test, idempotently, with the migrations' own functions."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        marker is not None and marker.kwargs.get("transaction")
    ) or "live_server" in request.fixturenames
    if not transactional:
        return
    import importlib

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    for name in ("0002_seed_districts", "0003_seed_catalogue_and_district_contacts", "0005_district_office"):
        importlib.import_module(f"reference.migrations.{name}").seed(apps, None)


@pytest.fixture
def api(db: Any) -> Api:
    return Api(Client())


@pytest.fixture
def clock(tmp_path: Path, settings: Any) -> Callable[[dt.date | str], None]:
    """Set the test clock (api.md CLOCK_FILE): clock("2026-05-02")."""
    path = tmp_path / "clock.txt"
    settings.CLOCK_FILE = str(path)

    def set_today(day: dt.date | str) -> None:
        path.write_text(str(day), encoding="utf-8")

    set_today(dt.date(2026, 6, 15))
    return set_today


OFFICIAL_PASSWORD = "Official-Pass-2026!"


@pytest.fixture
def officials(api: Api) -> dict[str, Api]:
    """Signed-in API clients: two district reviewers (haidian, chaoyang) and a city approver."""
    from accounts.roles import Role
    from accounts.services import official_create

    made = {
        "haidian": ("hd_reviewer", Role.DISTRICT_REVIEWER, "haidian"),
        "chaoyang": ("cy_reviewer", Role.DISTRICT_REVIEWER, "chaoyang"),
        "city": ("city_approver", Role.CITY_APPROVER, None),
        "admin": ("sys_admin", Role.ADMIN, None),
    }
    for username, role, district in made.values():
        official_create(username=username, password=OFFICIAL_PASSWORD, role=role, district=district)
    return {key: api.as_user(username, OFFICIAL_PASSWORD) for key, (username, _, _) in made.items()}


@pytest.fixture
def make_unit(api: Api, officials: dict[str, Api]) -> Callable[..., tuple[Api, int]]:
    """Register a unit over the API and (by default) have its district verify it: (client, unit id)."""
    from ops.demo import registration

    counter = iter(range(1, 10_000))

    def make(
        district: str = "haidian", *, active: bool = True, entity_type: str = "enterprise"
    ) -> tuple[Api, int]:
        username = f"unit{next(counter)}_{district}"
        body = registration(username, district=district, entity_type=entity_type)
        response = api.post("/units/register", body)
        assert response.status_code == 201, response.content
        unit_id = response.json()["id"]
        if active:
            reviewer = officials[district] if district in officials else None
            if reviewer is None:
                from accounts.roles import Role
                from accounts.services import official_create

                official_create(
                    username=f"rev_{district}",
                    password=OFFICIAL_PASSWORD,
                    role=Role.DISTRICT_REVIEWER,
                    district=district,
                )
                reviewer = api.as_user(f"rev_{district}", OFFICIAL_PASSWORD)
                officials[district] = reviewer
            done = reviewer.post(
                f"/units/{unit_id}/verification",
                {"decision": "approve", "materials_received": ["REG-01", "REG-02", "REG-03"], "note": ""},
            )
            assert done.status_code == 200, done.content
        return api.as_user(username, body["password"]), unit_id

    return make


@pytest.fixture
def file_new_case(officials: dict[str, Api]) -> Callable[..., dict[str, Any]]:
    """Take a `new` case as far as `until` (draft, submitted, district_passed, approved) for `client`."""
    from core import clock as system_clock
    from ops.demo import new_application, photo

    def run(
        client: Api, data: dict[str, Any] | None = None, until: str = "approved", reviewer: str = "haidian"
    ) -> dict[str, Any]:
        case = client.post(
            "/applications", {"type": "new", **(data or new_application(system_clock.today()))}
        )
        assert case.status_code == 201, case.content
        case_id = case.json()["id"]
        steps = ["draft", "submitted", "district_passed", "approved"]
        if steps.index(until) >= 1:
            client.upload(f"/applications/{case_id}/photo", "p.jpg", photo())
            assert client.post(f"/applications/{case_id}/submit").status_code == 200
        if steps.index(until) >= 2:
            codes = [i["code"] for i in client.get(f"/applications/{case_id}").json()["checklist"]]
            assert (
                officials[reviewer]
                .post(f"/applications/{case_id}/review", {"decision": "pass", "materials_received": codes})
                .status_code
                == 200
            )
        if steps.index(until) >= 3:
            assert (
                officials["city"]
                .post(f"/applications/{case_id}/approval", {"decision": "approve"})
                .status_code
                == 200
            )
        return client.get(f"/applications/{case_id}").json()

    return run


HELD_ISSUED_ON = dt.date(2026, 6, 15)  # `held`'s permit: expiry 2029-06-15, lapses 2029-07-15 (R-V02)


class Held(NamedTuple):
    """What `held` hands out: the unit's client and id, its permit, and the approved `new` case."""

    client: Api
    unit_id: int
    permit_no: str
    case: dict[str, Any]


@pytest.fixture
def held(
    request: pytest.FixtureRequest,
    make_unit: Callable[..., tuple[Api, int]],
    file_new_case: Callable[..., dict[str, Any]],
    clock: Callable[[dt.date | str], None],
) -> Held:
    """A Haidian unit holding one valid permit, issued on HELD_ISSUED_ON to 张伟 (ops.demo's
    `new_application`); the clock is left on that day. Marked `held(inspected_through=YEAR)` (a module
    whose tests run into later years), the unit also files its own and the permit's annual inspection
    every year up to YEAR, else both read frozen from 2 May of the next year (R-I02, R-I03); the clock
    is then back on HELD_ISSUED_ON. One fixture for the cases, notices, letters and compliance tests."""
    from core.tests.support import inspect_every_year

    clock(HELD_ISSUED_ON)
    client, unit_id = make_unit("haidian")
    case = file_new_case(client)
    marker = request.node.get_closest_marker("held")
    if marker is not None:
        years = range(HELD_ISSUED_ON.year + 1, marker.kwargs["inspected_through"] + 1)
        inspect_every_year(client, clock, years, [case["permit_no"]])
        clock(HELD_ISSUED_ON)
    return Held(client, unit_id, case["permit_no"], case)


@pytest.fixture
def sweep(clock: Callable[[dt.date | str], None]) -> Callable[[str], dict[str, int]]:
    """Run the whole daily job on a day, the clock moved there first: sweep("2026-05-02") (the
    inspection, penalty and investigation tests; the reminder tests run only theirs, `remind`)."""
    from ops.sweep import run_sweep

    def run(day: str) -> dict[str, int]:
        clock(day)
        return run_sweep(dt.date.fromisoformat(day))

    return run


@pytest.fixture
def world(
    api: Api,
    officials: dict[str, Api],
    make_unit: Callable[..., tuple[Api, int]],
    file_new_case: Callable[..., dict[str, Any]],
    clock: Callable[[dt.date | str], None],
) -> "World":
    """The scenario builder of core/tests/world.py over the fixtures above: units, drafts, permits,
    penalties, investigations, notices and web sessions, as the tests that walk every write set them up
    (core/tests/writes.py). A module's own `world` fixture overrides this one."""
    from core.tests.world import World

    return World(api, officials, make_unit, file_new_case, clock)


@pytest.fixture
def run_worker(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Run django-tasks-db's worker once over the stored jobs (`db_worker --batch`, without the
    process signal handlers; decision 33). Its loop calls close_old_connections(), which would close
    the test's connection inside the test transaction, so that one call is made a no-op here."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run
