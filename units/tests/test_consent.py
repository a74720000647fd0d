"""PIPL arts. 14 and 17 at registration: the personal-data notice (units.consent) is kept with the
unit — its version, when, and how it was given. An API client's registration is its consent (the
API's contract takes no consent field); the web form's tick is web/tests/unit/test_registration.py's."""

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from ops.demo import registration
from units import consent
from units.consent import ConsentVia
from units.models import Unit

# The digest of the notice's Chinese text as version VERSION says it. A changed word of the notice
# fails here: give it a new VERSION (what each unit agreed to stays the version it read), then this.
DIGESTS = {"2026-1": "84310c2c32babce09761f9f8f3df29c2e00e7fe3637bf25c57dfcb89815a6c34"}


def test_the_notice_says_what_is_collected_why_how_long_and_who_sees_it():
    headings = [heading for heading, _ in consent.NOTICE]
    for asked in ("收集哪些信息", "为什么收集", "保存多久", "谁能看到", "您的权利"):
        assert asked in headings
    kept = dict(consent.NOTICE)["保存多久"]
    assert "6个月" in kept and "网络安全法" in kept  # security decision 7's 180 days


def test_a_changed_notice_is_a_new_version():
    assert consent.digest() == DIGESTS[consent.VERSION]


@pytest.mark.django_db
def test_an_api_registration_is_the_clients_consent(api):
    before = timezone.now()
    response = api.post("/units/register", registration("api_hr"))
    assert response.status_code == 201
    assert "consent" not in response.json()  # the contract does not change
    unit = Unit.objects.get(pk=response.json()["id"])
    assert (unit.consent_version, unit.consent_via) == (consent.VERSION, ConsentVia.API_CLIENT)
    assert unit.consent_given_at is not None and unit.consent_given_at >= before
    row = AuditEvent.objects.get(action="unit.registered")
    assert row.after["consent"] == {"version": consent.VERSION, "via": "api_client"}


@pytest.mark.django_db
def test_the_client_cannot_say_how_consent_was_given(api):
    body = {**registration("api_hr2"), "consent_via": "web_form", "consent_version": "1999-1"}
    response = api.post("/units/register", body)
    assert response.status_code == 201
    unit = Unit.objects.get(pk=response.json()["id"])
    assert (unit.consent_version, unit.consent_via) == (consent.VERSION, ConsentVia.API_CLIENT)
