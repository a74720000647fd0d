"""Production settings demand a shared cache (security decision 14) and refuse demo data and known
passwords (security decision 16); `bjpermit-manage` runs commands under them."""

import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from core.tests.support import production_env
from units.models import Unit

ROOT = Path(__file__).resolve().parents[2]
SHOW_CACHE = "import django; django.setup(); from django.conf import settings; print(settings.CACHES)"


def _start(script: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=production_env(**env), capture_output=True, text=True,
        check=False,
    )


def test_production_counts_rate_limits_in_redis_when_redis_url_is_set():
    started = _start(SHOW_CACHE, REDIS_URL="redis://10.0.0.5:6379/0")
    assert started.returncode == 0, started.stderr
    assert "django.core.cache.backends.redis.RedisCache" in started.stdout
    assert "redis://10.0.0.5:6379/0" in started.stdout


@pytest.mark.parametrize("backend", ["", "locmem"])
def test_production_refuses_to_start_with_a_per_process_cache(backend):
    refused = _start(SHOW_CACHE, REDIS_URL="", CACHE_BACKEND=backend)
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr and "REDIS_URL must be set" in refused.stderr
    assert "CACHE_BACKEND=database" in refused.stderr  # the documented fallback is named


def test_production_accepts_the_database_cache_as_the_documented_fallback():
    started = _start(SHOW_CACHE, REDIS_URL="", CACHE_BACKEND="database")
    assert started.returncode == 0, started.stderr
    assert "django.core.cache.backends.db.DatabaseCache" in started.stdout


def test_an_unknown_cache_backend_is_refused_by_name():
    refused = _start(SHOW_CACHE, CACHE_BACKEND="memcached")
    assert refused.returncode != 0 and "CACHE_BACKEND must be redis, database or locmem" in refused.stderr


def test_production_names_the_folder_of_files_written_at_run_time():
    refused = _start(SHOW_CACHE, VAR_DIR="")
    assert refused.returncode != 0 and "VAR_DIR must be set in production" in refused.stderr


def test_load_demo_refuses_production_settings_before_touching_the_database(tmp_path):
    db = tmp_path / "db.sqlite3"
    env = production_env(DATABASE_URL=f"sqlite:///{db}", SIGNING_KEY_DIR=str(tmp_path / "keys"))
    load_demo = [sys.executable, "manage.py", "load_demo"]
    refused = subprocess.run(load_demo, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert refused.returncode != 0
    assert "load_demo refuses to run under production settings" in refused.stderr
    assert "Demo-Official" not in refused.stdout + refused.stderr  # no published password printed
    assert not db.exists() or not sqlite3.connect(db).execute("SELECT name FROM sqlite_master").fetchall()


def test_bjpermit_manage_runs_under_production_settings_by_default(tmp_path):
    """The console script of an installed system (pyproject [project.scripts])."""
    env = production_env(DJANGO_SETTINGS_MODULE="", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    script = "import sys; from config.manage import main; sys.argv = ['bjpermit-manage', 'load_demo']; main()"
    refused = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0 and "refuses to run under production settings" in refused.stderr


@pytest.mark.django_db
def test_load_demo_under_production_settings_creates_no_account_or_unit(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists() and not Unit.objects.exists()
