# Issue 14: R-I03's stamp in a table of its own (permits.Freeze) instead of the permit's `frozen_at`,
# the stamps there are copied over, set-based, before the column and its two partial indexes go.

import django.db.models.deletion
from django.db import migrations, models

COPY = """
INSERT INTO permits_freeze (permit_id, unit_id, frozen_at)
SELECT id, unit_id, frozen_at FROM permits_permit WHERE frozen_at IS NOT NULL
"""
BACK = """
UPDATE permits_permit SET frozen_at = (
    SELECT frozen_at FROM permits_freeze WHERE permits_freeze.permit_id = permits_permit.id
)
"""


class Migration(migrations.Migration):

    dependencies = [
        ('permits', '0008_permit_no_unique_constraint'),
        ('units', '0003_unit_consent'),
    ]

    operations = [
        migrations.CreateModel(
            name='Freeze',
            fields=[
                ('permit', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='freeze', serialize=False, to='permits.permit')),
                ('frozen_at', models.DateTimeField()),
                ('unit', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.unit')),
            ],
        ),
        migrations.RunSQL(COPY, BACK),
        migrations.AddIndex(
            model_name='freeze',
            index=models.Index(fields=['frozen_at', 'permit'], name='freeze_order'),
        ),
        migrations.RemoveIndex(
            model_name='permit',
            name='permit_frozen_by_unit',
        ),
        migrations.RemoveIndex(
            model_name='permit',
            name='permit_frozen_at',
        ),
        migrations.RemoveField(
            model_name='permit',
            name='frozen_at',
        ),
    ]
