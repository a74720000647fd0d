"""Issue 12, point 6, in cases: the permit a case names and the case list's `?number=` are read as
people type them (core.numbers: lower case, full width, spaces), and kept as issued."""

import pytest

from conftest import Api, Held

pytestmark = pytest.mark.django_db

FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # ASCII to its full-width form (U+FF01…)


@pytest.mark.parametrize(
    "typed",
    [str.lower, lambda n: n.translate(FULL_WIDTH), lambda n: f" {n[:2]} {n[2:]}\u3000"],
    ids=["lower case", "full width", "spaces"],
)
def test_a_case_names_its_permit_as_typed_and_keeps_it_as_issued(typed, held: Held) -> None:
    body = {"type": "replacement", "permit_no": typed(held.permit_no), "reason": "lost",
            "reason_detail": "遗失"}
    response = held.client.post("/applications", body)
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["permit_no"] == held.permit_no
    assert case["data"]["permit_no"] == held.permit_no


@pytest.mark.parametrize("typed", ["BJ2026", "BJ-20260000001", "不是编号"])
def test_another_number_names_no_permit(typed: str, held: Held) -> None:
    body = {"type": "replacement", "permit_no": typed, "reason": "lost", "reason_detail": "遗失"}
    assert held.client.post("/applications", body).status_code == 404


def test_the_case_list_finds_a_case_by_its_number_as_typed(held: Held, officials: dict[str, Api]) -> None:
    number = held.case["number"]
    for typed in (number, number.lower(), number.translate(FULL_WIDTH), f" {number} "):
        listed = officials["haidian"].get("/applications", number=typed).json()["items"]
        assert [c["number"] for c in listed] == [number], typed
    assert officials["haidian"].get("/applications", number="XB2099010100001").json()["items"] == []
    assert officials["chaoyang"].get("/applications", number=number).json()["items"] == []  # scoped
    assert len(officials["haidian"].get("/applications", number="").json()["items"]) == 1  # blank: no filter
