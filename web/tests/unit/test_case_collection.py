"""The unit's case page says where and when to collect an approved card (可取证, R-W04): for an
approved `new` or `replacement` case whose card waits, the dashboard's 可领证 window — the district
window's address, office and telephone, its next open hours (R-W08) — drawn by the same helper and
template (web.unit.dashboard.collection_window, templates/unit/_collection_window.html)."""

import pytest
from django.test import Client

from accounts.models import User
from cases.tests.support import file_case, pass_employer_change, submit
from reference.models import District
from web.tests.unit.support import html

pytestmark = pytest.mark.django_db


def _page(client, case_id):
    response = client.get(f"/unit/cases/{case_id}")
    assert response.status_code == 200
    return html(response)


def _signed_in(unit_id):
    client = Client()
    client.force_login(User.objects.get(unit_id=unit_id))
    return client


def _collect_block(page):
    assert '<h2 id="collect-title">可领证</h2>' in page
    return page.split('id="collect-title"')[1].split("</section>")[0]


def _dashboard_window(client):
    """The dashboard's 可领证 block, from its table's end: the window facts and the rules."""
    response = client.get("/unit/")
    return html(response).split('id="collect-title"')[1].split("</table></div>")[1].split("</section>")[0]


def test_r_w04_an_approved_new_case_says_where_and_when_to_collect_the_card(portal, clock, file_new_case):
    client, _, api = portal()
    clock("2026-06-13")  # a Saturday: the window's next open hours are Monday's, whatever the time
    case = file_new_case(api, until="approved")
    block = _collect_block(_page(client, case["id"]))
    haidian = District.objects.get(code="haidian")
    assert "证件已批准，可以领取。请持证人本人或经办人持身份证件到海淀区办理窗口领取。" in block
    assert "海淀区办理窗口" in block and haidian.phone in block and haidian.office in block
    assert "2026年6月15日（星期一）09:00–17:00" in block
    assert "R-W04" in block and "R-W08" in block
    # the very block the dashboard shows (one helper, one template)
    assert block.split("</p>", 1)[1].strip() == _dashboard_window(client).strip()


def test_r_w04_once_collected_the_case_page_no_longer_sends_the_unit_to_the_window(
    portal, file_new_case, officials
):
    client, _, api = portal()
    case = file_new_case(api, until="approved")
    path = f"/applications/{case['id']}/collection"
    collected = officials["haidian"].post(path, {"collected_by": "holder"})
    assert collected.status_code == 200, collected.content
    assert 'id="collect-title"' not in _page(client, case["id"])


def test_r_w04_a_case_not_approved_or_without_a_card_has_no_collection_block(held, clock, officials):
    client = _signed_in(held.unit_id)
    clock("2026-08-01")
    residence = {"address": "北京市海淀区学院路1号", "district": "haidian", "housing_type": "owned"}
    change = submit(held.client, file_case(
        held.client, {"type": "address_change", "permit_no": held.permit_no, "residence": residence})["id"])
    assert 'id="collect-title"' not in _page(client, change["id"])  # submitted
    codes = [i["code"] for i in change["checklist"] if i["required"]]
    passed = officials["haidian"].post(f"/applications/{change['id']}/review",
                                       {"decision": "pass", "materials_received": codes})
    assert passed.json()["status"] == "approved"
    assert 'id="collect-title"' not in _page(client, change["id"])  # approved, no card (R-W04)
    assert 'id="collect-title"' in _page(client, held.case["id"])  # the held card still waits


def test_r_e03_a_card_for_a_permit_that_moved_is_not_offered(held, make_unit, clock, officials):
    """The former unit's card is refused at the window once the permit moved (R-E03)."""
    former = _signed_in(held.unit_id)
    assert 'id="collect-title"' in _page(former, held.case["id"])
    new, _ = make_unit("haidian")
    clock("2026-08-01")
    pass_employer_change(new, officials["haidian"], held.permit_no, "2026-07-31", "2026-08-01")
    assert 'id="collect-title"' not in _page(former, held.case["id"])


def test_the_collection_block_in_english(portal, file_new_case):
    client, _, api = portal()
    case = file_new_case(api, until="approved")
    response = client.get(f"/unit/cases/{case['id']}", HTTP_ACCEPT_LANGUAGE="en")
    block = html(response).split('id="collect-title"')[1].split("</section>")[0]
    assert "Ready for collection" in block
    assert "The card is approved and ready. The holder or the unit's operator collects it at the" in block
