"""Contract plumbing of api.md: the test clock, pagination, problem+json, OpenAPI, the daily job,
create_official, and the production settings' refusals."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from core import clock as system_clock
from core.tests.support import production_env
from ops.demo import new_application

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_the_test_clock_is_read_afresh_each_time(clock):
    clock("2027-01-31")
    assert system_clock.today() == dt.date(2027, 1, 31)
    clock("2027-02-01")
    assert system_clock.today() == dt.date(2027, 2, 1)


def test_cursor_pagination_walks_every_item_once(make_unit, clock):
    clock(dt.date(2026, 6, 15))
    client, _ = make_unit("haidian")
    made = {
        client.post("/applications", {"type": "new", **new_application(dt.date(2026, 6, 15))}).json()["id"]
        for _ in range(5)
    }
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = client.get("/applications", **params).json()
        seen += [c["id"] for c in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(made) and len(seen) == 5
    assert client.get("/applications", limit=201).status_code == 400
    assert client.get("/applications", cursor="!!garbage").status_code == 400


def test_errors_are_problem_json(api):
    response = api.get("/applications")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert {"type", "title", "status", "detail", "errors"} <= set(response.json())


def test_a_path_no_route_matches_is_a_problem_json_404_under_the_api_and_a_page_elsewhere(api, make_unit):
    client, _ = make_unit("haidian")
    for path in ("/applications/abc", "/no-such-thing"):
        response = client.get(path)
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404
    page = api.client.get("/no-such-page")
    assert page.status_code == 404 and "页面不存在" in page.content.decode()


def test_a_missing_upload_names_the_file_field(make_unit, clock):
    clock("2026-06-15")
    client, _ = make_unit("haidian")
    case = client.post("/applications", {"type": "new", **new_application(dt.date(2026, 6, 15))}).json()
    response = client.client.post(
        f"/api/v1/applications/{case['id']}/photo", {}, HTTP_AUTHORIZATION=f"Bearer {client.token}"
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "file"


def test_openapi_and_docs_are_served(api):
    spec = api.client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    for path in [
        "/api/v1/units/register",
        "/api/v1/applications",
        "/api/v1/applications/{case_id}/submit",
        "/api/v1/permits/{permit_no}",
        "/api/v1/verify",
        "/api/v1/window-hours",
        "/api/v1/auth/token",
    ]:
        assert path in paths, path
    assert api.client.get("/api/v1/docs").status_code == 200


def test_sweep_is_idempotent_and_prints_a_summary(clock, capsys):
    from audit.models import AuditEvent

    clock("2027-05-02")
    call_command("sweep")
    first = capsys.readouterr().out
    call_command("sweep")
    assert first.startswith("sweep 2027-05-02:") and capsys.readouterr().out == first
    assert AuditEvent.objects.filter(action="sweep.run").count() == 2


def test_create_official_exits_0_then_1_for_an_existing_username(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    assert run("migrate", "--noinput").returncode == 0
    args = [
        "create_official",
        "--username",
        "rev1",
        "--password",
        "Strong-Pass-2026!",
        "--role",
        "district_reviewer",
        "--district",
        "haidian",
    ]
    assert run(*args).returncode == 0
    again = run(*args)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (
        run(
            "create_official",
            "--username",
            "rev2",
            "--password",
            "Strong-Pass-2026!",
            "--role",
            "district_reviewer",
        ).returncode
        == 1
    )  # a reviewer needs a district


def test_production_settings_refuse_the_test_clock_and_missing_secrets(tmp_path):
    base = production_env(SIGNING_KEY_DIR=str(tmp_path / "keys"))
    check = [sys.executable, "-c", "import django; django.setup()"]
    assert subprocess.run(check, cwd=ROOT, env=base, capture_output=True, check=False).returncode == 0
    with_clock = subprocess.run(
        check,
        cwd=ROOT,
        env={**base, "CLOCK_FILE": str(tmp_path / "c")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert with_clock.returncode != 0 and "CLOCK_FILE" in with_clock.stderr
    no_key = {k: v for k, v in base.items() if k != "FIELD_ENCRYPTION_KEY"}
    assert subprocess.run(check, cwd=ROOT, env=no_key, capture_output=True, check=False).returncode != 0


def test_api_docs_are_served_from_the_project_with_no_cdn(api):
    html = api.client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_pages_carry_a_content_security_policy(api):
    policy = api.client.get("/")["Content-Security-Policy"]
    assert "object-src 'none'" in policy and "base-uri 'none'" in policy and "script-src 'self'" in policy


def test_production_settings_pass_check_deploy_with_no_warning():
    """Security decision 8."""
    env = production_env()
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
