"""R-W09 over HTTP and security decision 9 (uploads)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from cases.models import Case
from core.testing import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(make_unit, file_new_case, clock):
    clock(dt.date(2026, 6, 15))
    client, _ = make_unit("haidian")
    return client, file_new_case(client, until="draft")["id"]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("photo.jpg", b"this is plain text, renamed", "JPEG"),
        ("photo.gif", photo(fmt="GIF"), "GIF"),
        ("square.jpg", photo(600, 600), "5:7"),
        ("tiny.jpg", photo(100, 140), "295"),
    ],
)
def test_r_w09_bad_photos_get_422_with_a_clear_message(draft, name, content, words):
    client, case_id = draft
    response = client.upload(f"/applications/{case_id}/photo", name, content)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["rule"] == "R-W09" and words in error["message"] + error.get("message_en", "")
    assert client.get(f"/applications/{case_id}").json()["has_photo"] is False


def test_r_w09_good_photo_is_stored_under_a_server_name_and_served_as_attachment(draft, make_unit):
    client, case_id = draft
    content = photo(fmt="PNG")
    assert client.upload(f"/applications/{case_id}/photo", "../../etc/passwd.png", content).status_code == 200
    stored = Case.objects.get(pk=case_id).photo_name
    assert stored.startswith("photos/") and "passwd" not in stored
    response = client.client.get(
        f"/api/v1/applications/{case_id}/photo", HTTP_AUTHORIZATION=f"Bearer {client.token}"
    )
    assert response.status_code == 200 and response.content == content
    assert response["Content-Type"] == "image/png" and "attachment" in response["Content-Disposition"]
    stranger, _ = make_unit("haidian")
    assert stranger.get(f"/applications/{case_id}/photo").status_code == 404


def test_a_photo_altered_on_disk_is_not_served(draft):
    client, case_id = draft
    client.upload(f"/applications/{case_id}/photo", "p.jpg", photo())
    name = Case.objects.get(pk=case_id).photo_name
    Path(default_storage.path(name)).write_bytes(photo(590, 826))  # behind the system's back
    assert client.get(f"/applications/{case_id}/photo").status_code == 409
