"""Helpers of the reminder tests."""

import json
from typing import Any

from notices.models import Notice


def notices(unit_id: int, kind: str | None = None) -> list[Notice]:
    qs = Notice.objects.filter(unit_id=unit_id).order_by("pk")
    return list(qs.filter(kind=kind) if kind else qs)


def file_case(client: Any, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/applications", body)
    assert response.status_code == 201, response.content
    return response.json()


def employer_change(permit_no: str, left_on: str) -> dict[str, Any]:
    return {
        "type": "employer_change",
        "permit_no": permit_no,
        "left_previous_on": left_on,
        "starts_on": left_on,
        "employment": {"started_on": left_on, "contract_ends_on": "2030-12-31"},
    }


def put(client: Any, path: str, body: Any) -> Any:
    """PUT for the conftest `Api` client (it has get, post and patch)."""
    return client.client.put(
        "/api/v1" + path, json.dumps(body), content_type="application/json", **client._headers()
    )
