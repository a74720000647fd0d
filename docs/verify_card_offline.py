"""Check a 北京市工作居住证 card's QR code offline, with the system's public key alone.

    python verify_card_offline.py public-key.pem "https://…/verify/qr/<token>"

Get the public key once from GET /api/v1/verify/public-key (an older key: ?kid=<key id>; the key id is
the first field of the token's payload). Needs only the `cryptography` package. A good signature proves
that the system issued this card with this permit number, card version and expiry date; whether the
permit is still valid today (not frozen, cancelled or replaced) only the live check can tell.
"""

import base64
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import load_pem_public_key


def unb64(text: str) -> bytes:
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=") != text:
        raise ValueError("not canonical base64url")  # a changed character the decoder would ignore
    return raw


def main(key_path: str, url_or_token: str) -> int:
    token = url_or_token.rstrip("/").rsplit("/", 1)[-1]
    key = load_pem_public_key(open(key_path, "rb").read())
    try:
        payload, signature = (unb64(part) for part in token.split("."))
        key.verify(signature, payload)  # type: ignore[union-attr,call-arg]
    except (ValueError, InvalidSignature):
        print("签名无效：这不是本系统签发的证件，或二维码已被改动。 INVALID signature")
        return 1
    kid, permit_no, version, expiry = payload.decode("ascii").split("|")
    print(f"签名有效 VALID signature (key {kid}): 证件编号 {permit_no}, 第{version}版, 有效期至 {expiry}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
