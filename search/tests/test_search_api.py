"""api.md `POST /api/v1/search` (issue 12, point 2): officials find a case or a permit by its number,
by the holder's full 身份证 number (through the blind index) or by what a scanner types from a form's
or a card's QR code; scoped like the lists; an empty search is an empty answer, not an error."""

from typing import Any

import pytest

from accounts.roles import Role
from accounts.services import official_create
from config.api import api as ninja_api
from conftest import OFFICIAL_PASSWORD, Api, Held
from permits.models import Permit
from verification import signing

FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # ASCII to its full-width form (U+FF01…)


def search(client: Api, q: Any) -> Any:
    return client.post("/search", {"q": q})


def items(client: Api, q: Any) -> list[dict[str, Any]]:
    response = search(client, q)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def holder_id(held: Held) -> str:
    return Permit.objects.get(permit_no=held.permit_no).holder.id_number


def card_link(held: Held) -> str:
    permit = Permit.objects.get(permit_no=held.permit_no)
    token = signing.sign(permit.permit_no, permit.card_version, permit.expiry_date)
    return f"https://permit.example.gov.cn/verify/qr/{token}"


# --- what is found -------------------------------------------------------------------------------


def test_a_case_number_finds_the_case(held: Held, officials: dict[str, Api]) -> None:
    [hit] = items(officials["haidian"], held.case["number"])
    assert hit == {
        "kind": "case",
        "id": held.case["id"],
        "number": held.case["number"],
        "permit_no": held.permit_no,  # the permit it issued
        "status": "approved",
        "unit_name": hit["unit_name"],
        "name_masked": "张*",
    }
    assert hit["unit_name"]


def test_a_permit_number_finds_the_permit_with_its_status_today(
    held: Held, officials: dict[str, Api]
) -> None:
    [hit] = items(officials["haidian"], held.permit_no)
    assert hit == {
        "kind": "permit",
        "permit_no": held.permit_no,
        "status": "valid",
        "unit_name": hit["unit_name"],
        "name_masked": "张*",
    }


def test_a_full_id_number_finds_the_holders_permits_and_cases(held: Held, officials: dict[str, Api]) -> None:
    found = items(officials["haidian"], holder_id(held))
    assert [(h["kind"], h.get("permit_no"), h.get("number")) for h in found] == [
        ("permit", held.permit_no, None),
        ("case", held.permit_no, held.case["number"]),
    ]


def test_the_answer_never_carries_the_id_number(held: Held, officials: dict[str, Api]) -> None:
    number = holder_id(held)
    response = search(officials["haidian"], number)
    assert number not in response.content.decode()
    assert "张伟" not in response.content.decode()  # names masked (R-S01)


def test_the_text_a_scanner_types_from_the_forms_qr_code_finds_the_case(
    held: Held, officials: dict[str, Api]
) -> None:
    """documents.formkit draws the case number into the form's QR code; a scanner types it and Enter."""
    [hit] = items(officials["haidian"], held.case["number"] + "\r\n")
    assert hit["id"] == held.case["id"]


def test_a_cards_qr_link_finds_its_permit(held: Held, officials: dict[str, Api]) -> None:
    [hit] = items(officials["haidian"], card_link(held))
    assert (hit["kind"], hit["permit_no"]) == ("permit", held.permit_no)


def test_an_altered_cards_qr_link_finds_nothing(held: Held, officials: dict[str, Api]) -> None:
    link = card_link(held)
    altered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    assert items(officials["haidian"], altered) == []


@pytest.mark.parametrize(
    "typed",
    [
        lambda n: n.lower(),  # bj20260000001
        lambda n: n.translate(FULL_WIDTH),  # ＢＪ２０２６…
        lambda n: n[:2].translate(FULL_WIDTH) + n[2:],  # ＢＪ20260000001, issue 12's example
        lambda n: f"  {n[:2]} {n[2:6]}\u3000{n[6:]}  ",  # spaces around and inside, ideographic too
    ],
    ids=["lower case", "full width", "full-width letters", "spaces"],
)
def test_numbers_are_read_as_people_type_them(typed: Any, held: Held, officials: dict[str, Api]) -> None:
    [permit] = items(officials["haidian"], typed(held.permit_no))
    assert permit["permit_no"] == held.permit_no
    [case] = items(officials["haidian"], typed(held.case["number"]))
    assert case["number"] == held.case["number"]


@pytest.mark.parametrize("q", ["", "   ", "\u3000", "nonsense", "BJ", "XB20260615", "110101199001011234"])
def test_nothing_or_nonsense_is_an_empty_answer_not_an_error(
    q: str, held: Held, officials: dict[str, Api]
) -> None:
    assert items(officials["haidian"], q) == []


# --- scope: another district's objects are absent, never refused ----------------------------------


def test_another_districts_reviewer_finds_nothing(held: Held, officials: dict[str, Api]) -> None:
    for q in (held.case["number"], held.permit_no, holder_id(held), card_link(held)):
        assert items(officials["chaoyang"], q) == [], q


def test_the_city_finds_every_district(held: Held, officials: dict[str, Api]) -> None:
    assert len(items(officials["city"], holder_id(held))) == 2
    assert [h["permit_no"] for h in items(officials["city"], held.permit_no)] == [held.permit_no]


# --- who may search ----------------------------------------------------------------------------------


def test_a_unit_an_admin_and_the_auditor_may_not_search(
    held: Held, officials: dict[str, Api], api: Api
) -> None:
    official_create(username="auditor1", password=OFFICIAL_PASSWORD, role=Role.AUDITOR, district=None)
    auditor = api.as_user("auditor1", OFFICIAL_PASSWORD)
    for client in (held.client, officials["admin"], auditor):
        response = search(client, held.permit_no)
        assert response.status_code == 403, response.content
        assert response["Content-Type"] == "application/problem+json"


def test_without_a_token_it_is_401(held: Held, api: Api) -> None:
    assert search(api, held.permit_no).status_code == 401


# --- malformed requests ------------------------------------------------------------------------------


def test_q_in_a_query_string_is_refused(held: Held, officials: dict[str, Api]) -> None:
    """Security decision 15: a full ID number never travels in a URL."""
    response = officials["haidian"].post(f"/search?q={holder_id(held)}", {"q": ""})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "q"


@pytest.mark.parametrize(
    "body", [{}, {"q": 12}, {"q": None}, {"q": "x" * 501}, {"q": "BJ1", "kind": "case"}],
    ids=["no q", "a number", "null", "too long", "unknown field"],
)
def test_a_malformed_body_is_400(body: dict[str, Any], held: Held, officials: dict[str, Api]) -> None:
    response = officials["haidian"].post("/search", body)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"


def test_the_document_declares_what_a_read_by_post_answers() -> None:
    """No 404, 409, 422 or 423: a search refuses nothing but a malformed body and a wrong role."""
    operation = ninja_api.get_openapi_schema()["paths"]["/api/v1/search"]["post"]
    assert set(operation["responses"]) == {"200", "400", "401", "403", "413", "415"}
