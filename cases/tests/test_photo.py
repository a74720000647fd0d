"""R-W09 over HTTP and security decision 9 (uploads)."""

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from cases.models import Case
from ops.demo import photo

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


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_polyglot_photo_is_stored_re_encoded_without_its_html(draft, fmt):
    """Security decision 19: a valid photo whose bytes also hold an HTML page (in a JPEG comment or a
    PNG text chunk, and after the image's end) is stored as a fresh image of the same pixels."""
    from documents.tests.test_hostile_files import HTML, jpeg_html_polyglot, png_html_polyglot

    client, case_id = draft
    content = jpeg_html_polyglot() if fmt == "JPEG" else png_html_polyglot()
    assert b"<script" in content
    assert client.upload(f"/applications/{case_id}/photo", "p.jpg", content).status_code == 200
    case = Case.objects.get(pk=case_id)
    stored = default_storage.open(case.photo_name).read()  # decrypted, as the system reads it
    assert b"<script" not in stored and b"<html" not in stored and HTML not in stored
    assert case.photo_sha256 == hashlib.sha256(stored).hexdigest()
    assert case.photo_name.endswith(".jpg" if fmt == "JPEG" else ".png")
    picture = Image.open(io.BytesIO(stored))
    assert (picture.format, picture.size) == (fmt, (295, 413))
    served = client.get(f"/applications/{case_id}/photo")
    assert served.status_code == 200 and served.content == stored


def test_a_5_to_7_photo_over_40_megapixels_is_refused(draft):
    client, case_id = draft
    out = io.BytesIO()
    Image.new("1", (5400, 7560)).save(out, "PNG")  # 40.8 megapixels in a few KB
    response = client.upload(f"/applications/{case_id}/photo", "p.png", out.getvalue())
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] == "R-W09"
    assert Case.objects.get(pk=case_id).photo_name == ""
