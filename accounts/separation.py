"""Security decision 13 (separation of duties): the `admin` role is no superuser and configures
reference data only, through the permissions of one group; nobody reads or sets another account's
second factor in /admin/; the `auditor` role reads the audit log (/office/audit/) and nothing else."""

from django.contrib.auth.models import Group, Permission

REFERENCE_DATA_GROUP = "参考数据管理员"
# (app label, model, actions): what an admin may do in /admin/. Districts and catalogue entries are
# named by cases, so they are never deleted (the catalogue's entries are switched off instead).
REFERENCE_DATA_PERMISSIONS = (
    ("reference", "district", ("view", "add", "change")),
    ("reference", "shortagecatalogueentry", ("view", "add", "change")),
    ("reference", "windowdayoverride", ("view", "add", "change", "delete")),
    ("reference", "quota", ("view", "add", "change", "delete")),
)


def reference_data_codenames() -> list[tuple[str, str]]:
    return [
        (app, f"{action}_{model}") for app, model, actions in REFERENCE_DATA_PERMISSIONS for action in actions
    ]


def reference_data_group() -> Group:
    """The group of the admins, with exactly the reference-data permissions (made if missing)."""
    group, _ = Group.objects.get_or_create(name=REFERENCE_DATA_GROUP)
    wanted = reference_data_codenames()
    perms = [
        p
        for p in Permission.objects.filter(content_type__app_label="reference").select_related("content_type")
        if (p.content_type.app_label, p.codename) in wanted
    ]
    group.permissions.set(perms)
    return group
