"""Helpers of the penalties tests: file and submit cases over the API."""

from typing import Any

from core import clock
from ops.demo import new_application, photo


def draft_new(client: Any, id_number: str | None = None) -> dict[str, Any]:
    """A draft `new` case of a new person (or of `id_number`) with its photo, valid as of today."""
    data = new_application(clock.today())
    if id_number:
        data["person"]["id_number"] = id_number
    response = client.post("/applications", {"type": "new", **data})
    assert response.status_code == 201, response.content
    case = response.json()
    assert client.upload(f"/applications/{case['id']}/photo", "p.jpg", photo()).status_code == 200
    return case


def refused_rules(response: Any) -> set[str]:
    assert response.status_code == 422, response.content
    return {e.get("rule") for e in response.json()["errors"]}


def resubmit(client: Any, case_id: int) -> None:
    """Answer a supplement request today: the payment months brought up to date, then resubmitted."""
    months = new_application(clock.today())["tax_months"]
    patched = client.patch(f"/applications/{case_id}",
                           {"tax_months": months, "social_insurance_months": [dict(m) for m in months]})
    assert patched.status_code == 200, patched.content
    response = client.post(f"/applications/{case_id}/submit")
    assert response.status_code == 200, response.content
