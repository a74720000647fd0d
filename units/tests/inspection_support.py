"""Helpers of the annual inspection tests."""

import datetime as dt
from typing import Any

from accounts.models import User
from core.clock import SHANGHAI
from units.models import Unit

UNIT_PASSWORD = "Unit-pass-2026"  # noqa: S105 (ops.demo.registration's default)


def verified_at(unit_id: int, day: str, time: str = "10:00") -> None:
    """Back-date a unit's verification (the service stamps the real time, which the test clock does
    not move; no service can reach a past verification): `day` and `time` are Asia/Shanghai."""
    when = dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=SHANGHAI)
    Unit.objects.filter(pk=unit_id).update(verified_at=when)


def sign_in_again(api: Any, unit_id: int) -> Any:
    """A fresh client for the unit's operator (a freeze revoked the old token)."""
    return api.as_user(User.objects.get(unit_id=unit_id).username, UNIT_PASSWORD)
