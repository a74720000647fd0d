"""Security decision 7: audit rows are append-only (a trigger refuses UPDATE and DELETE on SQLite
and PostgreSQL alike), chained with SHA-256, and `manage.py audit_verify` names the first broken
row and exits 1."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction

from accounts.actor import Actor
from audit.models import AuditEvent
from audit.services import GENESIS, audit_record, audit_verify, row_digest

pytestmark = pytest.mark.django_db

APPEND_ONLY = "append-only"


def _record(n: int) -> list[AuditEvent]:
    return [audit_record(Actor.system(), f"test.step_{i}", object_type="test.thing", object_id=str(i),
                         before={"n": i}, after={"n": i + 1, "名": "张伟"}) for i in range(n)]


def _verify() -> str:
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def _forge(prev_hash: str, *, correct_hash: bool, action: str = "test.forged") -> AuditEvent:
    """An INSERT (which the trigger allows) of a row that did not come from audit_record."""
    last = AuditEvent.objects.order_by("-pk").first()
    event = AuditEvent(at=last.at + timedelta(seconds=1) if last else None, actor_username="mallory",
                       actor_role="admin", action=action, object_type="test.thing", object_id="x",
                       outcome="success", before=None, after={"forged": True}, prev_hash=prev_hash)
    event.hash = row_digest(event) if correct_hash else "f" * 64
    event.save(force_insert=True)
    return event


def _drop_trigger_as_owner() -> None:
    """What only the table's owner can do (the app role cannot): the chain must still tell."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_auditevent_append_only ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")


# --- the chain --------------------------------------------------------------------------------------

def test_d7_chain_verifies_after_several_records():
    events = _record(6)
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert audit_verify() == (6, None)
    assert _verify().strip() == "6 audit rows verified: OK"


def test_d7_an_empty_log_verifies():
    assert _verify().strip() == "0 audit rows verified: OK"


def test_d7_a_forged_row_with_a_wrong_hash_is_named_and_exits_1():
    _record(3)
    forged = _forge(AuditEvent.objects.order_by("-pk").first().hash, correct_hash=False)
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
    forged = _forge(AuditEvent.objects.order_by("-pk").first().hash, correct_hash=False)
    _record(2)  # honest rows keep chaining from the forged one
    count, broken = audit_verify()
    assert (count, broken.pk) == (2, forged.pk)


def test_d7_a_row_with_a_self_consistent_hash_but_a_broken_link_is_named():
    _record(3)
    forged = _forge(GENESIS, correct_hash=True, action="test.relinked")
    count, broken = audit_verify()
    assert (count, broken.pk, broken.action) == (3, forged.pk, "test.relinked")


def test_d7_audit_verify_from_the_command_line_exits_1_and_names_the_row(capsys):
    _record(2)
    forged = _forge(AuditEvent.objects.order_by("-pk").first().hash, correct_hash=False)
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
    _drop_trigger_as_owner()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET outcome = %s WHERE id = %s", ["failure", events[2].pk])
    with pytest.raises(CommandError) as caught:
        _verify()
    assert f"id={events[2].pk} " in str(caught.value)
    assert "action=test.step_2" in str(caught.value)


def test_d7_a_row_deleted_behind_the_triggers_back_breaks_the_next_link():
    events = _record(5)
    _drop_trigger_as_owner()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    count, broken = audit_verify()
    assert (count, broken.pk) == (1, events[2].pk)


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
    assert audit_verify() == (1, None)


def test_d7_delete_of_an_audit_row_is_refused():
    events = _record(2)
    _refused(lambda: events[0].delete())
    _refused(lambda: AuditEvent.objects.all().delete())

    def raw_delete() -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")

    _refused(raw_delete)
    assert AuditEvent.objects.count() == 2
    assert audit_verify() == (2, None)


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
