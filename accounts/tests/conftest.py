from collections.abc import Callable
from typing import Any

import pytest

from accounts.models import User
from accounts.roles import Role
from accounts.services import official_create

UNIT_PASSWORD = "Unit-pass-2026"
OFFICIAL_PW = "Official-Pass-2026!"



@pytest.fixture
def unit_user(db: Any) -> User:
    """A unit operator account (the unit itself is not needed to sign in)."""
    return User.objects.create_user(username="acme_hr", password=UNIT_PASSWORD, role=Role.UNIT)


@pytest.fixture
def make_official(db: Any) -> Callable[..., User]:
    def make(username: str = "cy_approver", role: Role = Role.CITY_APPROVER,
             district: str | None = None) -> User:
        return official_create(username=username, password=OFFICIAL_PW, role=role, district=district)

    return make
