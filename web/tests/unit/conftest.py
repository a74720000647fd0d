"""Fixtures of the employer portal's page tests: a unit signed in to the web (sessions)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def portal(make_unit: Callable[..., tuple[Any, int]]) -> Callable[..., tuple[Client, int, Any]]:
    """portal(district="haidian", active=True, entity_type=...) → (web client signed in as the unit's
    operator, unit id, the same operator's API client)."""
    from accounts.models import User

    def make(district: str = "haidian", **kwargs: Any) -> tuple[Client, int, Any]:
        api, unit_id = make_unit(district, **kwargs)
        client = Client()
        client.force_login(User.objects.get(unit_id=unit_id))
        return client, unit_id, api

    return make


@pytest.fixture
def official_web(officials: dict[str, Any]) -> Callable[[str], Client]:
    """A web client signed in as one of the `officials` (by their key: "haidian", "city", …)."""
    from accounts.models import User

    usernames = {
        "haidian": "hd_reviewer",
        "chaoyang": "cy_reviewer",
        "city": "city_approver",
        "admin": "sys_admin",
    }

    def make(key: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=usernames[key]))
        return client

    return make
