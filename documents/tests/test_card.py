"""The permit card (api.md "Documents"): a signed QR that verifies, tamper refusal, key rotation."""

import datetime as dt
import io

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from verification import signing
from verification.tests.factories import stamp_frozen

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit(make_unit, file_new_case, clock):
    clock(dt.date(2026, 6, 15))
    client, _ = make_unit("haidian")
    return client, file_new_case(client)["permit_no"]


def _qr_text(pdf: bytes) -> str:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=4).to_pil()
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1
    return codes[0].text


def test_card_holds_the_holder_the_photo_and_a_qr_that_verifies(permit, api, settings):
    client, permit_no = permit
    response = client.client.get(
        f"/api/v1/permits/{permit_no}/card.pdf", HTTP_AUTHORIZATION=f"Bearer {client.token}"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    text = page.extract_text()
    assert "北京市工作居住证" in text and permit_no in text and "张伟" in text and "第1版" in text
    assert page.images  # the holder's photo
    url = _qr_text(response.content)
    assert url.startswith(settings.PUBLIC_BASE_URL) and "/verify/qr/" in url
    token = url.rsplit("/", 1)[1]
    answer = api.get(f"/verify/qr/{token}")
    assert answer.status_code == 200 and answer.json()["result"] == "valid"
    assert answer.json()["permit_no"] == permit_no
    page_answer = api.client.get(url.replace(settings.PUBLIC_BASE_URL, ""))
    assert page_answer.status_code == 200 and "有效" in page_answer.content.decode()


def _altered(token: str, i: int) -> str:
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]


def test_a_token_altered_by_one_character_answers_invalid_signature(permit, api):
    _, permit_no = permit
    token = signing.sign(permit_no, 1, dt.date(2029, 6, 15))
    for i in (3, len(token) - 3):
        response = api.get(f"/verify/qr/{_altered(token, i)}")
        assert response.status_code == 400 and response.json()["result"] == "invalid_signature"
    assert api.get("/verify/qr/garbage").json()["result"] == "invalid_signature"


def test_no_single_character_of_a_token_can_change_and_still_verify(permit, api):
    """Even the last character, whose low bits base64 leaves unused: only the canonical spelling verifies."""
    _, permit_no = permit
    public_pem = api.client.get("/api/v1/verify/public-key").content
    for expiry in (dt.date(2029, 6, 15), dt.date(2029, 6, 16), dt.date(2030, 1, 1)):
        token = signing.sign(permit_no, 1, expiry)
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        same_bytes = token[:-1] + alphabet[alphabet.index(token[-1]) ^ 1]  # differs only in unused low bits
        for altered in [_altered(token, i) for i in range(len(token)) if token[i] != "."] + [same_bytes]:
            assert signing.read(altered) is None, altered
            assert not signing.verify_offline(altered, public_pem), altered


def test_an_old_card_answers_superseded_and_a_frozen_permit_frozen(permit, api):
    from permits.models import Permit

    _, permit_no = permit
    old = signing.sign(permit_no, 1, dt.date(2029, 6, 15))
    Permit.objects.filter(permit_no=permit_no).update(card_version=2)
    assert api.get(f"/verify/qr/{old}").json()["result"] == "superseded"
    stamp_frozen(permit_no, dt.datetime(2027, 5, 2, tzinfo=dt.UTC))
    current = signing.sign(permit_no, 2, dt.date(2029, 6, 15))
    assert api.get(f"/verify/qr/{current}").json()["result"] == "frozen"


def test_key_rotation_keeps_old_cards_verifiable_and_serves_each_public_key(permit, api):
    _, permit_no = permit
    before = signing.sign(permit_no, 1, dt.date(2029, 6, 15))
    old_kid = signing.current_kid()
    new_kid = signing.rotate()
    after = signing.sign(permit_no, 1, dt.date(2029, 6, 15))
    assert new_kid != old_kid
    assert api.get(f"/verify/qr/{before}").json()["result"] == "valid"
    assert api.get(f"/verify/qr/{after}").json()["result"] == "valid"
    current_pem = api.client.get("/api/v1/verify/public-key").content
    old_pem = api.client.get("/api/v1/verify/public-key", {"kid": old_kid}).content
    assert signing.verify_offline(after, current_pem) and not signing.verify_offline(before, current_pem)
    assert signing.verify_offline(before, old_pem)
    assert api.client.get("/api/v1/verify/public-key", {"kid": "nokey"}).status_code == 404


def test_another_unit_cannot_fetch_the_card(permit, make_unit):
    _, permit_no = permit
    stranger, _ = make_unit("haidian")
    assert stranger.get(f"/permits/{permit_no}/card.pdf").status_code == 404


def test_the_offline_script_checks_a_card_with_the_public_key_alone(permit, api, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    _, permit_no = permit
    token = signing.sign(permit_no, 1, dt.date(2029, 6, 15))
    key = tmp_path / "public.pem"
    key.write_bytes(api.client.get("/api/v1/verify/public-key").content)
    script = Path(__file__).resolve().parents[2] / "docs" / "verify_card_offline.py"
    good = subprocess.run([sys.executable, script, key, token], capture_output=True, text=True, check=False)
    assert good.returncode == 0 and permit_no in good.stdout
    altered = _altered(token, len(token) - 1)
    bad = subprocess.run([sys.executable, script, key, altered], capture_output=True, text=True, check=False)
    assert bad.returncode == 1


def test_the_offline_script_says_which_key_an_older_card_needs_after_a_rotation(permit, api, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    _, permit_no = permit
    old_token = signing.sign(permit_no, 1, dt.date(2029, 6, 15))
    old_kid, new_kid = signing.current_kid(), signing.rotate()
    script = Path(__file__).resolve().parents[2] / "docs" / "verify_card_offline.py"
    current = tmp_path / "current.pem"
    current.write_bytes(api.client.get("/api/v1/verify/public-key").content)

    def check(key, token):
        command = [sys.executable, script, key, token]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    other_key = check(current, old_token)
    assert other_key.returncode == 3 and "这不是本系统签发的证件" not in other_key.stdout
    assert f"signed with key {old_kid}" in other_key.stdout
    assert f"key file given is key {new_kid}" in other_key.stdout
    assert f"/api/v1/verify/public-key?kid={old_kid}" in other_key.stdout
    older = tmp_path / "older.pem"
    older.write_bytes(api.client.get("/api/v1/verify/public-key", {"kid": old_kid}).content)
    good = check(older, old_token)
    assert good.returncode == 0 and f"key {old_kid}" in good.stdout and permit_no in good.stdout
    altered = check(older, _altered(old_token, len(old_token) - 1))
    assert altered.returncode == 1 and "INVALID" in altered.stdout
