"""The signed-in operator's email address for reminders, set on the reminder settings (the inbox
page): saved, shown, cleared, refused when invalid (next to the field), audited masked; reminders
then go there (notices.channels.EmailChannel)."""

import datetime as dt
import re

import pytest
from django.core import mail

from accounts.models import User
from audit.models import AuditEvent
from notices.channels import EmailChannel
from notices.models import Notice, NoticeKind, NoticePreference
from notices.sweep import renewal_window_open
from notices.tasks import deliver
from web.tests.unit.support import html

pytestmark = pytest.mark.django_db
ALL_KINDS = list(NoticeKind.values)


def _slot(page: str) -> str:
    found = re.search(r'<p class="error" id="e-email">(.*?)</p>', page, re.S)
    assert found
    return found.group(1).strip()


def test_the_address_is_saved_shown_cleared_and_audited_masked(portal, clock):
    client, unit_id, _ = portal()
    page = html(client.get("/unit/inbox"))
    assert '<label for="f-email">接收提醒的电子邮箱</label>' in page
    assert 'type="email" id="f-email" name="email" value=""' in page
    response = client.post("/unit/inbox/settings", {"kind": ALL_KINDS, "email": " Li.HR@Example.COM "})
    assert response.status_code == 302
    operator = User.objects.get(unit_id=unit_id)
    assert operator.email == "Li.HR@example.com"
    assert 'value="Li.HR@example.com"' in html(client.get("/unit/inbox"))
    event = AuditEvent.objects.get(action="account.email_changed")
    assert (event.before, event.after) == ({"email": ""}, {"email": "L***@example.com"})
    assert event.actor_id == operator.pk and "Li.HR" not in str(event.after)

    assert client.post("/unit/inbox/settings", {"kind": ALL_KINDS, "email": ""}).status_code == 302
    assert User.objects.get(unit_id=unit_id).email == ""
    assert 'name="email" value=""' in html(client.get("/unit/inbox"))
    cleared = AuditEvent.objects.filter(action="account.email_changed").order_by("pk").last()
    assert (cleared.before, cleared.after) == ({"email": "L***@example.com"}, {"email": ""})


def test_an_invalid_address_is_refused_next_to_the_field_and_nothing_is_saved(portal, clock):
    client, unit_id, _ = portal()
    User.objects.filter(unit_id=unit_id).update(email="old@example.com")
    kinds = [k for k in ALL_KINDS if k != "renewal_window_open"]
    response = client.post("/unit/inbox/settings", {"kind": kinds, "email": "li.hr@@example"})
    assert response.status_code == 400
    page = html(response)
    assert _slot(page)  # the message is next to the field
    assert 'value="li.hr@@example"' in page and 'aria-invalid="true"' in page
    assert 'href="#f-email"' in page  # and summarised at the top, linking to it
    assert User.objects.get(unit_id=unit_id).email == "old@example.com"
    assert not NoticePreference.objects.filter(unit_id=unit_id, enabled=False).exists()
    assert not AuditEvent.objects.filter(action__in=["account.email_changed", "notice.preference"]).exists()


def test_the_settings_without_the_field_leave_the_address_alone(portal, clock):
    client, unit_id, _ = portal()
    User.objects.filter(unit_id=unit_id).update(email="old@example.com")
    assert client.post("/unit/inbox/settings", {"kind": ALL_KINDS}).status_code == 302
    assert User.objects.get(unit_id=unit_id).email == "old@example.com"
    assert client.get("/unit/inbox/settings")["Location"] == "/unit/inbox#settings-title"


def test_officials_cannot_set_an_address_here(official_web):
    response = official_web("haidian").post("/unit/inbox/settings", {"email": "x@example.com"})
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.com").exists()


def test_a_reminder_then_goes_to_that_address(portal, clock, file_new_case):
    client, unit_id, api = portal()
    clock("2023-06-15")
    permit = file_new_case(api)["permit_no"]
    saved = client.post("/unit/inbox/settings", {"kind": ALL_KINDS, "email": "hr@example.com"})
    assert saved.status_code == 302
    clock("2026-05-20")
    renewal_window_open(dt.date(2026, 5, 20))
    notice = Notice.objects.get(unit_id=unit_id, kind=NoticeKind.RENEWAL_WINDOW_OPEN)
    assert deliver(notice, EmailChannel()) is True
    assert [m.to for m in mail.outbox] == [["hr@example.com"]]
    assert permit in mail.outbox[0].body
