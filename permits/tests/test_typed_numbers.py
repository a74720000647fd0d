"""Issue 12, point 6, on a permit's page: `GET /permits/{permit_no}` reads the number as typed
(core.numbers, through permits.selectors.permit_for) and stays scoped."""

import pytest

from conftest import Api, Held

pytestmark = pytest.mark.django_db


def test_a_permit_is_read_by_its_number_as_typed(held: Held, officials: dict[str, Api]) -> None:
    for typed in (held.permit_no.lower(), "ｂｊ" + held.permit_no[2:]):
        response = held.client.get(f"/permits/{typed}")
        assert response.status_code == 200, typed
        assert response.json()["permit_no"] == held.permit_no
    assert officials["chaoyang"].get(f"/permits/{held.permit_no.lower()}").status_code == 404
    assert held.client.get("/permits/BJ2026-0000001").status_code == 404
