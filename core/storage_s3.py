"""The S3-compatible upload store, encrypted at rest like the filesystem one (core.storage). Imported
only when S3_BUCKET configures it (the `s3` extra installs django-storages)."""

from storages.backends.s3 import S3Storage

from core.storage import EncryptedStorageMixin


class EncryptedS3Storage(EncryptedStorageMixin, S3Storage):
    pass
