"""R-W11: the loss report (挂失) of a permit's card, `lost_reported_at` (null: none stands)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('permits', '0004_permit_renewal_submitted_on'),
    ]

    operations = [
        migrations.AddField(
            model_name='permit',
            name='lost_reported_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
