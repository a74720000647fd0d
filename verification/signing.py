"""Signed QR tokens for permit cards (api.md "Documents"): Ed25519 over the permit number, card
version and expiry date, so that an office can check a card offline with the public key alone.

Token: `<payload>.<signature>`, both base64url without padding; the payload is the ASCII text
`<key id>|<permit_no>|<card_version>|<expiry YYYY-MM-DD>`. The key id lets old cards verify after a
rotation: every key pair ever made stays in SIGNING_KEY_DIR (never in the database or the
repository); `current` names the one that signs. The first key is made on first use.
"""

import base64
import datetime as dt
import os
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    """Decode, accepting only the one canonical spelling: a character changed in the unused low bits of
    the last one, or one the decoder would skip, makes another token, so it must not verify."""
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64(raw) != text:
        raise ValueError("not canonical base64url")
    return raw


def _dir() -> Path:
    path = Path(settings.SIGNING_KEY_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _write_new_key() -> str:
    kid = secrets.token_hex(4)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(_dir() / f"{kid}.pem", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return kid


def current_kid() -> str:
    """The key that signs new cards; made on first use (safely, should two processes race)."""
    pointer = _dir() / "current"
    if pointer.exists():
        return pointer.read_text().strip()
    kid = _write_new_key()
    try:
        fd = os.open(pointer, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race; its key signs
        return pointer.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(kid)
    return kid


def rotate() -> str:
    """Make a new key pair and let it sign from now on; older keys keep verifying their cards."""
    kid = _write_new_key()
    tmp = _dir() / "current.tmp"
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
    key = _key(kid or current_kid())
    if key is None:
        return None
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def public_keys() -> dict[str, str]:
    """Every key id and its public key (PEM), for offline checkers that meet old cards."""
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
        raise RuntimeError("the current signing key is missing")
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
