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


def relogin(client: Any, unit_id: int) -> None:
    """Sign the web client in again (freezing a unit ends its operators' sessions)."""
    from accounts.models import User

    client.force_login(User.objects.get(unit_id=unit_id))


def html(response: Any) -> str:
    return response.content.decode()
