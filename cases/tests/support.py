"""Helpers of the case tests: file a case and submit it over the API, asserting the answer's status."""

from typing import Any


def file_case(client: Any, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
    response = client.post("/applications", body)
    assert response.status_code == status, response.content
    return response.json()


def submit(client: Any, case_id: int, status: int = 200) -> dict[str, Any]:
    response = client.post(f"/applications/{case_id}/submit")
    assert response.status_code == status, response.content
    return response.json()
