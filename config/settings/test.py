"""Test settings: fast hashing, no rate-limit surprises unless a test asks for them."""

from .dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

# Keys and uploads of a test run live in a throwaway folder, never in var/.
_TMP = Path(tempfile.mkdtemp(prefix="bjpermit-test-"))
SIGNING_KEY_DIR = _TMP / "keys"
MEDIA_ROOT = _TMP / "media"
STORAGES = {**STORAGES, "default": {"BACKEND": "core.storage.EncryptedFileSystemStorage",  # noqa: F405
                                    "OPTIONS": {"location": str(MEDIA_ROOT)}}}
