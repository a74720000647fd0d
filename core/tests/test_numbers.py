"""core.numbers: a permit, case or ID number as people and scanners type it (issue 12, point 6)."""

import pytest

from core.numbers import half_width, normalise_number


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("BJ20260000001", "BJ20260000001"),
        ("bj20260000001", "BJ20260000001"),
        ("ＢＪ20260000001", "BJ20260000001"),
        ("ｂｊ２０２６００００００１", "BJ20260000001"),
        ("  BJ20260000001\r\n", "BJ20260000001"),  # a scanner's Enter
        ("\u3000BJ 2026 0000001\u3000", "BJ20260000001"),
        ("xb2026061500001", "XB2026061500001"),
        ("11010119900101123x", "11010119900101123X"),
        ("１１０１０１１９９００１０１１２３Ｘ", "11010119900101123X"),
    ],
)
def test_a_number_is_read_as_typed(typed: str, read: str) -> None:
    assert normalise_number(typed) == read


@pytest.mark.parametrize("typed", ["", " ", "\u3000\t\n"])
def test_nothing_typed_is_empty(typed: str) -> None:
    assert normalise_number(typed) == ""


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("bj-2026", "BJ-2026"),
        ("bj2026o", "BJ2026O"),
        ("不是编号", "不是编号"),
        ("ＢＪ２０２６。", "BJ2026。"),
    ],
)
def test_what_is_no_number_stays_what_it_is(typed: str, read: str) -> None:
    """Only width, case and spaces change: a hyphen, a letter O or a Chinese full stop stay, so the
    lookup that follows finds nothing rather than a near miss."""
    assert normalise_number(typed) == read


def test_half_width_keeps_the_case_of_a_cards_link() -> None:
    assert half_width(" https://x/verify/qr/ＡbC.dEf ") == "https://x/verify/qr/AbC.dEf"
