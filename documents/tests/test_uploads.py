"""Electronic copies per checklist item (issue 5; security decision 9)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from documents.models import CaseDocument
from documents.tests.pdf_support import scan_pdf
from ops.demo import photo

pytestmark = pytest.mark.django_db
PDF = scan_pdf()


@pytest.fixture
def case(make_unit, file_new_case, clock):
    clock(dt.date(2026, 6, 15))
    client, _ = make_unit("haidian")
    return client, file_new_case(client, until="submitted")


def test_a_scan_per_item_is_stored_checked_and_shown_to_the_reviewer(case, officials):
    client, c = case
    response = client.upload(f"/applications/{c['id']}/documents", "劳动合同.pdf", PDF, "application/pdf")
    assert response.status_code == 400  # item_code is required
    response = client.client.post(
        f"/api/v1/applications/{c['id']}/documents",
        {"item_code": "NEW-04", "file": _file("劳动合同.pdf", PDF)},
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
    )
    assert response.status_code == 201, response.content
    doc = response.json()
    assert doc["content_type"] == "application/pdf" and len(doc["sha256"]) == 64
    stored = CaseDocument.objects.get(pk=doc["id"]).name
    assert stored.startswith("documents/") and "劳动合同" not in stored
    seen = officials["haidian"].get(f"/applications/{c['id']}").json()["documents"]
    assert [d["item_code"] for d in seen] == ["NEW-04"]
    body = officials["haidian"].client.get(
        f"/api/v1/applications/{c['id']}/documents/{doc['id']}",
        HTTP_AUTHORIZATION=f"Bearer {officials['haidian'].token}",
    )
    assert body.status_code == 200 and body.content == PDF and "attachment" in body["Content-Disposition"]


def _file(name, content, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type)


def _post(client, case_id, item_code, name, content):
    return client.client.post(
        f"/api/v1/applications/{case_id}/documents",
        {"item_code": item_code, "file": _file(name, content)},
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
    )


def test_a_renamed_executable_is_refused(case):
    client, c = case
    response = _post(client, c["id"], "NEW-04", "contract.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "file"
    assert not CaseDocument.objects.exists()


def test_an_item_not_on_the_checklist_is_refused(case):
    client, c = case
    assert _post(client, c["id"], "REN-01", "x.png", photo(fmt="PNG")).status_code == 422


def test_another_unit_or_district_cannot_fetch_a_file(case, make_unit, officials):
    client, c = case
    doc = _post(client, c["id"], "NEW-06", "id.jpg", photo()).json()
    stranger, _ = make_unit("haidian")
    path = f"/applications/{c['id']}/documents/{doc['id']}"
    assert stranger.get(path).status_code == 404
    assert officials["chaoyang"].get(path).status_code == 404
    assert stranger.get(f"/applications/{c['id']}/documents").status_code == 404
    assert _post(stranger, c["id"], "NEW-06", "id.jpg", photo()).status_code == 404


@pytest.mark.parametrize("alteration", ["replaced by another image", "one byte of the ciphertext flipped"])
def test_a_file_altered_in_storage_is_not_served(case, alteration):
    client, c = case
    doc = _post(client, c["id"], "NEW-06", "id.jpg", photo()).json()
    on_disk = Path(default_storage.path(CaseDocument.objects.get(pk=doc["id"]).name))
    if alteration == "replaced by another image":
        on_disk.write_bytes(photo(300, 420))
    else:
        sealed = bytearray(on_disk.read_bytes())
        sealed[-20] ^= 0x01
        on_disk.write_bytes(bytes(sealed))
    assert client.get(f"/applications/{c['id']}/documents/{doc['id']}").status_code == 409


def _stored_files() -> list[str]:
    return default_storage.listdir("documents")[1] if default_storage.exists("documents") else []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("劳动合同.bat", b"\xff\xd8\xff\xe0@echo off\r\nformat c: /q\r\n"),  # JPEG magic bytes, then a script
        ("劳动合同.pdf", b"%PDF-<html><script>alert(document.cookie)</script></html>\n%%EOF\n"),
        ("学历证书.png", b"\x89PNG\r\n\x1a\njunk"),
        ("合同.jpg", photo()[:2000]),  # a JPEG cut short
    ],
)
def test_content_that_only_starts_like_a_scan_is_refused_and_nothing_is_stored(case, name, content):
    client, c = case
    before = _stored_files()
    response = _post(client, c["id"], "NEW-04", name, content)
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["file"]
    assert not CaseDocument.objects.exists() and _stored_files() == before


def test_a_real_image_under_a_program_name_is_kept_but_served_under_a_name_the_server_makes(case, officials):
    client, c = case
    response = _post(client, c["id"], "NEW-04", "劳动合同.bat", photo())
    assert response.status_code == 201 and response.json()["content_type"] == "image/jpeg"
    pk = response.json()["id"]
    served = officials["haidian"].client.get(
        f"/api/v1/applications/{c['id']}/documents/{pk}",
        HTTP_AUTHORIZATION=f"Bearer {officials['haidian'].token}",
    )
    assert served["Content-Disposition"] == f'attachment; filename="NEW-04-{pk}.jpg"'
    assert served["Content-Type"] == "image/jpeg"


def test_a_real_pdf_and_png_are_accepted(case):
    client, c = case
    assert _post(client, c["id"], "NEW-04", "合同.pdf", scan_pdf(pages=2)).status_code == 201
    assert _post(client, c["id"], "NEW-06", "身份证.png", photo(fmt="PNG")).status_code == 201
    assert CaseDocument.objects.count() == 2
