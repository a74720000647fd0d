"""Issue 14: every case carries its unit's district (a district's queues read one index). The column
is added empty, filled set-based from the units in one UPDATE … FROM (PostgreSQL; SQLite ≥ 3.33), and
required in 0006: PostgreSQL refuses to alter a table whose rows this transaction updated while
their foreign-key checks are still pending."""

from django.db import migrations, models

FILL = """
UPDATE cases_case SET district_id = units_unit.district_id
FROM units_unit WHERE units_unit.id = cases_case.unit_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0004_queue_index"),
        ("reference", "0005_district_office"),
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="district",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="reference.district",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=False),
    ]
