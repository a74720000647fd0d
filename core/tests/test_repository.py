"""Repository rules (house style): one place per state change."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "var", "node_modules", "migrations", "tests"}


def _sources():
    for path in ROOT.rglob("*.py"):
        if not SKIP & set(path.relative_to(ROOT).parts) and path.name != "conftest.py":
            yield path


def test_statuses_change_only_in_services_and_the_daily_job():
    """Units, cases and permits change state in services (and set-based in the daily job's steps);
    a delivery task records its own delivery's outcome."""
    pattern = re.compile(r"\.status\s*=(?!=)|update\(\s*status\s*=")
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in _sources()
        if p.name not in ("services.py", "sweep.py", "tasks.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
