"""Fixtures of the reminder tests."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import transaction

from ops.sweep import load_steps


@pytest.fixture
def remind(clock: Callable[[str], None]) -> Callable[[str], dict[str, int]]:
    """Run this app's steps of the daily job on a day (the clock moves there first), in one
    transaction as the job does; the other apps' steps (freezing on 2 May…) are left out so that
    years-later dates do not freeze the test's units: remind("2029-05-15")."""

    def run(day: str) -> dict[str, int]:
        clock(day)
        today = dt.date.fromisoformat(day)
        steps = {name: fn for name, fn in load_steps().items() if name.startswith("notices.")}
        with transaction.atomic():
            return {name.removeprefix("notices."): fn(today) for name, fn in steps.items()}

    return run
