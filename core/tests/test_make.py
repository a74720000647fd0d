"""The two commands of a fresh machine (README "Set up"; issue 13, point 11): `make run` serves where
it is told and says so, quietly; `make test` leaves the checkout as it was."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def dry_run(*args: str, **env: str) -> list[str]:
    """The commands `make` would run, without running them."""
    make = ["make", "-n", "--no-print-directory", *args]  # the make on PATH, as the developer types it
    # run from `make test`, make would pass its own flags and level down (and say "Entering directory")
    environ = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")} | env
    done = subprocess.run(make, cwd=ROOT, env=environ, capture_output=True, text=True, check=True)  # noqa: S603
    return done.stdout.splitlines()


def test_make_run_serves_on_the_port_given_and_prints_that_address():
    commands = dry_run("run", "PORT=8001")
    assert ".venv/bin/python manage.py runserver 127.0.0.1:8001" in commands
    assert ".venv/bin/python manage.py load_demo --url http://127.0.0.1:8001" in commands
    assert dry_run("run", "HOST=0.0.0.0")[-1].endswith("runserver 0.0.0.0:8000")
    # A PORT or HOST the shell exports for something else is not taken for the demo's.
    assert dry_run("run", PORT="5000", HOST="myhost")[-1].endswith("runserver 127.0.0.1:8000")


@pytest.mark.django_db
def test_make_run_migrates_without_warnings():
    """migrate runs the database's system checks: on SQLite Django said the case queue's covering
    index (PostgreSQL's INCLUDE) would lose its included columns — on every `make run`."""
    call_command("check", "--database", "default", "--fail-level", "WARNING")


def test_make_test_writes_nothing_tracked():
    """`make test` only checks the generated files (the README's screenshots are `make screenshots`'s)."""
    commands = "\n".join(dry_run("test"))
    assert "manage.py openapi --check" in commands
    assert "manage.py makemigrations --check --dry-run" in commands
    assert "SCREENSHOTS" not in commands and "compilemessages" not in commands
    assert any(line.startswith("SCREENSHOTS=docs ") for line in dry_run("screenshots"))


def screenshot_folder(**env: str) -> Path:
    """Where the browser tests would save their screenshots, with this environment."""
    script = "from web.tests.browser import conftest; print(conftest.SCREENSHOTS)"
    environ = {k: v for k, v in os.environ.items() if k != "SCREENSHOTS"} | env
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=environ, capture_output=True, text=True, check=True
    )
    return Path(done.stdout.strip())


def test_browser_tests_save_screenshots_under_var_unless_the_readme_s_are_asked_for():
    """The six tracked screenshots were rewritten by every `make test` (issue 13, point 11)."""
    assert screenshot_folder() == ROOT / "var" / "screenshots"
    assert screenshot_folder(SCREENSHOTS="1") == ROOT / "var" / "screenshots"
    assert screenshot_folder(SCREENSHOTS="docs") == ROOT / "docs" / "screenshots"
