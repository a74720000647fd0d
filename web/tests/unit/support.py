"""Helpers of the employer portal's tests (page and browser tests)."""

from typing import Any

UNIT_PASSWORD = "Unit-pass-2026"  # core.testing.registration's default


def username_of(unit_id: int) -> str:
    from accounts.models import User

    return User.objects.get(unit_id=unit_id).username


def sign_in(page: Any, username: str, password: str = UNIT_PASSWORD) -> None:
    """Sign a browser in through the /login form."""
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def restore_reference_data() -> None:
    """Transactional (browser) tests flush the database after each test, the rows the migrations
    seeded included; put the seeded reference data (districts, shortage catalogue) back if a flush
    removed it, by running those migrations' own seed functions."""
    import importlib

    from django.apps import apps

    from reference.models import District

    if District.objects.exists():
        return
    for name in ("0002_seed_districts", "0003_seed_catalogue_and_district_contacts"):
        importlib.import_module(f"reference.migrations.{name}").seed(apps, None)


def relogin(client: Any, unit_id: int) -> None:
    """Sign the web client in again (freezing a unit ends its operators' sessions)."""
    from accounts.models import User

    client.force_login(User.objects.get(unit_id=unit_id))


def html(response: Any) -> str:
    return response.content.decode()
