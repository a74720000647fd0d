"""The channels a notice leaves the system by, behind one tiny interface: `name` and
`send(notice) -> (status, detail)`. Every notice is also in the unit's inbox (GET /notices);
channels only tell the unit to look.

Adding a real SMS gateway: write a class with `send(self, phone: str, text: str) -> None` that calls
the provider (raise on failure; the delivery is then recorded `failed` and not retried), put it in
an importable module, and set `SMS_GATEWAY=yourpackage.module.ClassName` in the environment. Never
log or store the full phone number (security decision 5): log `core.crypto.mask_phone(phone)`.
"""

import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from accounts.models import User
from accounts.roles import Role
from core.crypto import mask_phone
from notices.models import DeliveryStatus, Notice

logger = logging.getLogger("notices.sms")
SMS_SIGNATURE = "【北京市工作居住证】"


class Channel(Protocol):
    name: str

    def send(self, notice: Notice) -> tuple[str, str]:
        """Send one notice; answer (DeliveryStatus, detail). Raise when the send failed."""
        ...


class EmailChannel:
    """Django's mail API, to the unit's active operators that have an email address."""

    name = "email"

    def send(self, notice: Notice) -> tuple[str, str]:
        recipients = sorted(
            User.objects.filter(unit_id=notice.unit_id, role=Role.UNIT, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if not recipients:
            return DeliveryStatus.SKIPPED, "no operator email address"
        text = notice.body + (f"\n\n{notice.title_en}\n{notice.body_en}" if notice.body_en else "")
        send_mail(notice.title, text, None, recipients)
        return DeliveryStatus.SENT, f"{len(recipients)} recipient(s)"


class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LoggingSmsGateway:
    """The default gateway: sends nothing, logs the masked number and the text."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text)


class SmsChannel:
    """A short message to the unit's registered operator phone, through `settings.SMS_GATEWAY`."""

    name = "sms"

    def __init__(self, gateway: SmsGateway | None = None) -> None:
        self.gateway = gateway or import_string(settings.SMS_GATEWAY)()

    def send(self, notice: Notice) -> tuple[str, str]:
        phone = notice.unit.operator_phone
        if not phone:
            return DeliveryStatus.SKIPPED, "no operator phone"
        self.gateway.send(phone, f"{SMS_SIGNATURE}{notice.body}")
        return DeliveryStatus.SENT, mask_phone(phone)


def channels() -> list[Channel]:
    return [EmailChannel(), SmsChannel()]
