"""Check a 北京市工作居住证 card's QR code offline, with the system's public key alone.

    python verify_card_offline.py public-key.pem "https://…/verify/qr/<token>"

Get the public key once from GET /api/v1/verify/public-key. After the system's key is rotated, cards
printed before carry the older key's id (the first field of the token's payload): fetch that key with
GET /api/v1/verify/public-key?kid=<key id>. A key's id is the first 8 hex digits of the SHA-256 of its
raw public key, so this script tells when the card was signed with another key than the one given (keys
made before that rule have a random id, which only the system's list of keys shows). Needs only the
`cryptography` package. A good signature proves that the system issued this card with this permit
number, card version and expiry date; whether the permit is still valid today (not frozen, cancelled or
replaced) only the live check can tell.
"""

import base64
import hashlib
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key

INVALID = "签名无效：这不是本系统签发的证件，或二维码已被改动。 INVALID signature"


def unb64(text: str) -> bytes:
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=") != text:
        raise ValueError("not canonical base64url")  # a changed character the decoder would ignore
    return raw


def key_id(key: Ed25519PublicKey) -> str:
    """The id the system gives a key (verification.signing.key_id)."""
    return hashlib.sha256(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()[:8]


def main(key_path: str, url_or_token: str) -> int:
    token = url_or_token.rstrip("/").rsplit("/", 1)[-1]
    with open(key_path, "rb") as fh:
        key = load_pem_public_key(fh.read())
    if not isinstance(key, Ed25519PublicKey):
        print(f"{key_path} 不是本系统的公钥（Ed25519）。 not an Ed25519 public key")
        return 2
    try:
        payload_text, signature_text = token.split(".")
        payload, signature = unb64(payload_text), unb64(signature_text)
        kid, permit_no, version, expiry = payload.decode("ascii").split("|")
    except (ValueError, UnicodeDecodeError):
        print(INVALID)
        return 1
    try:
        key.verify(signature, payload)
    except InvalidSignature:
        if kid != key_id(key):
            print(
                f"该证件由密钥 {kid} 签发，所给公钥是密钥 {key_id(key)}：请取得密钥 {kid} 的公钥后再核验"
                f"（GET /api/v1/verify/public-key?kid={kid}）。若所给文件正是密钥 {kid}，则签名无效。\n"
                f"The card was signed with key {kid}, the key file given is key {key_id(key)}: fetch "
                f"/api/v1/verify/public-key?kid={kid} and check again (if that file is key {kid}, "
                "the signature is INVALID)."
            )
            return 3
        print(INVALID)
        return 1
    print(f"签名有效 VALID signature (key {kid}): 证件编号 {permit_no}, 第{version}版, 有效期至 {expiry}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
