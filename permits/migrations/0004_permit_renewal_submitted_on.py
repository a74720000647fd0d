"""R-V02 from the permit's own columns: `renewal_submitted_on`, the first submission date of the
permit's open renewals, set here from the cases and kept by cases.services from now on."""

from django.db import migrations, models
from django.db.models import Min

OPEN_STATUSES = ("draft", "submitted", "supplement_requested", "district_passed")  # cases.models, today


def mark_open_renewals(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Permit = apps.get_model("permits", "Permit")
    rows = (
        Case.objects.filter(type="renewal", status__in=OPEN_STATUSES, submitted_on__isnull=False,
                            permit__isnull=False)
        .values("permit_id")
        .annotate(first=Min("submitted_on"))
    )
    for row in rows.iterator():
        Permit.objects.filter(pk=row["permit_id"]).update(renewal_submitted_on=row["first"])


class Migration(migrations.Migration):
    dependencies = [
        ("permits", "0003_permit_not_valid_on_1_may"),
        ("cases", "0004_queue_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="permit",
            name="renewal_submitted_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(mark_open_renewals, migrations.RunPython.noop),
    ]
