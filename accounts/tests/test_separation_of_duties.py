"""Security decision 13: separation of duties. The admin is no superuser and configures reference
data only; nobody reads or plants a second factor in /admin/; the auditor reads the audit log and
nothing else."""

import importlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.actor import Actor
from accounts.models import User
from accounts.otp import official_otp_enrol
from accounts.roles import Role
from accounts.separation import REFERENCE_DATA_GROUP
from accounts.services import official_create
from audit.services import audit_record

pytestmark = pytest.mark.django_db

PW = "Official-Pass-2026!"
REFERENCE_PERMS = {
    "reference.view_district",
    "reference.add_district",
    "reference.change_district",
    "reference.view_shortagecatalogueentry",
    "reference.add_shortagecatalogueentry",
    "reference.change_shortagecatalogueentry",
    "reference.view_windowdayoverride",
    "reference.add_windowdayoverride",
    "reference.change_windowdayoverride",
    "reference.delete_windowdayoverride",
    "reference.view_quota",
    "reference.add_quota",
    "reference.change_quota",
    "reference.delete_quota",
}
DEVICE_PAGES = (
    "/admin/otp_totp/totpdevice/",
    "/admin/otp_totp/totpdevice/add/",
    "/admin/otp_totp/totpdevice/{pk}/change/",
    "/admin/otp_totp/totpdevice/{pk}/delete/",
)


