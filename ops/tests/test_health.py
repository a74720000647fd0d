"""/healthz and /readyz (api.md "Operations"): what a load balancer sees."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache.backends.base import BaseCache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from core.tests.support import production_env

ROOT = Path(__file__).resolve().parents[2]
ALL_OK = {"database": "ok", "cache": "ok", "migrations": "ok", "signing_key": "ok"}


class BrokenCache(BaseCache):
    """A cache server that went away: every call raises, as Django's RedisCache does then."""

    def __init__(self, location: str, params: dict) -> None:
        super().__init__(params)

    def _fail(self, *args: object, **kwargs: object) -> None:
        raise ConnectionError("Error 111 connecting to redis://:s3cret@10.0.0.5:6379/0")

    add = get = set = delete = touch = clear = incr = _fail


def test_healthz_answers_ok_and_touches_nothing(client):
    response = client.get("/healthz")  # no database access is allowed in this test: a query would raise
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies and "Vary" not in response


@pytest.mark.django_db
def test_readyz_answers_ok_when_every_check_passes(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "checks": ALL_OK}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_names_a_failing_cache_and_keeps_its_error_to_the_log(client, settings, caplog):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.BrokenCache"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "failed", "checks": {**ALL_OK, "cache": "failed"}}
    assert b"redis" not in response.content and b"s3cret" not in response.content
    assert "readiness check 'cache' failed" in caplog.text  # the operator finds the reason in the log


@pytest.mark.django_db
def test_readyz_names_an_unapplied_migration(client):
    MigrationRecorder(connection).migration_qs.filter(app="core").order_by("-name").first().delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {**ALL_OK, "migrations": "failed"}


@pytest.mark.django_db
def test_readyz_in_production_needs_the_current_signing_key_and_never_makes_one(client, settings, tmp_path):
    settings.SIGNING_KEY_AUTOCREATE = False
    settings.SIGNING_KEY_DIR = tmp_path / "keys"  # shared storage with no key made yet
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {**ALL_OK, "signing_key": "failed"}
    assert not (tmp_path / "keys").exists()

    call_command("rotate_signing_key", stdout=io.StringIO())
    assert client.get("/readyz").status_code == 200

    kid = (tmp_path / "keys" / "current").read_text().strip()
    (tmp_path / "keys" / f"{kid}.pem").unlink()  # the key named current is lost
    assert client.get("/readyz").json()["checks"]["signing_key"] == "failed"


@pytest.mark.django_db
def test_probes_are_never_rate_limited(client, settings):
    settings.RATELIMIT_VERIFY = settings.RATELIMIT_TOKEN = "2/m"
    verify = [client.get("/api/v1/verify", {"permit_no": "BJ20260000001", "name": "张伟"}) for _ in range(3)]
    assert verify[-1].status_code == 429  # this address is over the limit
    for _ in range(20):
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200


def test_probes_answer_a_balancer_over_http_by_address_and_nothing_else_does(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["permit.example.gov.cn"]
    assert client.get("/", HTTP_HOST="permit.example.gov.cn").status_code == 301  # pages go to https
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400  # an unknown host is refused
    probe = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert probe.status_code == 200 and probe.json() == {"status": "ok"}
    assert b"10.0.0.7" not in probe.content
    assert client.post("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 405


def test_production_probes_answer_over_http_unless_the_system_is_not_ready(tmp_path):
    """Real production settings in a subprocess: https redirect on, ALLOWED_HOSTS the public name,
    a database that is there but not migrated, no signing key yet."""
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="",
        CACHE_BACKEND="database",
        VAR_DIR=str(tmp_path / "var"),
        SIGNING_KEY_DIR=str(tmp_path / "keys"),
    )
    script = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "for path in ('/healthz', '/readyz', '/'):\n"
        "    r = Client().get(path, HTTP_HOST='10.0.0.7:8000')\n"
        "    print(json.dumps([path, r.status_code, r.get('Location'), r.content.decode()[:200]]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    answers = {path: (status, location, body) for path, status, location, body in
               (json.loads(line) for line in done.stdout.splitlines())}
    assert answers["/healthz"] == (200, None, '{"status": "ok"}')
    status, location, body = answers["/readyz"]
    assert (status, location) == (503, None)
    assert json.loads(body) == {
        "status": "failed",
        "checks": {"database": "ok", "cache": "failed", "migrations": "failed", "signing_key": "failed"},
    }
    assert answers["/"][0] == 400  # any other path still checks the host
