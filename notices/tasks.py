"""Delivery of the notices a run of the daily job created (django-tasks, database backend): the job
enqueues `deliver_notices` in its own transaction, so the task exists exactly when the notices do;
a worker (`manage.py db_worker`) runs it after the commit."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from notices.channels import Channel, channels
from notices.models import Delivery, DeliveryStatus, Notice

logger = logging.getLogger(__name__)


def deliver(notice: Notice, channel: Channel) -> bool:
    """Send one notice through one channel at most once: the Delivery row is committed before the
    send, so a rerun (or a second worker) finds it and sends nothing. A send that fails is recorded
    `failed` and not retried (the notice stays in the inbox). True when this call sent it."""
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(notice=notice, channel=channel.name)
    except IntegrityError:
        return False
    try:
        status, detail = channel.send(notice)
    except Exception as exc:  # any failure of a mail server or gateway is recorded, not raised
        logger.warning("notice %s via %s failed: %s", notice.pk, channel.name, type(exc).__name__)
        status, detail = DeliveryStatus.FAILED, type(exc).__name__
    sent_at = timezone.now() if status == DeliveryStatus.SENT else None
    Delivery.objects.filter(pk=delivery.pk).update(status=status, detail=detail[:200], sent_at=sent_at)
    return status == DeliveryStatus.SENT


@task()
def deliver_notices(after_pk: int, upto_pk: int) -> int:
    """Deliver the notices with after_pk < pk <= upto_pk (those one step of the job created) through
    every channel. Answers how many sends were made."""
    notices = Notice.objects.filter(pk__gt=after_pk, pk__lte=upto_pk).select_related("unit").order_by("pk")
    active, sent = channels(), 0
    for notice in notices.iterator(chunk_size=500):
        for channel in active:
            sent += deliver(notice, channel)
    return sent
