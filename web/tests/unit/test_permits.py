"""Staff and permits: search by the holder's name, filter by status, masked ID numbers (R-S02); the
permit page with the full data, audited, what can be filed for it, and the card."""

import datetime as dt

import pytest

from audit.models import AuditEvent
from core.tests.support import inspect_every_year
from ops.demo import new_application
from web.tests.unit.support import html

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def _named(name: str) -> dict:
    data = new_application(TODAY)
    data["person"]["name"] = name
    return data


def test_search_by_holder_name_and_filter_by_status(portal, clock, file_new_case):
    client, _, api = portal()
    li = file_new_case(api, _named("李雷"))["permit_no"]
    han = file_new_case(api, _named("韩梅梅"))["permit_no"]
    cancelled = api.post("/applications", {"type": "cancellation", "permit_no": han, "left_on": "2026-06-14"})
    assert api.post(f"/applications/{cancelled.json()['id']}/submit").status_code == 200
    page = html(client.get("/unit/permits", {"q": "李"}))
    assert li in page and han not in page
    page = html(client.get("/unit/permits", {"status": "cancelled"}))
    assert han in page and li not in page
    page = html(client.get("/unit/permits", {"status": "valid"}))
    assert li in page and han not in page
    assert "没有找到证件" in html(client.get("/unit/permits", {"q": "王"}))


def test_another_units_permits_are_not_listed(portal, clock, file_new_case):
    client, _, _ = portal()
    _, _, other_api = portal()
    permit = file_new_case(other_api)["permit_no"]
    assert permit not in html(client.get("/unit/permits"))


def test_r_s02_permit_page_full_data_audited_with_actions_and_card(portal, clock, file_new_case):
    client, _, api = portal()
    case = file_new_case(api)
    permit = case["permit_no"]
    page = html(client.get(f"/unit/permits/{permit}"))
    assert case["data"]["person"]["id_number"] in page
    assert "北京市海淀区学院路20号院3号楼502" in page  # the residence
    assert "2029-06-15" in page  # R-V01: 3 years
    for case_type in [
        "renewal",
        "address_change",
        "dependents_change",
        "general_change",
        "replacement",
        "cancellation",
    ]:
        assert f"/unit/cases/new/{case_type}?permit_no={permit}" in page
    assert AuditEvent.objects.filter(action="permit.viewed").count() == 1
    card = client.get(f"/unit/permits/{permit}/card.pdf")
    assert card.status_code == 200 and card.content.startswith(b"%PDF")
    assert card["Content-Disposition"] == f'attachment; filename="{permit}-card.pdf"'
    assert AuditEvent.objects.filter(action="permit.card_downloaded").count() == 1


def test_r_v02_expired_permit_page_says_until_when_it_can_be_renewed(portal, clock, file_new_case):
    client, _, api = portal()
    clock("2023-06-15")
    permit = file_new_case(api)["permit_no"]
    inspect_every_year(api, clock, range(2024, 2027), [permit])  # else frozen from 2 May 2024 (R-I03)
    clock("2026-06-16")
    page = html(client.get(f"/unit/permits/{permit}"))
    assert "已过期（可续签）" in page and "须在2026年7月15日前提交续签" in page


def test_unknown_permit_is_404(portal, clock):
    client, _, _ = portal()
    assert client.get("/unit/permits/BJ20269999999").status_code == 404
    assert client.get("/unit/permits?cursor=%%%").status_code == 404
