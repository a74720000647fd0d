"""Who may open the employer portal: a signed-in unit; anyone else is sent to sign in (anonymous)
or refused (403, another role); another unit's objects are 404, never 403."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from web.tests.unit.support import html

pytestmark = pytest.mark.django_db

PAGES = [
    "/unit/",
    "/unit/permits",
    "/unit/cases",
    "/unit/cases/new",
    "/unit/cases/new/new",
    "/unit/inspection",
    "/unit/inbox",
    "/unit/downloads",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_a_signed_in_unit(portal, clock, url):
    client, _, _ = portal()
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_sign_in(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login?next=")


@pytest.mark.parametrize("who", ["haidian", "city", "admin"])
def test_officials_get_403(official_web, who):
    response = official_web(who).get("/unit/")
    assert response.status_code == 403
    assert "无权访问" in html(response)


def test_another_units_case_permit_and_files_are_404(portal, clock, file_new_case):
    owner, _, owner_api = portal()
    other, _, _ = portal()
    case = file_new_case(owner_api, until="approved")
    number, pk = case["permit_no"], case["id"]
    for url in [
        f"/unit/cases/{pk}",
        f"/unit/cases/{pk}/photo",
        f"/unit/cases/{pk}/form.pdf",
        f"/unit/cases/{pk}/letter.docx",
        f"/unit/permits/{number}",
        f"/unit/permits/{number}/card.pdf",
    ]:
        assert other.get(url).status_code == 404, url
        assert owner.get(url).status_code == 200, url
    for url in [
        f"/unit/cases/{pk}/live",
        f"/unit/cases/{pk}/submit",
        f"/unit/cases/{pk}/withdraw",
        f"/unit/cases/{pk}/rating",
        f"/unit/cases/{pk}/documents",
        f"/unit/cases/{pk}/photo",
    ]:
        assert other.post(url, {"score": 5}).status_code == 404, url


def test_r_s02_lists_mask_the_id_number_and_the_pages_audit_the_full_one(portal, clock, file_new_case):
    client, _, api = portal()
    case = file_new_case(api, until="approved")
    full = case["data"]["person"]["id_number"]
    masked = full[:6] + "********" + full[-4:]
    listing = html(client.get("/unit/permits"))
    assert masked in listing and full not in listing
    assert full not in html(client.get("/unit/cases"))
    assert full in html(client.get(f"/unit/permits/{case['permit_no']}"))
    assert full in html(client.get(f"/unit/cases/{case['id']}"))
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "permit.viewed" in actions and "case.viewed" in actions
