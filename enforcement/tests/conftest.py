"""Fixtures of the penalties and investigations tests (`sweep`, the daily job: the root conftest)."""

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def impose(officials: dict[str, Any]) -> Callable[..., Any]:
    """POST /penalties as an official ("city" by default); returns the response."""

    def post(body: dict[str, Any], by: str = "city") -> Any:
        return officials[by].post("/penalties", {"note": "经核查属实", **body})

    return post
