"""Security decision 3: how an official gets a second factor (`manage.py otp_enrol`)."""

import base64
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from accounts.tests.conftest import OFFICIAL_PW
from audit.models import AuditEvent


def enrol(*args: str) -> str:
    out = io.StringIO()
    call_command("otp_enrol", *args, stdout=out)
    return out.getvalue()


def code_from(key: str) -> str:
    return str(TOTP(base64.b32decode(key)).token()).zfill(6)


def test_d3_enrolling_prints_a_key_that_an_authenticator_app_can_use(make_official, settings):
    make_official("city_desk", Role.CITY_APPROVER)
    out = enrol("--username", "city_desk")
    key = re.search(r"^key: ([A-Z2-7=]+)$", out, re.M)
    assert key is not None
    assert re.search(r"^url: otpauth://totp/.*secret=", out, re.M)
    assert "█" in out or "▀" in out or "▄" in out  # the QR code for the phone
    audit = AuditEvent.objects.get(action="account.otp_enrolled")
    assert audit.after == {"username": "city_desk", "replaced": False}
    # the code of that key is accepted by the token endpoint when the second factor is required
    settings.REQUIRE_OFFICIAL_OTP = True
    body = {"username": "city_desk", "password": OFFICIAL_PW, "otp": code_from(key.group(1))}
    response = Client().post("/api/v1/auth/token", json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content


def test_d3_a_second_enrolment_needs_replace_and_then_the_old_key_stops_working(make_official):
    make_official("city_desk", Role.CITY_APPROVER)
    first = enrol("--username", "city_desk", "--no-qr")
    with pytest.raises(CommandError, match="--replace"):
        enrol("--username", "city_desk", "--no-qr")
    second = enrol("--username", "city_desk", "--replace", "--no-qr")
    assert first != second
    assert TOTPDevice.objects.filter(user__username="city_desk").count() == 1
    assert AuditEvent.objects.filter(action="account.otp_enrolled").last().after["replaced"] is True


def test_d3_a_unit_account_or_an_unknown_name_is_refused(unit_user):
    with pytest.raises(CommandError, match="officials"):
        enrol("--username", "acme_hr")
    with pytest.raises(CommandError, match="no account"):
        enrol("--username", "nobody")
    assert not TOTPDevice.objects.exists()
