"""Personal data at rest (security decision 5).

One small interface — `encrypt`, `decrypt`, `blind_index` — so that an SM4/SM3 backend can be
added for 密评 without touching callers. The default backend is AES-256-GCM with a random 96-bit
nonce; stored values are `v1:<base64(nonce|ciphertext|tag)>`. The blind index is HMAC-SHA256 over
the normalised value with a second key, so exact lookups (R-P08, R-B01) need no decryption.
"""

import base64
import binascii
import hashlib
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

from core.numbers import half_width

PREFIX = "v1:"


def _key(name: str) -> bytes:
    raw = getattr(settings, name, "")
    if not raw:
        raise ImproperlyConfigured(f"{name} is not set")
    try:
        key = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{name} must be 32 bytes, base64-encoded") from exc
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} must be 32 bytes, base64-encoded")
    return key


@cache
def _aead() -> AESGCM:
    return AESGCM(_key("FIELD_ENCRYPTION_KEY"))


def _forget_key(*, setting: str, **kwargs: object) -> None:
    if setting == "FIELD_ENCRYPTION_KEY":
        _aead.cache_clear()


setting_changed.connect(_forget_key, dispatch_uid="core.crypto.forget_key")


def encrypt(plain: str) -> str:
    nonce = os.urandom(12)
    sealed = _aead().encrypt(nonce, plain.encode("utf-8"), None)
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    blob = base64.b64decode(stored[len(PREFIX):])
    return _aead().decrypt(blob[:12], blob[12:], None).decode("utf-8")


FILE_MAGIC = b"BJPENC1\n"  # the first bytes of an upload encrypted at rest (core.storage)


def encrypt_file(data: bytes, name: str) -> bytes:
    """An uploaded file's bytes, sealed with AES-256-GCM under the field key; the storage name is the
    associated data, so a file copied or renamed onto another name does not open."""
    nonce = os.urandom(12)
    return FILE_MAGIC + nonce + _aead().encrypt(nonce, data, b"file:" + name.encode("utf-8"))


def decrypt_file(stored: bytes, name: str) -> bytes:
    """The plain bytes of a stored upload. A file without the marker was stored before uploads were
    encrypted (decision 75) and is returned as it is."""
    if not stored.startswith(FILE_MAGIC):
        return stored
    blob = stored[len(FILE_MAGIC):]
    return _aead().decrypt(blob[:12], blob[12:], b"file:" + name.encode("utf-8"))


def normalise_id(value: str) -> str:
    """An ID number as the blind index reads it, however it was typed: full-width characters made
    half-width and spaces dropped (core.numbers.half_width: `１１０１…ｘ` is `1101…x`), in upper case
    (a final "x" is the check digit "X"). An ASCII number without inner spaces reads as before
    (strip + upper), so the indexes already stored stay valid."""
    return half_width(value).upper()


def blind_index(value: str) -> str:
    """HMAC-SHA256 of the normalised value, hex. Empty input gives an empty index."""
    if not value:
        return ""
    return hmac.new(_key("BLIND_INDEX_KEY"), normalise_id(value).encode("utf-8"), hashlib.sha256).hexdigest()


def mask_id(value: str | None) -> str:
    """R-S02: first 6 and last 4 characters shown."""
    if not value:
        return ""
    if len(value) <= 10:
        return value[:2] + "*" * max(len(value) - 2, 0)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    return value[:3] + "*" * max(len(value) - 7, 0) + value[-4:] if len(value) > 7 else "*" * len(value)


def mask_name(value: str | None) -> str:
    """R-S01: the name masked after its first character."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)


def mask_email(value: str | None) -> str:
    """An email address for audit rows and logs: the first character of the local part and the domain
    (`a***@example.com`), enough to tell two addresses apart without storing either."""
    if not value:
        return ""
    local, _, domain = value.rpartition("@")
    if not local:
        return value[:1] + "***"
    return f"{local[:1]}***@{domain}"
