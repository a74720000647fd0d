"""Security decisions 7 and 18: audit rows are append-only (a trigger refuses DELETE and every
UPDATE but the one sealing, on SQLite and PostgreSQL alike), chained with SHA-256 after commit, and
`manage.py audit_verify` names the first broken row and exits 1 — and, given the head anchored in a
backup manifest or the daily anchor file, also catches rows missing at the end."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction

from accounts.actor import Actor
from audit.models import AuditEvent
from audit.services import GENESIS, audit_head, audit_record, audit_verify, row_digest, seal_pending
from audit.tests.support import drop_append_only_trigger

pytestmark = pytest.mark.django_db

APPEND_ONLY = "append-only"


def _record(n: int, *, seal: bool = True) -> list[AuditEvent]:
    events = [audit_record(Actor.system(), f"test.step_{i}", object_type="test.thing", object_id=str(i),
                           before={"n": i}, after={"n": i + 1, "名": "张伟"}) for i in range(n)]
    if seal:  # tests run inside one transaction, so the after-commit sealing does not happen by itself
        seal_pending()
    return [AuditEvent.objects.get(pk=e.pk) for e in events]


def _verify(*args: str) -> str:
    out = io.StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


def _forge(prev_hash: str, *, correct_hash: bool, action: str = "test.forged") -> AuditEvent:
    """An INSERT (which the trigger allows) of a sealed row that did not come from audit_record."""
    last = AuditEvent.objects.filter(seq__isnull=False).order_by("-seq").first()
    event = AuditEvent(at=last.at + timedelta(seconds=1) if last else None, actor_username="mallory",
                       actor_role="admin", action=action, object_type="test.thing", object_id="x",
                       outcome="success", before=None, after={"forged": True}, prev_hash=prev_hash,
                       seq=(last.seq if last else 0) + 1)
    event.hash = row_digest(event) if correct_hash else "f" * 64
    event.save(force_insert=True)
    return event


def _last() -> AuditEvent:
    return AuditEvent.objects.filter(seq__isnull=False).order_by("-seq").first()


# --- the chain --------------------------------------------------------------------------------------

def test_d7_rows_are_written_unsealed_and_sealed_in_order():
    events = _record(6, seal=False)
    assert all(e.seq is None and e.hash is None for e in events)
    assert seal_pending() == 6
    events = [AuditEvent.objects.get(pk=e.pk) for e in events]
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert seal_pending() == 0  # nothing left: sealing twice changes nothing
    assert audit_verify().checked == 6 and audit_verify().ok
    assert _verify().strip() == "6 audit rows verified: OK"


def test_d7_rows_are_sealed_after_commit_by_their_writer(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            for i in range(3):
                audit_record(Actor.system(), f"test.batch_{i}")
    assert len(callbacks) == 1  # one sealing per transaction, however many rows it wrote
    assert list(AuditEvent.objects.order_by("seq").values_list("action", "seq")) == [
        ("test.batch_0", 1), ("test.batch_1", 2), ("test.batch_2", 3)]


def test_d7_rows_are_chained_in_the_order_they_were_sealed_not_by_id():
    first = _record(2, seal=False)
    seal_pending()
    later = _record(1, seal=False)
    seal_pending()
    ids = [first[0].pk, first[1].pk, later[0].pk]
    seqs = AuditEvent.objects.filter(pk__in=ids).order_by("pk").values_list("seq", flat=True)
    assert list(seqs) == [1, 2, 3]
    assert audit_verify().ok


def test_d7_an_empty_log_verifies():
    assert _verify().strip() == "0 audit rows verified: OK"


def test_d7_verify_reports_rows_not_yet_sealed_without_failing():
    _record(2)
    _record(1, seal=False)
    verdict = audit_verify()
    assert verdict.ok and (verdict.checked, verdict.pending) == (2, 1)
    assert verdict.message == "2 audit rows verified: OK (1 rows not yet sealed)"
    assert _verify("--no-seal").strip() == "2 audit rows verified: OK (1 rows not yet sealed)"
    assert _verify().strip() == "3 audit rows verified: OK"  # the command seals first


def test_d7_a_forged_row_with_a_wrong_hash_is_named_and_exits_1():
    _record(3)
    forged = _forge(_last().hash, correct_hash=False)
    with pytest.raises(CommandError) as caught:
        _verify()
    assert caught.value.returncode == 1
    message = str(caught.value)
    assert f"id={forged.pk} " in message
    assert f"at={forged.at.isoformat()}" in message
    assert "action=test.forged" in message
    assert "3 rows before it verified" in message


def test_d7_the_first_broken_row_is_named_not_the_honest_rows_after_it():
    _record(2)
    forged = _forge(_last().hash, correct_hash=False)
    _record(2)  # honest rows keep chaining from the forged one
    verdict = audit_verify()
    assert (verdict.checked, verdict.broken.pk) == (2, forged.pk)


def test_d7_a_row_with_a_self_consistent_hash_but_a_broken_link_is_named():
    _record(3)
    forged = _forge(GENESIS, correct_hash=True, action="test.relinked")
    verdict = audit_verify()
    assert (verdict.checked, verdict.broken.pk, verdict.broken.action) == (3, forged.pk, "test.relinked")


def test_d7_audit_verify_from_the_command_line_exits_1_and_names_the_row(capsys):
    _record(2)
    forged = _forge(_last().hash, correct_hash=False)
    with pytest.raises(SystemExit) as caught:
        execute_from_command_line(["manage.py", "audit_verify"])
    assert caught.value.code == 1
    assert f"id={forged.pk} " in capsys.readouterr().err


def test_d7_audit_verify_from_the_command_line_exits_0_when_intact(capsys):
    _record(2)
    execute_from_command_line(["manage.py", "audit_verify"])
    assert "2 audit rows verified: OK" in capsys.readouterr().out


def test_d7_a_row_changed_behind_the_triggers_back_is_named_exactly():
    events = _record(5)
    drop_append_only_trigger()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET outcome = %s WHERE id = %s", ["failure", events[2].pk])
    with pytest.raises(CommandError) as caught:
        _verify()
    assert f"id={events[2].pk} " in str(caught.value)
    assert "action=test.step_2" in str(caught.value)


def test_d7_a_row_deleted_behind_the_triggers_back_breaks_the_next_link():
    events = _record(5)
    drop_append_only_trigger()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    verdict = audit_verify()
    assert (verdict.checked, verdict.broken.pk) == (1, events[2].pk)


# --- the head anchored outside the database (security decision 18) ---------------------------------

def _manifest(tmp_path, head) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"audit_head": head}), encoding="utf-8")
    return str(path)


def test_d18_the_head_is_the_last_sealed_row():
    assert audit_head() is None
    events = _record(3)
    _record(1, seal=False)
    assert audit_head() == {"id": events[2].pk, "hash": events[2].hash}


def test_d18_deleting_the_newest_rows_passes_the_chain_but_fails_against_the_manifest(tmp_path):
    events = _record(4)
    manifest = _manifest(tmp_path, audit_head())
    assert "head id=" in _verify("--manifest", manifest)
    drop_append_only_trigger()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[3].pk])
    assert _verify().strip() == "3 audit rows verified: OK"  # a shorter chain is consistent in itself
    with pytest.raises(CommandError) as caught:
        _verify("--manifest", manifest)
    assert caught.value.returncode == 1
    assert f"head missing: row id={events[3].pk}" in str(caught.value)


def test_d18_an_emptied_table_fails_against_the_anchor_file(tmp_path):
    _record(2)
    anchor = tmp_path / "audit-head.jsonl"
    older = {"date": "2026-12-01", "at": "2026-12-01T00:05:00+08:00", "id": 1, "hash": "0"}
    newest = {"date": "2026-12-02", "at": "2026-12-02T00:05:00+08:00", **audit_head()}
    anchor.write_text(json.dumps(older) + "\n" + json.dumps(newest) + "\n", encoding="utf-8")
    assert "head id=" in _verify("--anchor", str(anchor))
    from django.core.management.color import no_style
    from django.core.management.sql import sql_flush

    emptying = [s for s in sql_flush(no_style(), connection) if "audit_auditevent" in s]
    connection.ops.execute_sql_flush(emptying)  # TRUNCATE on PostgreSQL
    with pytest.raises(CommandError) as caught:
        _verify("--anchor", str(anchor))
    assert "head missing" in str(caught.value)


def test_d18_a_head_whose_hash_differs_is_named(tmp_path):
    events = _record(2)
    manifest = _manifest(tmp_path, {"id": events[1].pk, "hash": "e" * 64})
    with pytest.raises(CommandError) as caught:
        _verify("--manifest", manifest)
    assert f"head differs: row id={events[1].pk}" in str(caught.value)


def test_d18_an_unreadable_manifest_is_a_clear_error(tmp_path):
    missing = str(tmp_path / "nope.json")
    with pytest.raises(CommandError) as caught:
        _verify("--manifest", missing)
    assert caught.value.returncode == 2 and "cannot read audit_head" in str(caught.value)


# --- append-only ----------------------------------------------------------------------------------

def _refused(statement) -> DatabaseError:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        statement()
    assert APPEND_ONLY in str(caught.value)
    return caught.value


def test_d7_orm_update_of_an_audit_row_is_refused():
    event = _record(1)[0]
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(outcome="failure"))
    event.outcome = "failure"
    _refused(lambda: event.save())
    assert AuditEvent.objects.get(pk=event.pk).outcome == "success"


def test_d7_raw_sql_update_of_an_audit_row_is_refused():
    event = _record(1)[0]

    def update() -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x", event.pk])

    _refused(update)
    assert audit_verify().checked == 1 and audit_verify().ok


def test_d7_sealing_is_the_one_update_allowed_and_only_once():
    event = _record(1, seal=False)[0]

    def seal(**changes: object) -> None:
        columns = ", ".join(f"{name} = %s" for name in changes)  # names from this test only
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE audit_auditevent SET {columns} WHERE id = %s",  # nosec B608  # noqa: S608
                           [*changes.values(), event.pk])

    # a sealing that also changes the content is refused
    _refused(lambda: seal(seq=1, prev_hash=GENESIS, hash="a" * 64, action="test.rewritten"))
    # sealing only part of the row is refused
    _refused(lambda: seal(seq=1))
    seal(seq=1, prev_hash=GENESIS, hash="a" * 64)  # the sealing itself
    # and a sealed row can never be sealed again (re-chained)
    _refused(lambda: seal(seq=2, prev_hash=GENESIS, hash="b" * 64))
    assert AuditEvent.objects.get(pk=event.pk).hash == "a" * 64


def test_d7_delete_of_an_audit_row_is_refused():
    events = _record(2)
    _refused(lambda: events[0].delete())
    _refused(lambda: AuditEvent.objects.all().delete())

    def raw_delete() -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")

    _refused(raw_delete)
    assert AuditEvent.objects.count() == 2
    assert audit_verify().checked == 2 and audit_verify().ok


def test_d7_inserting_new_rows_is_still_allowed():
    _record(1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM audit_auditevent")
        assert cursor.fetchone()[0] == 1


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_d7_sqlite_delete_trigger_fails_closed_without_the_flush_function():
    """The sqlite3 shell has no `audit_flush_in_progress()`: the trigger errors, the DELETE fails."""
    from audit.guard import flush_in_progress

    assert flush_in_progress() is False
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_auditevent_no_delete'")
        assert "audit_flush_in_progress()" in cursor.fetchone()[0]


def test_d7_django_flush_still_empties_the_database():
    """Test teardown (transactional tests) and `manage.py flush` are owner operations: TRUNCATE on
    PostgreSQL, which no row trigger sees, and a DELETE that the SQLite trigger lets through."""
    from django.core.management.color import no_style
    from django.core.management.sql import sql_flush

    _record(2)
    statements = [s for s in sql_flush(no_style(), connection) if "audit_auditevent" in s]
    connection.ops.execute_sql_flush(statements)
    assert AuditEvent.objects.count() == 0
    # and a plain DELETE is refused again afterwards
    _record(1)
    _refused(lambda: AuditEvent.objects.all().delete())
