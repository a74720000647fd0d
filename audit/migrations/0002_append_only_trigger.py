"""Security decision 7: audit rows are append-only.

A trigger refuses UPDATE and DELETE on ``audit_auditevent``, whoever asks — the application, an
administrator at a SQL prompt, a migration. The trigger is the second line of defence; the first is
that in production the application's database role holds only INSERT and SELECT on the table
(see ``audit.management.commands.audit_verify`` for the GRANTs). Whoever owns the table can still
drop the trigger; the SHA-256 chain and ``manage.py audit_verify`` then name the first changed row.

PostgreSQL: a plpgsql function raises SQLSTATE 23001 (restrict_violation), so Django reports an
``IntegrityError`` as it does on SQLite. TRUNCATE is not covered by a row trigger; the app role has
no TRUNCATE privilege. SQLite (development and tests): ``BEFORE UPDATE`` / ``BEFORE DELETE``
triggers with ``RAISE(ABORT, …)``. Django's ``flush`` (what test teardown uses) empties tables with
TRUNCATE on PostgreSQL, which no row trigger sees; on SQLite it issues ``DELETE FROM``, so the
delete trigger lets exactly that through, through the SQL function ``audit_flush_in_progress()``
that ``audit.guard`` registers on every SQLite connection. Without it (the sqlite3 shell) the
trigger fails, and the DELETE with it.
"""

from django.db import migrations

from core.migration_sql import run_by_vendor

TABLE = "audit_auditevent"
MESSAGE = "audit_auditevent is append-only (security decision 7)"

POSTGRES_UP = [
    f"""
    CREATE OR REPLACE FUNCTION audit_auditevent_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP USING ERRCODE = 'restrict_violation';
    END;
    $$
    """,
    f"DROP TRIGGER IF EXISTS audit_auditevent_append_only ON {TABLE}",
    f"""
    CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_refuse_change()
    """,
]
POSTGRES_DOWN = [
    f"DROP TRIGGER IF EXISTS audit_auditevent_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_auditevent_refuse_change()",
]

SQLITE_UP = [
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE refused'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_delete BEFORE DELETE ON {TABLE}
    WHEN NOT audit_flush_in_progress()
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: DELETE refused'); END
    """,
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
]


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        run_by_vendor(
            {"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}, {"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}
        ),
    ]
