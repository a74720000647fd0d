# The foreign key's own index dropped, its constraint kept (AlterField would drop and re-validate the
# constraint over every permit): the (unit, expiry_date) index serves every look-up by unit.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('permits', '0006_frozen_partial_indexes'),
        ('units', '0003_unit_consent'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='permit',
                    name='unit',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                            related_name='permits', to='units.unit'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "permits_permit_unit_id_9ac7f69f"',
                    reverse_sql='CREATE INDEX "permits_permit_unit_id_9ac7f69f" ON "permits_permit" ("unit_id")',
                ),
            ],
        ),
    ]
