"""Delivery: the job enqueues a django-tasks job in its own transaction; the db worker sends each
notice through each channel at most once (email by Django's mail API, SMS through the gateway of
SMS_GATEWAY, which by default only logs the masked number)."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from notices.channels import EmailChannel, SmsChannel
from notices.models import Delivery, DeliveryStatus, Notice, NoticeKind
from notices.tasks import deliver
from ops.sweep import run_sweep

pytestmark = pytest.mark.django_db
FULL_PHONE = "13800138000"  # ops.demo.registration's operator phone
SEASON = NoticeKind.INSPECTION_SEASON_OPEN


@pytest.fixture
def unit_with_email(make_unit):
    """An active unit whose operator has an email address (set directly, not through set_own_email)."""
    _, unit_id = make_unit("haidian")
    User.objects.filter(unit_id=unit_id).update(email="hr@example.com")
    return unit_id


def test_the_job_enqueues_delivery_in_its_transaction_and_sends_once(
    unit_with_email, make_unit, clock, run_worker
):
    make_unit("haidian")  # a second unit, without any email address
    run_worker()  # the units' verification notices (notices.unit_decisions) leave first
    mail.outbox.clear()
    clock("2027-04-01")
    day = dt.date(2027, 4, 1)
    assert run_sweep(day)["notices.inspection_season_open"] == 2
    jobs = DBTaskResult.objects.filter(task_path="notices.tasks.deliver_notices")
    assert jobs.count() == 1  # stored with the notices, run by the worker after the commit
    assert mail.outbox == []
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hr@example.com"] and "2027年度年检开始了" in message.subject
    assert "2027年5月1日" in message.body

    # a rerun of the job, and of the worker, sends nothing again
    assert run_sweep(day)["notices.inspection_season_open"] == 0
    assert jobs.count() == 1
    run_worker()
    assert len(mail.outbox) == 1
    season = Delivery.objects.filter(notice__kind=NoticeKind.INSPECTION_SEASON_OPEN).select_related("notice")
    rows = {(d.notice.unit_id, d.channel): d.status for d in season}
    assert len(rows) == 4  # two notices, two channels, once each
    assert rows[(unit_with_email, "email")] == DeliveryStatus.SENT
    assert rows[(unit_with_email, "sms")] == DeliveryStatus.SENT
    assert sorted(rows.values()).count(DeliveryStatus.SKIPPED) == 1  # the unit with no email


def test_delivering_again_sends_nothing(unit_with_email, remind):
    remind("2027-04-01")
    notice = Notice.objects.get(unit_id=unit_with_email, kind=SEASON)
    assert deliver(notice, EmailChannel()) is True
    assert deliver(notice, EmailChannel()) is False
    assert len(mail.outbox) == 1


def test_the_sms_log_line_holds_no_full_phone_number(unit_with_email, remind, caplog):
    remind("2027-04-01")
    notice = Notice.objects.select_related("unit").get(unit_id=unit_with_email, kind=SEASON)
    with caplog.at_level(logging.INFO, logger="notices.sms"):
        assert deliver(notice, SmsChannel()) is True
    assert "138****8000" in caplog.text and "年检" in caplog.text
    assert FULL_PHONE not in caplog.text
    delivery = Delivery.objects.get(notice=notice, channel="sms")
    assert FULL_PHONE not in delivery.detail


def test_a_failing_gateway_is_recorded_not_raised_nor_retried(unit_with_email, remind):
    class Broken:
        calls = 0

        def send(self, phone, text):
            Broken.calls += 1
            raise ConnectionError("gateway down")

    remind("2027-04-01")
    notice = Notice.objects.select_related("unit").get(unit_id=unit_with_email, kind=SEASON)
    channel = SmsChannel(Broken())
    assert deliver(notice, channel) is False
    assert deliver(notice, channel) is False
    assert Broken.calls == 1
    delivery = Delivery.objects.get(notice=notice, channel="sms")
    assert (delivery.status, delivery.sent_at) == (DeliveryStatus.FAILED, None)


def test_sms_gateway_is_chosen_by_the_setting(settings):
    settings.SMS_GATEWAY = "notices.tests.test_delivery.RecordingGateway"
    assert isinstance(SmsChannel().gateway, RecordingGateway)


class RecordingGateway:
    def send(self, phone, text):
        pass
