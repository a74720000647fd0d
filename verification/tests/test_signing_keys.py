"""Where the card-signing keys live: development makes the first on first use; production reads them
from shared storage named explicitly and makes one only through `manage.py rotate_signing_key`."""

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from core.tests.support import production_env
from verification import signing

ROOT = Path(__file__).resolve().parents[2]
EXPIRY = dt.date(2029, 6, 15)


@pytest.fixture
def production_keys(settings, tmp_path):
    """The production key settings: an explicit (shared) folder, no key made on first use."""
    settings.SIGNING_KEY_AUTOCREATE = False
    settings.SIGNING_KEY_DIR = tmp_path / "shared-keys"
    return settings.SIGNING_KEY_DIR


def test_a_production_server_with_no_key_makes_none_and_says_what_to_run(production_keys, api):
    with pytest.raises(signing.SigningKeyMissing, match="rotate_signing_key"):
        signing.sign("BJ20260000001", 1, EXPIRY)
    assert not production_keys.exists()  # no key, and no local folder pretending to be the shared one
    assert api.client.get("/api/v1/verify/public-key").status_code == 404
    assert signing.read("eA.eA") is None


@pytest.mark.django_db
def test_rotate_signing_key_makes_the_first_key_then_the_next_and_old_cards_keep_verifying(production_keys):
    out = io.StringIO()
    call_command("rotate_signing_key", stdout=out)
    first = signing.current_kid()
    assert f"first signing key made: {first}" in out.getvalue()
    assert {p.name for p in production_keys.iterdir()} == {"current", f"{first}.pem"}
    token = signing.sign("BJ20260000001", 1, EXPIRY)
    signing.sign("BJ20260000002", 1, EXPIRY)
    assert len(list(production_keys.glob("*.pem"))) == 1  # signing made no key of its own
    # another app server reading the same shared folder verifies it
    signing._private.cache_clear()
    assert signing.read(token) is not None and signing.read(token).permit_no == "BJ20260000001"

    out = io.StringIO()
    call_command("rotate_signing_key", stdout=out)
    second = signing.current_kid()
    assert second != first and f"{first} → {second}" in out.getvalue()
    assert signing.read(token) is not None and signing.read(signing.sign("BJ20260000001", 2, EXPIRY))
    assert AuditEvent.objects.filter(action="signing.key_rotated").count() == 2


@pytest.mark.django_db
def test_a_lost_current_key_is_an_error_not_a_new_key(production_keys):
    call_command("rotate_signing_key", stdout=io.StringIO())
    kid = signing.current_kid()
    (production_keys / f"{kid}.pem").unlink()
    with pytest.raises(signing.SigningKeyMissing, match="backup"):
        signing.sign("BJ20260000001", 1, EXPIRY)
    assert not list(production_keys.glob("*.pem"))


def test_development_still_makes_the_first_key_on_first_use(settings, tmp_path):
    settings.SIGNING_KEY_DIR = tmp_path / "dev-keys"
    token = signing.sign("BJ20260000001", 1, EXPIRY)
    assert signing.read(token) is not None
    assert (tmp_path / "dev-keys" / "current").exists()


def _production(**env: str) -> subprocess.CompletedProcess:
    merged = production_env(**env)
    script = "import django; django.setup(); from django.conf import settings as s; print(s.PUBLIC_BASE_URL)"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=merged, capture_output=True, text=True, check=False
    )


def test_production_demands_a_public_https_address_and_an_explicit_key_folder():
    good = _production()
    assert good.returncode == 0 and good.stdout.strip() == "https://permit.example.gov.cn", good.stderr
    for value in ("", "http://permit.example.gov.cn", "https://127.0.0.1:8000", "permit.example.gov.cn"):
        refused = _production(PUBLIC_BASE_URL=value)
        assert refused.returncode != 0 and "PUBLIC_BASE_URL" in refused.stderr, value
    no_folder = _production(SIGNING_KEY_DIR="")
    assert no_folder.returncode != 0 and "SIGNING_KEY_DIR must be set" in no_folder.stderr