def web(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin() -> User:
    return official_create(username="sys_admin", password=PW, role=Role.ADMIN)


@pytest.fixture
def reviewer_device() -> TOTPDevice:
    user = official_create(
        username="cy_reviewer", password=PW, role=Role.DISTRICT_REVIEWER, district="chaoyang"
    )
    return official_otp_enrol(user)


@pytest.fixture
def auditor() -> User:
    call_command("create_official", username="auditor1", password=PW, role="auditor")
    return User.objects.get(username="auditor1")


# --- the admin --------------------------------------------------------------------------------------


def test_the_admin_is_no_superuser_and_holds_only_the_reference_data_permissions(admin):
    admin = User.objects.get(pk=admin.pk)
    assert admin.is_staff and not admin.is_superuser
    assert admin.get_all_permissions() == REFERENCE_PERMS
    assert list(admin.groups.values_list("name", flat=True)) == [REFERENCE_DATA_GROUP]
    for perm in (
        "otp_totp.view_totpdevice",
        "otp_totp.add_totpdevice",
        "otp_totp.change_totpdevice",
        "audit.add_auditevent",
        "audit.change_auditevent",
        "audit.delete_auditevent",
        "accounts.change_user",
        "auth.change_group",
        "cases.change_case",
    ):
        assert not admin.has_perm(perm), perm


def test_the_admin_configures_reference_data_in_the_admin(admin):
    client = web(admin)
    for path in (
        "/admin/",
        "/admin/reference/district/",
        "/admin/reference/shortagecatalogueentry/",
        "/admin/reference/windowdayoverride/add/",
        "/admin/reference/quota/add/",
    ):
        assert client.get(path).status_code == 200, path
    index = client.get("/admin/").content.decode()
    assert "/admin/accounts/user/" not in index and "/admin/otp_totp/" not in index
    assert client.get("/admin/accounts/user/").status_code == 403


def test_the_admin_neither_reads_nor_plants_a_second_factor(admin, reviewer_device):
    client = web(admin)
    for page in DEVICE_PAGES:
        path = page.format(pk=reviewer_device.pk)
        response = client.get(path)
        assert response.status_code in (403, 404), path
        assert reviewer_device.key not in response.content.decode()
    response = client.post(
        "/admin/otp_totp/totpdevice/add/",
        {"user": admin.pk, "name": "planted", "key": "00" * 20, "confirmed": "on"},
    )
    assert response.status_code in (403, 404)
    assert not TOTPDevice.objects.filter(user=admin).exists()


def test_no_account_sees_the_totp_device_admin_not_even_a_superuser(admin_client, reviewer_device):
    for page in DEVICE_PAGES:
        response = admin_client.get(page.format(pk=reviewer_device.pk))
        assert response.status_code == 404
    assert reviewer_device.key not in admin_client.get("/admin/").content.decode()


def test_the_audit_log_is_not_editable_in_the_admin_by_anyone(admin, admin_client):
    event = audit_record(Actor.system(), "test.something")
    for client in (web(admin), admin_client):
        for path in (
            "/admin/audit/auditevent/",
            "/admin/audit/auditevent/add/",
            f"/admin/audit/auditevent/{event.pk}/change/",
            f"/admin/audit/auditevent/{event.pk}/delete/",
        ):
            assert client.get(path).status_code in (302, 403, 404), path


def test_the_admin_decides_no_case(admin, api):
    assert web(admin).get("/office/").status_code == 403
    token = api.as_user("sys_admin", PW)
    assert token.get("/applications").status_code == 403


# --- the auditor ------------------------------------------------------------------------------------


def test_create_official_makes_an_auditor_with_no_admin_rights(auditor):
    assert auditor.role == Role.AUDITOR and auditor.is_official
    assert not auditor.is_staff and not auditor.is_superuser
    assert auditor.get_all_permissions() == set()


def test_the_auditor_reads_the_audit_log_without_its_personal_data(auditor):
    audit_record(
        Actor.system(),
        "person.updated",
        object_type="people.person",
        object_id="77",
        before={"id_number": "110101199003077777"},
        after={"id_number": "110101199003078888"},
    )
    response = web(auditor).get("/office/audit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "person.updated" in html and "people.person #77" in html
    assert "account.official_created" in html  # the auditor's own creation by the command
    assert "110101199003077777" not in html and "110101199003078888" not in html
    assert "<form" not in html.split("<h1>", 1)[-1]  # nothing to change on the page


def test_the_audit_log_is_paged(auditor):
    for i in range(60):
        audit_record(Actor.system(), f"test.row{i}")
    client = web(auditor)
    first = client.get("/office/audit/").content.decode()
    assert "test.row59" in first and "test.row0<" not in first
    second = client.get("/office/audit/?page=2").content.decode()
    assert "test.row0<" in second


def test_the_audit_log_page_is_for_the_auditor_only(admin, auditor):
    reviewer = official_create(
        username="hd_reviewer", password=PW, role=Role.DISTRICT_REVIEWER, district="haidian"
    )
    for user in (admin, reviewer):
        assert web(user).get("/office/audit/").status_code == 403
    assert Client().get("/office/audit/").status_code == 302


def test_the_auditor_reaches_nothing_else(auditor, api):
    client = web(auditor)
    for path in (
        "/office/",
        "/office/cases/1/",
        "/office/units/",
        "/office/penalties/",
        "/office/stats",
        "/unit/",
    ):
        assert client.get(path).status_code == 403, path
    assert client.get("/admin/").status_code == 302  # no staff: the admin's sign-in
    token = api.as_user("auditor1", PW)
    assert token.get("/applications").status_code == 403


def test_the_auditor_signs_in_with_a_code_and_lands_on_the_audit_log(settings, auditor):
    settings.REQUIRE_OFFICIAL_OTP = True
    device = official_otp_enrol(auditor)
    client = Client()
    client.post("/login", {"username": "auditor1", "password": PW, "next": ""})
    assert client.get("/office/audit/").status_code == 302  # the password alone is not enough
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    response = client.post("/login", {"code": str(totp.token()).zfill(device.digits), "next": ""})
    assert response.status_code == 302 and response["Location"] == "/office/audit/"
    assert client.get("/office/audit/").status_code == 200


# --- the data migration -------------------------------------------------------------------------------


def test_the_migration_takes_superuser_from_existing_admins_idempotently():
    old_admin = User.objects.create(username="old_admin", role=Role.ADMIN, is_staff=True, is_superuser=True)
    reviewer = User.objects.create(username="old_rev", role=Role.CITY_APPROVER)
    state_apps = (
        MigrationExecutor(connection).loader.project_state(("accounts", "0002_admin_not_superuser")).apps
    )
    migration = importlib.import_module("accounts.migrations.0002_admin_not_superuser")
    for _ in range(2):
        migration.forwards(state_apps, None)
    old_admin = User.objects.get(pk=old_admin.pk)
    assert old_admin.is_staff and not old_admin.is_superuser
    assert old_admin.get_all_permissions() == REFERENCE_PERMS
    assert User.objects.get(pk=reviewer.pk).get_all_permissions() == set()


def test_the_audit_log_page_speaks_english_too(auditor):
    client = web(auditor)
    client.post("/i18n/setlang/", {"language": "en", "next": "/office/audit/"})
    html = client.get("/office/audit/").content.decode()
    assert "Audit log" in html and "Actor" in html and "IP address" in html
    assert "审计日志" not in html


def test_the_menu_leads_the_auditor_to_the_audit_log_and_the_admin_to_the_reference_data(admin, auditor):
    menu = web(auditor).get("/verify").content.decode().split('<nav', 1)[1].split("</nav>")[0]
    assert 'href="/office/audit/"' in menu and 'href="/office/"' not in menu
    menu = web(admin).get("/verify").content.decode().split('<nav', 1)[1].split("</nav>")[0]
    assert 'href="/admin/"' in menu and 'href="/office/' not in menu
