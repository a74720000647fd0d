"""Issue 12, point 6, in the persons' inspection (R-I01): the numbers a unit sends are read as typed
(core.numbers) and answered as sent."""

import pytest

from conftest import Held

pytestmark = pytest.mark.django_db


def test_permit_numbers_typed_in_lower_case_or_full_width_are_inspected(held: Held, clock) -> None:
    clock("2027-04-15")  # the season (R-I01)
    assert held.client.post("/inspections/unit").status_code == 201
    lower = held.permit_no.lower()
    wide = held.permit_no.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    response = held.client.post("/inspections/persons", {"permit_nos": [lower, wide, "BJ2027-1"]})
    assert response.status_code == 200, response.content
    first, second, third = response.json()["results"]
    assert first == {"permit_no": lower, "status": "approved"}
    assert second["permit_no"] == wide and second["error"]["status"] == 409  # the same permit, done now
    assert third["permit_no"] == "BJ2027-1" and third["error"]["status"] == 404
