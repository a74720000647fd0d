"""Issue 10, defect 8: photos and scans are encrypted at rest (decision 75). What sits on the disk is
AES-256-GCM ciphertext bound to its storage name; through the system the files read as uploaded."""

import datetime as dt
import io
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from cases.models import Case
from core.crypto import FILE_MAGIC
from core.storage import open_stored, save_stored
from documents.models import CaseDocument
from documents.tests.test_uploads import PDF, _post

pytestmark = pytest.mark.django_db


def _on_disk(name: str) -> bytes:
    return (Path(default_storage.location) / name).read_bytes()


def test_a_scan_and_a_photo_are_ciphertext_on_disk_and_plain_through_the_system(
    make_unit, file_new_case, officials, clock
):
    clock(dt.date(2026, 6, 15))
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    doc = _post(client, case["id"], "NEW-04", "劳动合同.pdf", PDF).json()
    stored = CaseDocument.objects.get(pk=doc["id"]).name
    raw = _on_disk(stored)
    assert raw.startswith(FILE_MAGIC) and b"%PDF" not in raw
    assert officials["haidian"].get(f"/applications/{case['id']}/documents/{doc['id']}").content == PDF
    photo_on_disk = _on_disk(Case.objects.get(pk=case["id"]).photo_name)
    assert photo_on_disk.startswith(FILE_MAGIC) and not photo_on_disk.startswith(b"\xff\xd8")  # no JPEG
    form = officials["haidian"].get(f"/applications/{case['id']}/form.pdf")
    assert form.status_code == 200  # the form still embeds the photo, read back through the storage


def test_a_file_moved_onto_another_name_does_not_open():
    name = default_storage.save("documents/a.pdf", ContentFile(PDF))
    other = Path(default_storage.location) / "documents" / "b.pdf"
    other.write_bytes(_on_disk(name))
    with pytest.raises(InvalidTag):
        default_storage.open("documents/b.pdf").read()


def test_a_file_stored_before_encryption_still_opens():
    legacy = Path(default_storage.location) / "documents" / "legacy.pdf"
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_bytes(PDF)
    assert default_storage.open("documents/legacy.pdf").read() == PDF
    assert default_storage.size("documents/legacy.pdf") == len(PDF)



@pytest.mark.django_db(transaction=True)
def test_a_backup_holds_uploads_as_ciphertext_and_a_restore_puts_them_back(tmp_path):
    name = default_storage.save("documents/scan.pdf", ContentFile(PDF))
    with open_stored(default_storage, name) as fh:
        sealed = fh.read()
    assert sealed.startswith(FILE_MAGIC) and b"%PDF" not in sealed
    default_storage.delete(name)
    assert save_stored(default_storage, name, ContentFile(sealed)) == name
    assert default_storage.open(name).read() == PDF
    call_command("backup", to=tmp_path / "b", stdout=io.StringIO())
    in_backup = (tmp_path / "b" / "media" / name).read_bytes()
    assert in_backup.startswith(FILE_MAGIC) and b"%PDF" not in in_backup
