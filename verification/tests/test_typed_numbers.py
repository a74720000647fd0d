"""Issue 12, point 6: verification read a real permit as not existing when its number was typed in
lower case or full width. api.md "GET /api/v1/verify": surrounding spaces, lower case and
full-width characters are normalised first (core.numbers.normalise_number) — on the API and on the
/verify page alike. Both sides: what a person types for the number is found; anything else is not,
and a wrong name still answers exactly like an unknown number."""

import pytest
from django.test import Client

from verification.tests.factories import make_permit

pytestmark = pytest.mark.django_db

FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # ASCII to its full-width form (U+FF01…)
TYPED = {
    "lower case": lambda n: n.lower(),  # bj2026000001
    "full width": lambda n: n.translate(FULL_WIDTH),  # ＢＪ２０２６０００００１
    "full-width lower case": lambda n: n.lower().translate(FULL_WIDTH),  # ｂｊ２０２６…
    "full-width letters": lambda n: n[:2].translate(FULL_WIDTH) + n[2:],  # ＢＪ2026000001
    "spaces around": lambda n: f"  {n}\t",
    "ideographic spaces": lambda n: f"\u3000{n}\u3000",
    "spaces inside": lambda n: f"{n[:2]} {n[2:6]} {n[6:]}",
}
# Typed numbers that are not this permit's: each is still not found (normalising adds no fuzziness).
NOT_IT = {
    "a digit short": lambda n: n[:-1],
    "a digit more": lambda n: n + "1",
    "O for 0": lambda n: n.replace("0", "O"),
    "another letter": lambda n: "BK" + n[2:],
    "a hyphen": lambda n: f"{n[:2]}-{n[2:]}",
    "nonsense": lambda n: "不是编号",
    "only spaces": lambda n: "\u3000 ",
}


@pytest.mark.parametrize("typed", TYPED.values(), ids=TYPED.keys())
def test_the_api_reads_the_number_as_people_type_it(api, clock, typed):
    permit = make_permit("张三丰")
    response = api.get("/verify", permit_no=typed(permit.permit_no), name="张三丰")
    assert response.status_code == 200, response.content
    assert response.json()["result"] == "valid"
    assert response.json()["permit_no"] == permit.permit_no  # answered as issued


@pytest.mark.parametrize("typed", NOT_IT.values(), ids=NOT_IT.keys())
def test_the_api_still_finds_nothing_for_another_number(api, clock, typed):
    permit = make_permit("张三丰")
    response = api.get("/verify", permit_no=typed(permit.permit_no), name="张三丰")
    if response.status_code == 400:  # blank after the form's strip: malformed, not a lookup
        return
    assert response.status_code == 404
    assert response.json()["result"] == "not_found"


def test_a_typed_number_with_a_wrong_name_is_still_not_found(api, clock):
    permit = make_permit("张三丰")
    response = api.get("/verify", permit_no=permit.permit_no.lower(), name="李四")
    assert response.status_code == 404
    assert response.json() == api.get("/verify", permit_no="BJ0000000000", name="李四").json()


@pytest.mark.parametrize("typed", TYPED.values(), ids=TYPED.keys())
def test_the_page_reads_the_number_as_people_type_it(clock, typed):
    permit = make_permit("张三丰")
    page = Client().get("/verify", {"permit_no": typed(permit.permit_no), "name": "张三丰"})
    assert page.status_code == 200
    assert "验证结果：有效" in page.content.decode()
    assert permit.permit_no in page.content.decode()


@pytest.mark.parametrize("typed", NOT_IT.values(), ids=NOT_IT.keys())
def test_the_page_still_finds_nothing_for_another_number(clock, typed):
    permit = make_permit("张三丰")
    page = Client().get("/verify", {"permit_no": typed(permit.permit_no), "name": "张三丰"})
    assert "验证结果：有效" not in page.content.decode()
