"""core.crypto.normalise_id feeds the blind index of ID numbers (security decision 5: R-P08, the
penalty lookup, people): an ID number typed in full width — what a Chinese input method in
full-width mode gives — finds the same person as the ASCII one, and the indexes stored for ASCII
numbers do not change (they were HMAC(strip + upper) and still are)."""

import base64
import datetime as dt
import hashlib
import hmac

import pytest
from django.test import override_settings

from core import crypto
from ops.demo import id_number

ASCII = "11010519491231002X"
FULL_WIDTH = "１１０１０５１９４９１２３１００２Ｘ"
DEV_KEY = "ZGV2LW9ubHktYmxpbmQtaW5kZXgta2V5LTMyLWJ5dGU="  # config/settings/dev.py's


def _before(value: str, key: str) -> str:
    """The blind index as it was computed before full width was read: HMAC of strip + upper."""
    return hmac.new(base64.b64decode(key), value.strip().upper().encode(), hashlib.sha256).hexdigest()


@override_settings(BLIND_INDEX_KEY=DEV_KEY)
@pytest.mark.parametrize("typed", [ASCII, "11010519491231002x", f"  {ASCII}\t"])
def test_the_index_of_an_ascii_id_number_is_unchanged(typed):
    assert crypto.blind_index(typed) == _before(typed, DEV_KEY)
    # pinned: the index stored under the development key for this number, before and after
    assert crypto.blind_index(typed) == "55fd524d31f23600282c25982cc189034bd0f7b96ce25801d7ef123b1d479733"


@pytest.mark.parametrize("typed", [
    FULL_WIDTH,
    "１１０１０５１９４９１２３１００２ｘ",  # a full-width lower-case check digit
    "\u3000１１０１０５ １９４９１２３１ ００２Ｘ\u3000",  # ideographic spaces, spaces inside
    "110105１９４９１２３１002X",  # half typed in each mode
])
def test_a_full_width_id_number_reads_as_the_ascii_one_and_finds_the_same_index(typed):
    assert crypto.normalise_id(typed) == ASCII
    assert crypto.blind_index(typed) == crypto.blind_index(ASCII)


def test_an_empty_id_number_still_has_no_index():
    assert crypto.blind_index("") == "" and crypto.normalise_id("  ") == ""


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


@pytest.mark.django_db
def test_a_full_width_id_number_finds_the_persons_penalty(officials):
    """The penalty lookup (security decision 15) with the number as typed in full width."""
    number = id_number(dt.date(1990, 5, 17))
    made = officials["city"].post(
        "/penalties", {"kind": "person_false_materials", "id_number": number, "note": "经核查属实"}
    ).json()["id"]
    found = officials["city"].post("/penalties/lookup", {"id_number": _full_width(number.lower())})
    assert found.status_code == 200, found.content
    assert [p["id"] for p in found.json()["items"]] == [made]
