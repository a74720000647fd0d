"""Helpers of the employer portal's page tests (the browser tests': web/tests/browser/pages.py)."""

from typing import Any


def relogin(client: Any, unit_id: int) -> None:
    """Sign the web client in again (freezing a unit ends its operators' sessions)."""
    from accounts.models import User

    client.force_login(User.objects.get(unit_id=unit_id))


def html(response: Any) -> str:
    return response.content.decode()
