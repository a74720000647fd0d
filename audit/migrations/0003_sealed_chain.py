"""Security decisions 7 and 18: audit rows are written unsealed and sealed into the chain after commit.

The chain used to take a global advisory lock from a transaction's first audit row until its
commit, which serialised every write of the city and deadlocked against row locks (issue 9). Rows
are now inserted with empty `seq`, `prev_hash` and `hash`, and `audit.services.seal_pending` links
committed rows in commit order. The append-only trigger therefore allows exactly one UPDATE: the
sealing, which sets the three empty seal columns and changes nothing else. DELETE stays refused.

Rows written before this migration were chained in primary-key order: they get `seq = id`, which
keeps that order, and keep their hashes (the hash never covered `seq`).
"""

from django.db import migrations, models

from core.migration_sql import run_by_vendor

TABLE = "audit_auditevent"
MESSAGE = "audit_auditevent is append-only (security decision 7)"
CONTENT = ["id", "at", "actor_id", "actor_username", "actor_role", "action", "object_type", "object_id",
           "outcome", "ip", "before", "after"]
SEAL = ["seq", "prev_hash", "hash"]


PG_SEALING = (
    " AND ".join([f"OLD.{c} IS NULL" for c in SEAL] + [f"NEW.{c} IS NOT NULL" for c in SEAL])
    + f" AND ({', '.join('NEW.' + c for c in CONTENT)}) IS NOT DISTINCT FROM ({', '.join('OLD.' + c for c in CONTENT)})"
)
SQLITE_SEALING = " AND ".join(
    [f"OLD.{c} IS NULL" for c in SEAL] + [f"NEW.{c} IS NOT NULL" for c in SEAL]
    + [f"NEW.{c} IS OLD.{c}" for c in CONTENT]
)

POSTGRES_UP = [
    f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_auditevent_append_only",
    f"UPDATE {TABLE} SET seq = id WHERE seq IS NULL AND hash IS NOT NULL",  # nosec B608 (identifiers and literals of this module, no input)
    f"ALTER TABLE {TABLE} ENABLE TRIGGER audit_auditevent_append_only",
    f"""
    CREATE OR REPLACE FUNCTION audit_auditevent_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND {PG_SEALING} THEN
            RETURN NEW;  -- the sealing (audit.services.seal_pending): the one UPDATE allowed
        END IF;
        RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP USING ERRCODE = 'restrict_violation';
    END;
    $$
    """,
]
POSTGRES_DOWN = [
    f"""
    CREATE OR REPLACE FUNCTION audit_auditevent_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP USING ERRCODE = 'restrict_violation';
    END;
    $$
    """,
]

SQLITE_UP = [
    # The table was rebuilt by the field changes above, which drops its triggers.
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
    f"UPDATE {TABLE} SET seq = id WHERE seq IS NULL AND hash IS NOT NULL",  # nosec B608 (identifiers and literals of this module, no input)
    f"""
    CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON {TABLE}
    WHEN NOT ({SQLITE_SEALING})
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE refused'); END
    """,
    f"""
    CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON {TABLE}
    WHEN NOT audit_flush_in_progress()
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: DELETE refused'); END
    """,
]


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_append_only_trigger"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(blank=True, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(condition=models.Q(("seq__isnull", True)), fields=["id"], name="audit_unsealed_idx"),
        ),
        run_by_vendor({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}, {"postgresql": POSTGRES_DOWN}),
    ]
