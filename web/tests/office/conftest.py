"""Signed-in browsers (Django test clients with a session) for the officials' workbench."""

from typing import Any

import pytest
from django.test import Client

from accounts.models import User


@pytest.fixture
def office(officials: dict[str, Any]) -> dict[str, Client]:
    """Web sessions of the `officials` accounts: "haidian", "chaoyang" reviewers and the "city"."""
    clients = {}
    for key, username in {
        "haidian": "hd_reviewer",
        "chaoyang": "cy_reviewer",
        "city": "city_approver",
    }.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients[key] = client
    return clients


@pytest.fixture
def unit_web(make_unit: Any) -> Any:
    """A signed-in web session of a unit's operator, with its API client: (web client, api, unit id)."""

    def make(district: str = "haidian") -> tuple[Client, Any, int]:
        api, unit_id = make_unit(district)
        client = Client()
        client.force_login(User.objects.get(unit_id=unit_id))
        return client, api, unit_id

    return make
