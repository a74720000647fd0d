"""Issue 14: a case's district is required (0005 filled it), and a district's queues have their index."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0005_case_district"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="district",
            field=models.ForeignKey(
                db_index=False, on_delete=models.deletion.PROTECT, related_name="+", to="reference.district"
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["district", "status", "submitted_on", "id"],
                include=("type",),
                name="case_district_queue_idx",
            ),
        ),
    ]
