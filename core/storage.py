"""Uploads encrypted at rest (issue 10, defect 8; security decision 5's key discipline).

Photos and scans hold as much personal data as the ID numbers, so they are sealed the same way:
AES-256-GCM under `FIELD_ENCRYPTION_KEY` (from the environment, never beside the files), the storage
name bound in as associated data (`core.crypto.encrypt_file`). The storage classes below wrap
Django's: callers save and open plain bytes through `default_storage` as before, and whatever is
on the disk or in the bucket is ciphertext. Files stored before this (no marker) are read as they
are (decision 75).
"""

from cryptography.exceptions import InvalidTag
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage, default_storage

from core.crypto import decrypt_file, encrypt_file


class EncryptedStorageMixin:
    """Seal on save, open on read; everything else is the wrapped storage's."""

    def _save(self, name: str, content: File) -> str:
        content.seek(0)
        sealed = ContentFile(encrypt_file(content.read(), name), name=name)
        return super()._save(name, sealed)  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode:
            raise ValueError("encrypted uploads are written through save(), never opened for writing")
        with super()._open(name, "rb") as stored:  # type: ignore[misc]
            plain = decrypt_file(stored.read(), name)
        return ContentFile(plain, name=name)

    def size(self, name: str) -> int:
        with self._open(name) as fh:
            return len(fh.read())

    def open_stored(self, name: str) -> File:
        return super()._open(name, "rb")  # type: ignore[misc, no-any-return]

    def save_stored(self, name: str, content: File) -> str:
        return super()._save(self.get_available_name(name), content)  # type: ignore[misc, attr-defined, no-any-return]


class EncryptedFileSystemStorage(EncryptedStorageMixin, FileSystemStorage):
    pass



def open_stored(storage: Storage, name: str) -> File:
    """A file as it is stored — ciphertext on an encrypted storage — for backups, which so never hold
    an upload in the clear (the key is not in the backup)."""
    if isinstance(storage, EncryptedStorageMixin):
        return storage.open_stored(name)
    return storage.open(name, "rb")


def save_stored(storage: Storage, name: str, content: File) -> str:
    """Put back a file exactly as `open_stored` gave it (a restore)."""
    if isinstance(storage, EncryptedStorageMixin):
        return storage.save_stored(name, content)
    return storage.save(name, content)


def read_stored(name: str) -> bytes | None:
    """A stored upload's bytes (decrypted), None when there is none, b"" when its ciphertext was
    altered in storage (decision 75): never what was uploaded."""
    if not name or not default_storage.exists(name):
        return None
    try:
        with default_storage.open(name, "rb") as fh:
            return fh.read()
    except InvalidTag:  # ciphertext altered in storage (decision 75): not what was uploaded
        return b""
