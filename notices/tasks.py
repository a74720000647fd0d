"""Delivery of the notices (django-tasks, database backend): a step of the daily job enqueues
`deliver_notices` for the range it created, a decision `deliver_notices_by_id` for its own, each in
the transaction that writes the notices, so the task exists exactly when the notices do; a worker
(`manage.py db_worker`) runs it after the commit."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
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


def _deliver_all(notices: QuerySet[Notice]) -> int:
    active, sent = channels(), 0
    for notice in notices.select_related("unit").order_by("pk").iterator(chunk_size=500):
        for channel in active:
            sent += deliver(notice, channel)
    return sent


@task()
def deliver_notices(after_pk: int, upto_pk: int) -> int:
    """Deliver the notices with after_pk < pk <= upto_pk (those one step of the job created) through
    every channel. Answers how many sends were made."""
    return _deliver_all(Notice.objects.filter(pk__gt=after_pk, pk__lte=upto_pk))


@task()
def deliver_notices_by_id(notice_ids: list[int]) -> int:
    """Deliver the notices one decision wrote through every channel. Answers how many sends were made."""
    return _deliver_all(Notice.objects.filter(pk__in=notice_ids))
