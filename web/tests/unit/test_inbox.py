"""The inbox of reminders, marking one read, turning kinds on and off; the templates to download."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from notices.models import Notice, NoticeKind, NoticePreference
from notices.sweep import renewal_window_open
from web.tests.unit.support import html

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded(portal, clock, file_new_case):
    client, unit_id, api = portal()
    clock("2023-06-15")
    permit = file_new_case(api)["permit_no"]
    Notice.objects.filter(unit_id=unit_id).update(read_at=timezone.now())  # the approval's, read
    clock("2026-05-20")
    renewal_window_open(dt.date(2026, 5, 20))
    return client, unit_id, Notice.objects.get(unit_id=unit_id, kind="renewal_window_open"), permit


def test_inbox_lists_the_reminders_and_marks_one_read(reminded):
    client, _, notice, permit = reminded
    page = html(client.get("/unit/inbox"))
    assert permit in page and "未读" in page
    response = client.post(f"/unit/inbox/{notice.pk}/read", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "未读" not in html(response)
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert permit not in html(client.get("/unit/inbox?unread=1"))


def test_another_units_reminder_is_404(reminded, portal):
    _, _, notice, _ = reminded
    other, _, _ = portal()
    assert other.post(f"/unit/inbox/{notice.pk}/read").status_code == 404


def test_turning_a_kind_off_is_saved_and_audited(reminded):
    client, unit_id, _, _ = reminded
    page = html(client.get("/unit/inbox"))
    assert 'value="renewal_window_open" checked' in page
    kinds = [k for k in NoticeKind.values if k != "renewal_window_open"]
    assert client.post("/unit/inbox/settings", {"kind": kinds}).status_code == 302
    assert NoticePreference.objects.get(unit_id=unit_id, kind="renewal_window_open").enabled is False
    assert AuditEvent.objects.filter(action="notice.preference").count() == 1  # only the one changed
    assert 'value="renewal_window_open">' in html(client.get("/unit/inbox"))


def test_the_decisions_notices_are_in_the_inbox_and_those_always_sent_have_no_box(reminded):
    client, unit_id, _, permit = reminded
    page = html(client.get("/unit/inbox"))
    assert "可取证：请到海淀区办理窗口领取证件" in page and "申请已批准" in page  # the approval's
    settings = page.split('id="settings-title"')[1]
    for kind in ["ready_for_collection", "case_supplement_requested", "unit_frozen", "penalty_imposed"]:
        assert f'value="{kind}"' not in settings
    assert 'value="case_approved" checked' in settings and 'value="case_rejected" checked' in settings
    always = settings.split('id="always-sent"')[1].split("</div>")[0]
    assert "可取证" in always and "单位账户已冻结" in always and "处罚决定" in always
    # a form without them (as the page sends it) changes only what it has boxes for
    assert client.post("/unit/inbox/settings", {"kind": ["renewal_window_open"]}).status_code == 302
    off = set(NoticePreference.objects.filter(unit_id=unit_id, enabled=False).values_list("kind", flat=True))
    assert off == set(NoticeKind.values) - {"renewal_window_open", "ready_for_collection",
                                            "case_supplement_requested", "unit_frozen", "penalty_imposed"}


def test_templates_download_with_the_units_name(portal, clock, official_web):
    client, _, _ = portal()
    page = html(client.get("/unit/downloads"))
    for name in [
        "integrity-declaration.docx",
        "social-insurance-certificate.xlsx",
        "tax-certificate.xlsx",
        "staff-import.xlsx",
    ]:
        assert f"/unit/downloads/{name}" in page
        response = client.get(f"/unit/downloads/{name}")
        assert response.status_code == 200 and response.content.startswith(b"PK")
    assert client.get("/unit/downloads/nothing.docx").status_code == 404
    assert official_web("haidian").get("/unit/downloads/tax-certificate.xlsx").status_code == 403
