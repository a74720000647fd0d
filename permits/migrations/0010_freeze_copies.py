"""Decision 121: R-I03's stamp carries copies of its permit's columns that the frozen lists count by
(`Freeze.COPIED`: the unit and what `alive_on` reads), and the trigger `permits_freeze_follow` keeps
them: whenever an UPDATE of a permit changes one of them, whoever writes it, the permit's stamp (if
any) gets the new values in the same statement. Inserting a stamp copies them (`Freeze.of`, the daily
job's INSERT … SELECT); the existing stamps get theirs here, set-based.

PostgreSQL: an AFTER UPDATE OF row trigger, fired only when one of the columns changed (WHEN), whose
plpgsql function updates the stamp. SQLite (development and tests): the same trigger in SQLite's
syntax. SQLite drops a table's triggers when a migration rebuilds the table (an altered column of
permits_permit): such a migration must create this trigger again (SQLITE_UP below); the tests that
change each copied column on SQLite then fail until it does.
"""

from django.db import migrations, models

from core.migration_sql import run_by_vendor

# The copied columns (Freeze.COPIED as of 0010), spelt out: a migration keeps the SQL it ran.
FILL = """
UPDATE permits_freeze SET
    unit_id = (SELECT p.unit_id FROM permits_permit p WHERE p.id = permits_freeze.permit_id),
    cancelled_at = (SELECT p.cancelled_at FROM permits_permit p WHERE p.id = permits_freeze.permit_id),
    lapses_on = (SELECT p.lapses_on FROM permits_permit p WHERE p.id = permits_freeze.permit_id),
    renewal_submitted_on = (
        SELECT p.renewal_submitted_on FROM permits_permit p WHERE p.id = permits_freeze.permit_id
    )
"""

POSTGRES_UP = [
    """
    CREATE OR REPLACE FUNCTION permits_freeze_follow() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE permits_freeze
        SET unit_id = NEW.unit_id, cancelled_at = NEW.cancelled_at, lapses_on = NEW.lapses_on,
            renewal_submitted_on = NEW.renewal_submitted_on
        WHERE permit_id = NEW.id;
        RETURN NULL;
    END;
    $$
    """,
    "DROP TRIGGER IF EXISTS permits_freeze_follow ON permits_permit",
    """
    CREATE TRIGGER permits_freeze_follow
    AFTER UPDATE OF unit_id, cancelled_at, lapses_on, renewal_submitted_on ON permits_permit
    FOR EACH ROW
    WHEN ((OLD.unit_id, OLD.cancelled_at, OLD.lapses_on, OLD.renewal_submitted_on)
          IS DISTINCT FROM (NEW.unit_id, NEW.cancelled_at, NEW.lapses_on, NEW.renewal_submitted_on))
    EXECUTE FUNCTION permits_freeze_follow()
    """,
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS permits_freeze_follow ON permits_permit",
    "DROP FUNCTION IF EXISTS permits_freeze_follow()",
]
SQLITE_UP = [
    """
    CREATE TRIGGER IF NOT EXISTS permits_freeze_follow
    AFTER UPDATE OF unit_id, cancelled_at, lapses_on, renewal_submitted_on ON permits_permit
    FOR EACH ROW
    WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.cancelled_at IS NOT NEW.cancelled_at
         OR OLD.lapses_on IS NOT NEW.lapses_on OR OLD.renewal_submitted_on IS NOT NEW.renewal_submitted_on
    BEGIN
        UPDATE permits_freeze
        SET unit_id = NEW.unit_id, cancelled_at = NEW.cancelled_at, lapses_on = NEW.lapses_on,
            renewal_submitted_on = NEW.renewal_submitted_on
        WHERE permit_id = NEW.id;
    END
    """,
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS permits_freeze_follow"]


class Migration(migrations.Migration):

    dependencies = [
        ('permits', '0009_freeze_of_its_own'),
    ]

    operations = [
        migrations.AddField(
            model_name='freeze',
            name='cancelled_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='freeze',
            name='lapses_on',
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name='freeze',
            name='renewal_submitted_on',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name='freeze',
            name='lapses_on',
            field=models.DateField(),
        ),
        run_by_vendor(
            {"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}, {"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}
        ),
    ]
