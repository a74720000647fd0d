import django.db.models.deletion
from django.db import migrations, models


def fill_period_start(apps, schema_editor):
    Permit = apps.get_model("permits", "Permit")
    Permit.objects.update(period_start=models.F("issue_date"))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_initial"),
        ("permits", "0001_initial"),
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.AddField(model_name="permit", name="period_start", field=models.DateField(null=True)),
        migrations.RunPython(fill_period_start, migrations.RunPython.noop),
        migrations.AlterField(model_name="permit", name="period_start", field=models.DateField()),
        migrations.CreateModel(
            name="PermitTransfer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("left_on", models.DateField()),
                ("transferred_on", models.DateField()),
                ("former_unit_cancelled", models.BooleanField()),
                ("case", models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                              to="cases.case")),
                ("from_unit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                to="units.unit")),
                ("permit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="transfers",
                                             to="permits.permit")),
                ("to_unit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                              to="units.unit")),
            ],
            options={"indexes": [models.Index(fields=["former_unit_cancelled", "from_unit"],
                                              name="permits_per_former__452a72_idx")]},
        ),
    ]
