"""Numbers as people type them (api.md "GET /api/v1/verify": the permit number is read leniently).

A permit number (`BJ20260000001`), a case number (`XB2026061500001`) or a 身份证 number is typed at a
door, at the window, on a phone, or by a barcode scanner that "types" a QR code: in lower case, in
full width (`ＢＪ２０２６…`, what a Chinese input method in full-width mode gives), with spaces around
or inside it. `normalise_number` is the one reading of all of them: every place that takes such a
number from a person (the verify page and API, the officials' search, the case list's `?number=`,
the permit a case names, the persons' inspection, an investigation's findings, a permit's page)
calls it before it looks anything up, so `bj20260000001`, `ＢＪ20260000001` and ` BJ 2026 0000001 `
all find BJ20260000001.

It lives in `core` because the places that need it sit in many apps, some below `verification`
(decision 92): cases, units, enforcement, permits.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def half_width(typed: str) -> str:
    """`typed` with full-width characters made half-width (NFKC: `ＢＪ２０` is `BJ20`, the
    ideographic space a space) and every space dropped, its letters' case kept (a card's signed
    link is case-sensitive)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", typed))


def normalise_number(typed: str) -> str:
    """`typed` half-width, without spaces (none of these numbers has one) and in upper case. Text
    that is no number stays text: the lookup that follows simply finds nothing."""
    return half_width(typed).upper()
