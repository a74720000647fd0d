"""Security decision 13: accounts of the `admin` role stop being superusers; they configure
reference data through the group "参考数据管理员" and its permissions. Idempotent."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUP = "参考数据管理员"
PERMISSIONS = (  # frozen copy of accounts.separation.REFERENCE_DATA_PERMISSIONS
    ("reference", "district", ("view", "add", "change")),
    ("reference", "shortagecatalogueentry", ("view", "add", "change")),
    ("reference", "windowdayoverride", ("view", "add", "change", "delete")),
    ("reference", "quota", ("view", "add", "change", "delete")),
)


def forwards(apps, schema_editor):
    # Permissions are normally made after migrate (post_migrate); make the reference app's now.
    config = apps.get_app_config("reference")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model("accounts", "User")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for _, model, actions in PERMISSIONS for action in actions]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="reference", codename__in=codenames)
    )
    admins = User.objects.filter(role="admin")
    admins.update(is_superuser=False, is_staff=True)
    for user in admins:
        user.groups.add(group)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reference", "0004_quota"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="role",
            field=models.CharField(
                choices=[
                    ("unit", "申请单位经办人"),
                    ("district_reviewer", "区人社局审核人员"),
                    ("city_approver", "市人社局审批人员"),
                    ("admin", "系统管理员"),
                    ("auditor", "审计员"),
                ],
                max_length=24,
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
