"""Fixtures shared by every app's tests."""

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client


class Api:
    """A thin JSON client for /api/v1 with an optional bearer token."""

    def __init__(self, client: Client, token: str | None = None) -> None:
        self.client, self.token = client, token

    def _headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get("/api/v1" + path, params, **self._headers())

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.client.post("/api/v1" + path, json.dumps(body if body is not None else {}),
                                content_type="application/json", **self._headers(), **extra)

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch("/api/v1" + path, json.dumps(body), content_type="application/json",
                                 **self._headers())

    def upload(self, path: str, name: str, content: bytes, content_type: str = "image/jpeg") -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post("/api/v1" + path, {"file": SimpleUploadedFile(name, content, content_type)},
                                **self._headers())

    def as_user(self, username: str, password: str) -> "Api":
        response = self.client.post("/api/v1/auth/token", json.dumps({"username": username, "password": password}),
                                    content_type="application/json")
        assert response.status_code == 200, response.content
        return Api(Client(), response.json()["token"])


@pytest.fixture
def api(db: Any) -> Api:
    return Api(Client())


@pytest.fixture
def clock(tmp_path: Path, settings: Any) -> Callable[[dt.date | str], None]:
    """Set the test clock (api.md CLOCK_FILE): clock("2026-05-02")."""
    path = tmp_path / "clock.txt"
    settings.CLOCK_FILE = str(path)

    def set_today(day: dt.date | str) -> None:
        path.write_text(str(day), encoding="utf-8")

    set_today(dt.date(2026, 6, 15))
    return set_today
