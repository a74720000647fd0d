"""Signed QR tokens for permit cards (api.md "Documents"): Ed25519 over the permit number, card
version and expiry date, so that an office can check a card offline with the public key alone.

Token: `<payload>.<signature>`, both base64url without padding; the payload is the ASCII text
`<key id>|<permit_no>|<card_version>|<expiry YYYY-MM-DD>`. The key id lets old cards verify after a
rotation: every key pair ever made stays in SIGNING_KEY_DIR (never in the database or the
repository); `current` names the one that signs.

In development and tests (SIGNING_KEY_AUTOCREATE) the first key is made on first use. In production
SIGNING_KEY_DIR is shared storage that every app server reads, and a key is only ever made by
`manage.py rotate_signing_key`: a server that found no key must not make its own, or the cards it signs
would fail on every other server. Signing with no key raises SigningKeyMissing, saying what to run.
"""

import base64
import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    """Decode, accepting only the one canonical spelling: a character changed in the unused low bits of
    the last one, or one the decoder would skip, makes another token, so it must not verify."""
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64(raw) != text:
        raise ValueError("not canonical base64url")
    return raw


class SigningKeyMissing(ImproperlyConfigured):
    """No key signs cards yet (production: run `manage.py rotate_signing_key` once)."""


def _dir(*, create: bool = False) -> Path:
    """SIGNING_KEY_DIR; made here only when a key is being made (never, in production, by a read)."""
    path = Path(settings.SIGNING_KEY_DIR)
    if create or settings.SIGNING_KEY_AUTOCREATE:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def key_id(public: Ed25519PublicKey) -> str:
    """A key's id: the first 8 hex digits of the SHA-256 of its raw 32-byte public key, so that anyone
    holding the public key can tell which cards it signed (docs/verify_card_offline.py does the same).
    Keys made before this rule keep their random ids: an id is only the key file's name."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:8]


def _write_new_key() -> str:
    while True:
        private = Ed25519PrivateKey.generate()
        kid = key_id(private.public_key())
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:
            fd = os.open(_dir(create=True) / f"{kid}.pem", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # two keys sharing 32 bits of their hash: make another
            continue
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        return kid


def current_kid_or_none() -> str | None:
    """The key that signs new cards, or None where none was made yet (never makes one)."""
    pointer = _dir() / "current"
    return pointer.read_text().strip() if pointer.exists() else None


def current_kid() -> str:
    """The key that signs new cards. With SIGNING_KEY_AUTOCREATE (development, tests) the first is
    made on first use (safely, should two processes race); otherwise its absence is an error."""
    kid = current_kid_or_none()
    if kid is not None:
        return kid
    if not settings.SIGNING_KEY_AUTOCREATE:
        raise SigningKeyMissing(
            f"No card-signing key in SIGNING_KEY_DIR ({settings.SIGNING_KEY_DIR}). Make the first one once, "
            "on the shared storage every app server reads: python manage.py rotate_signing_key"
        )
    pointer = _dir(create=True) / "current"
    kid = _write_new_key()
    try:
        fd = os.open(pointer, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race; its key signs
        return pointer.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(kid)
    return kid


def rotate() -> str:
    """Make a new key pair and let it sign from now on (the first one too, where none exists yet);
    older keys keep verifying their cards."""
    kid = _write_new_key()
    tmp = _dir(create=True) / f"current.{kid}.tmp"
    tmp.write_text(kid)
    tmp.replace(_dir() / "current")
    return kid


@cache
def _private(kid: str, directory: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key((Path(directory) / f"{kid}.pem").read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 key")
    return key


def _key(kid: str) -> Ed25519PrivateKey | None:
    if not kid.isalnum() or not (_dir() / f"{kid}.pem").exists():
        return None
    return _private(kid, str(_dir()))


def public_key_pem(kid: str | None = None) -> str | None:
    """The public key `kid` (by default the current one), or None where there is no such key."""
    kid = kid or (current_kid() if settings.SIGNING_KEY_AUTOCREATE else current_kid_or_none())
    if kid is None:
        return None
    key = _key(kid)
    if key is None:
        return None
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def public_keys() -> dict[str, str]:
    """Every key id and its public key (PEM), for offline checkers that meet old cards."""
    if settings.SIGNING_KEY_AUTOCREATE:
        current_kid()
    return {p.stem: public_key_pem(p.stem) or "" for p in sorted(_dir().glob("*.pem"))}


@dataclass(frozen=True)
class CardClaim:
    kid: str
    permit_no: str
    card_version: int
    expiry_date: dt.date


def sign(permit_no: str, card_version: int, expiry_date: dt.date) -> str:
    kid = current_kid()
    payload = f"{kid}|{permit_no}|{card_version}|{expiry_date.isoformat()}".encode("ascii")
    key = _key(kid)
    if key is None:
        raise SigningKeyMissing(
            f"SIGNING_KEY_DIR ({settings.SIGNING_KEY_DIR}) names {kid!r} as the current key, but "
            f"{kid}.pem is not there: restore it from the backup (never make a new one on one server only)"
        )
    return f"{_b64(payload)}.{_b64(key.sign(payload))}"


def read(token: str) -> CardClaim | None:
    """The claim of a token whose signature holds, else None (altered, truncated, unknown key)."""
    try:
        payload_text, signature_text = token.split(".")
        payload, signature = _unb64(payload_text), _unb64(signature_text)
        kid, permit_no, version, expiry = payload.decode("ascii").split("|")
        key = _key(kid)
        if key is None:
            return None
        key.public_key().verify(signature, payload)
        return CardClaim(kid, permit_no, int(version), dt.date.fromisoformat(expiry))
    except (ValueError, InvalidSignature, UnicodeDecodeError):
        return None


def verify_offline(token: str, public_pem: bytes) -> bool:
    """What an office does with the public key alone (docs/verify_card_offline.py does the same)."""
    key = serialization.load_pem_public_key(public_pem)
    if not isinstance(key, Ed25519PublicKey):
        return False
    try:
        payload_text, signature_text = token.split(".")
        key.verify(_unb64(signature_text), _unb64(payload_text))
        return True
    except (ValueError, InvalidSignature):
        return False
