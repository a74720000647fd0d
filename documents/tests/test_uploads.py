"""Electronic copies per checklist item (issue 5; security decision 9)."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage

from core.testing import photo
from documents.models import CaseDocument

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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


def test_a_file_altered_in_storage_is_not_served(case):
    client, c = case
    doc = _post(client, c["id"], "NEW-06", "id.jpg", photo()).json()
    with default_storage.open(CaseDocument.objects.get(pk=doc["id"]).name, "wb") as fh:
        fh.write(photo(300, 420))
    assert client.get(f"/applications/{c['id']}/documents/{doc['id']}").status_code == 409
