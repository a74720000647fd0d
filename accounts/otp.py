"""Security decision 3: officials and admins sign in with a second factor (TOTP, django-otp) when
REQUIRE_OFFICIAL_OTP is on (production settings). Units are never asked. An official's device is
enrolled on the command line (`manage.py otp_enrol`)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.actor import Actor
from accounts.models import User
from audit.services import audit_record


def second_factor_required(user: Any) -> bool:
    """Whether this account must give a TOTP code to sign in (the web, the admin and the API)."""
    return bool(settings.REQUIRE_OFFICIAL_OTP) and bool(getattr(user, "is_official", False))


def is_verified(user: Any) -> bool:
    """Whether this session's sign-in was confirmed with a code (set by django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def official_otp_enrol(user: User, *, replace: bool = False, actor: Actor | None = None) -> TOTPDevice:
    """Give an official one TOTP device (its secret is shown once by the command). An account that
    already has one keeps it unless `replace`: then the old device stops working at once, and so do
    the sessions it confirmed."""
    if not user.is_official:
        raise ValidationError("only officials and admins enrol a second factor here")
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        devices = TOTPDevice.objects.filter(user=user)
        replaced = devices.exists()
        if replaced and not replace:
            raise ValidationError(
                f"{user.get_username()!r} already has a device; pass --replace to issue a new one")
        devices.delete()
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
        audit_record(actor or Actor.system(), "account.otp_enrolled", user,
                     after={"username": user.get_username(), "replaced": replaced})
    return device
