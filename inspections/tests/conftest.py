"""Fixtures of the annual inspection tests."""

import datetime as dt
from collections.abc import Callable

import pytest

from core.sweep import run_sweep


@pytest.fixture
def sweep(clock: Callable[[str], None]) -> Callable[[str], dict[str, int]]:
    """Run the daily job on a day (the clock moves there first): sweep("2026-05-02")."""

    def run(day: str) -> dict[str, int]:
        clock(day)
        return run_sweep(dt.date.fromisoformat(day))

    return run
