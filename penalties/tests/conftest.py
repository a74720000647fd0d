"""Fixtures of the penalties, investigations and quota tests (`sweep`, the daily job: the root conftest)."""

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def impose(officials: dict[str, Any]) -> Callable[..., Any]:
    """POST /penalties as an official ("city" by default); returns the response."""

    def post(body: dict[str, Any], by: str = "city") -> Any:
        return officials[by].post("/penalties", {"note": "经核查属实", **body})

    return post


@pytest.fixture
def asked(make_unit, file_new_case, officials, clock):
    """A Haidian unit whose `new` case was asked for more materials on `day`: (client, unit id, case)."""

    def ask(day: str, district: str = "haidian"):
        clock(day)
        client, unit_id = make_unit(district)
        case = file_new_case(client, until="submitted", reviewer=district)
        response = officials[district].post(
            f"/applications/{case['id']}/review",
            {"decision": "request_supplement", "missing": ["NEW-08"], "note": "个税证明缺公章"},
        )
        assert response.status_code == 200, response.content
        return client, unit_id, case

    return ask
