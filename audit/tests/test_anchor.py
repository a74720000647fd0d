"""Security decision 18: the daily job anchors the audit chain's head outside the database, one JSON
line a day appended to AUDIT_ANCHOR_DIR/audit-head.jsonl; `audit_verify --anchor` reads its last line."""

import datetime as dt
import io
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accounts.actor import Actor
from audit.anchor import anchor_audit_head, last_anchor
from audit.models import AuditEvent
from audit.services import audit_head, audit_record
from audit.tests.support import drop_append_only_trigger

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 15)


@pytest.fixture
def anchor_file(settings: Any, tmp_path: Path) -> Path:
    settings.AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    return tmp_path / "anchors" / "audit-head.jsonl"


def _record(n: int = 1) -> None:
    for i in range(n):
        audit_record(Actor.system(), "test.anchored", object_type="test", object_id=str(i))


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_the_first_run_appends_todays_sealed_head_to_a_private_folder(anchor_file: Path) -> None:
    _record(3)

    assert anchor_audit_head(DAY) == 1

    (line,) = _lines(anchor_file)
    entry = json.loads(line)
    assert set(entry) == {"date", "at", "id", "hash"}
    assert entry["date"] == "2026-06-15"
    assert dt.datetime.fromisoformat(entry["at"]).utcoffset() is not None
    head = audit_head()
    assert head is not None and head["id"] == entry["id"] and head["hash"] == entry["hash"]
    assert len(entry["hash"]) == 64
    assert stat.S_IMODE(anchor_file.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(anchor_file.stat().st_mode) == 0o600


def test_a_rerun_the_same_day_with_the_same_head_appends_nothing(anchor_file: Path) -> None:
    _record(2)
    anchor_audit_head(DAY)
    before = anchor_file.read_bytes()

    assert anchor_audit_head(DAY) == 0
    assert anchor_audit_head(DAY) == 0

    assert anchor_file.read_bytes() == before


def test_a_moved_head_appends_a_new_line_and_never_rewrites_the_old_ones(anchor_file: Path) -> None:
    _record(1)
    anchor_audit_head(DAY)
    first = anchor_file.read_bytes()
    _record(2)  # the chain grew the same day (a rerun after more work)

    assert anchor_audit_head(DAY) == 1
    anchor_audit_head(DAY + dt.timedelta(days=1))  # and the next day, with the head unchanged

    data = anchor_file.read_bytes()
    assert data.startswith(first)
    entries = [json.loads(line) for line in _lines(anchor_file)]
    assert [e["date"] for e in entries] == ["2026-06-15", "2026-06-15", "2026-06-16"]
    assert entries[1]["id"] > entries[0]["id"]
    assert (entries[2]["id"], entries[2]["hash"]) == (entries[1]["id"], entries[1]["hash"])
    assert last_anchor(anchor_file) == entries[2]


def test_rows_written_since_the_last_sealing_are_sealed_before_anchoring(anchor_file: Path) -> None:
    """audit_record seals after commit; rows a test transaction never commits are still unsealed, as
    rows are whose writer died before its sealing: the step seals them and anchors the newest."""
    from audit.models import AuditEvent

    _record(2)
    newest = AuditEvent.objects.order_by("-pk").first()
    assert newest is not None

    anchor_audit_head(DAY)

    assert json.loads(_lines(anchor_file)[-1])["id"] == newest.pk
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()


def test_an_empty_chain_anchors_nothing(anchor_file: Path) -> None:
    assert anchor_audit_head(DAY) == 0
    assert not anchor_file.exists()


def test_a_line_cut_short_by_a_crash_is_not_glued_to_the_next(anchor_file: Path) -> None:
    _record(1)
    anchor_file.parent.mkdir(mode=0o700)
    anchor_file.write_text('{"date": "2026-06-14", "at": "2026-06-14T02:00:00+08:00", "id": 1, "ha', "utf-8")

    assert anchor_audit_head(DAY) == 1

    lines = _lines(anchor_file)
    assert len(lines) == 2 and json.loads(lines[1])["date"] == "2026-06-15"
    assert last_anchor(anchor_file) == json.loads(lines[1])


def test_audit_verify_against_the_anchor_catches_the_newest_rows_deleted(anchor_file: Path) -> None:
    _record(4)
    anchor_audit_head(DAY)
    out = io.StringIO()
    call_command("audit_verify", anchor=str(anchor_file), stdout=out)
    assert "verified: OK" in out.getvalue()
    anchored = json.loads(_lines(anchor_file)[-1])["id"]

    drop_append_only_trigger()  # as the table's owner; the test's transaction puts it back
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [anchored])

    with pytest.raises(CommandError) as caught:
        call_command("audit_verify", anchor=str(anchor_file), stdout=io.StringIO())
    assert caught.value.returncode == 1
    assert f"row id={anchored}" in str(caught.value) and "missing" in str(caught.value)


def test_the_daily_job_anchors_the_head_it_found(anchor_file: Path) -> None:
    from ops.sweep import run_sweep

    _record(2)
    head_before_the_run = audit_head() or {}

    summary = run_sweep(DAY)

    assert "audit.anchor" not in summary  # bookkeeping, not a change of the day's data
    entry = json.loads(_lines(anchor_file)[-1])
    assert entry["date"] == DAY.isoformat()
    assert entry["id"] > head_before_the_run.get("id", 0)
    run_row = AuditEvent.objects.get(action="sweep.run")
    assert (entry["id"], entry["hash"]) == (run_row.pk, run_row.hash)  # the run's own row is anchored
    # a rerun appends again: the first run's own `sweep.run` audit row moved the head
    run_sweep(DAY)
    assert len(_lines(anchor_file)) == 2
