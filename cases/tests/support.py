"""Helpers of the case tests, and of every other app's tests that file cases (notices, inspections):
file a case and submit it over the API, asserting the answer's status."""

from typing import Any


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
