"""Helpers of the case tests, and of every other app's tests that file cases (notices, inspections,
enforcement): file a case and submit it over the API, asserting the answer's status."""

from typing import Any

from core import clock
from ops.demo import new_application, photo


def file_case(client: Any, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
    response = client.post("/applications", body)
    assert response.status_code == status, response.content
    return response.json()


def submit(client: Any, case_id: int, status: int = 200) -> dict[str, Any]:
    response = client.post(f"/applications/{case_id}/submit")
    assert response.status_code == status, response.content
    return response.json()


def employer_change(permit_no: str, left_on: Any, starts_on: Any) -> dict[str, Any]:
    """The body of an employer change (聘用单位变更) moving `permit_no`: left the former unit on `left_on`,
    starts at the filing unit on `starts_on`, a contract to the end of 2030."""
    return {
        "type": "employer_change",
        "permit_no": permit_no,
        "left_previous_on": str(left_on),
        "starts_on": str(starts_on),
        "employment": {"started_on": str(starts_on), "contract_ends_on": "2030-12-31"},
    }


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


def pass_employer_change(
    new: Any, official: Any, permit_no: str, left_on: Any, starts_on: Any
) -> dict[str, Any]:
    """An employer change moving `permit_no` to the unit of the client `new`, submitted and passed by
    the district (`official`) with every required material received: the permit moves (R-E03)."""
    change = submit(new, file_case(new, employer_change(permit_no, left_on, starts_on))["id"])
    codes = [i["code"] for i in change["checklist"] if i["required"]]
    review = {"decision": "pass", "materials_received": codes}
    reviewed = official.post(f"/applications/{change['id']}/review", review)
    assert reviewed.status_code == 200, reviewed.content
    return dict(reviewed.json())
