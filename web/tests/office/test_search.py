"""The workbench's search box (issue 12, point 2): on every /office/ page; a case number, a permit
number, a full 身份证 number or a scanned QR code goes straight to the one match, several are
listed, none is said; another district's objects are not found; the ID number travels in the POST
body only and is shown back masked. And `?number=` on the case list."""

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from accounts.services import official_create
from audit.models import AuditEvent
from conftest import OFFICIAL_PASSWORD, Held
from core.crypto import mask_id
from permits.models import Permit
from verification import signing
from web.tests.summary import error_summary

pytestmark = pytest.mark.django_db


def holder_id(held: Held) -> str:
    return Permit.objects.get(permit_no=held.permit_no).holder.id_number


def find(client: Client, q: str) -> Any:
    return client.post("/office/search", {"q": q})


@pytest.mark.parametrize(
    "path", ["/office/", "/office/units/", "/office/penalties/", "/office/investigations/", "/office/stats"]
)
def test_every_workbench_page_has_the_search_box(path: str, office: dict[str, Client]) -> None:
    html = office["haidian"].get(path).content.decode()
    assert '<form method="post" action="/office/search"' in html
    assert '<label for="office-search-q">查找办件或证件</label>' in html


def test_a_case_number_opens_the_case(held: Held, office: dict[str, Client]) -> None:
    response = find(office["haidian"], held.case["number"].lower())
    assert response.status_code == 302
    assert response["Location"] == f"/office/cases/{held.case['id']}/"


def test_the_forms_qr_code_as_a_scanner_types_it_opens_the_case(
    held: Held, office: dict[str, Client]
) -> None:
    response = find(office["haidian"], held.case["number"] + "\r\n")
    assert response["Location"] == f"/office/cases/{held.case['id']}/"


def test_a_permit_number_opens_the_permit(held: Held, office: dict[str, Client]) -> None:
    response = find(office["haidian"], "ＢＪ" + held.permit_no[2:])
    assert response.status_code == 302
    assert response["Location"] == f"/office/permits/{held.permit_no}/"


def test_a_cards_qr_link_opens_the_permit(held: Held, office: dict[str, Client]) -> None:
    permit = Permit.objects.get(permit_no=held.permit_no)
    token = signing.sign(permit.permit_no, permit.card_version, permit.expiry_date)
    response = find(office["city"], f"https://permit.example.gov.cn/verify/qr/{token}")
    assert response["Location"] == f"/office/permits/{held.permit_no}/"


def test_an_id_number_with_several_matches_lists_them_masked(held: Held, office: dict[str, Client]) -> None:
    number = holder_id(held)
    response = find(office["haidian"], number)
    assert response.status_code == 200
    html = response.content.decode()
    assert number not in html  # neither echoed nor listed in full (R-S02)
    assert mask_id(number) in html
    assert f'href="/office/permits/{held.permit_no}/"' in html
    assert f'href="/office/cases/{held.case["id"]}/"' in html
    assert "张*" in html and "张伟" not in html
    assert "相符的有 2 项" in html


def test_nothing_found_is_said(held: Held, office: dict[str, Client]) -> None:
    response = find(office["haidian"], "XB2099010100001")
    assert response.status_code == 200
    html = response.content.decode()
    assert "没有找到与“XB2099010100001”相符的办件或证件。" in html
    assert "只能查到本区单位的办件和证件。" in html


def test_another_districts_objects_are_not_found(held: Held, office: dict[str, Client]) -> None:
    for q in (held.case["number"], held.permit_no, holder_id(held)):
        response = find(office["chaoyang"], q)
        assert response.status_code == 200, q
        assert "没有找到" in response.content.decode(), q


def test_the_city_finds_every_districts_case(held: Held, office: dict[str, Client]) -> None:
    assert find(office["city"], held.case["number"])["Location"] == f"/office/cases/{held.case['id']}/"


def test_an_empty_search_asks_for_something_and_links_to_the_box(office: dict[str, Client]) -> None:
    response = find(office["haidian"], " \u3000 ")
    html = response.content.decode()
    assert response.status_code == 200
    asked = "查找办件或证件：请输入办件编号、证件编号或身份证号码。"  # the box's label heads it
    assert error_summary(html).items == [("office-search-q", asked)]
    assert 'aria-invalid="true"' in html


def test_searching_is_a_post_only(office: dict[str, Client]) -> None:
    """Security decision 15: `GET /office/search?q=<ID number>` would put it in the access log."""
    assert office["haidian"].get("/office/search", {"q": "110101199001011234"}).status_code == 405


def test_searching_writes_no_audit_row_opening_the_case_does(held: Held, office: dict[str, Client]) -> None:
    before = AuditEvent.objects.count()
    find(office["haidian"], holder_id(held))
    assert AuditEvent.objects.count() == before  # a masked list is no full view
    office["haidian"].get(f"/office/cases/{held.case['id']}/")
    assert AuditEvent.objects.filter(action="case.viewed").exists()


def test_the_auditor_and_a_unit_may_not_search(held: Held) -> None:
    official_create(username="auditor1", password=OFFICIAL_PASSWORD, role=Role.AUDITOR, district=None)
    for username in ("auditor1", User.objects.get(unit_id=held.unit_id).username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        assert find(client, held.permit_no).status_code == 403


# --- ?number= on the case list ----------------------------------------------------------------------


def test_the_case_list_finds_a_case_by_number_in_any_status(held: Held, office: dict[str, Client]) -> None:
    """The approved case is in no tab the reviewer opens first; `?number=` finds it all the same."""
    html = office["haidian"].get("/office/", {"number": " " + held.case["number"].lower()}).content.decode()
    assert f'href="/office/cases/{held.case["id"]}/"' in html
    assert f"办件编号 {held.case['number']}：共 1 件" in html


def test_the_case_list_by_number_is_scoped(held: Held, office: dict[str, Client]) -> None:
    html = office["chaoyang"].get("/office/", {"number": held.case["number"]}).content.decode()
    assert f'href="/office/cases/{held.case["id"]}/"' not in html
    assert "：共 0 件" in html
