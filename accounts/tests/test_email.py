"""accounts.services.set_own_email: a unit operator's own address for reminders — validated as
Django's EmailField validates, blank clears it, audited with both addresses masked; officials 403."""

import pytest

from accounts.actor import Actor
from accounts.models import User
from accounts.services import set_own_email
from audit.models import AuditEvent
from core.crypto import mask_email
from core.errors import BadRequest, Forbidden

pytestmark = pytest.mark.django_db


def _actor(user: User) -> Actor:
    return Actor(user, user.role, "127.0.0.1")


def test_an_operator_sets_changes_and_clears_the_address(unit_user):
    set_own_email(_actor(unit_user), "  zhang.hr@EXAMPLE.cn ")
    assert User.objects.get(pk=unit_user.pk).email == "zhang.hr@example.cn"
    assert unit_user.email == "zhang.hr@example.cn"  # the caller's object is kept in step
    set_own_email(_actor(unit_user), "li@example.com")
    set_own_email(_actor(unit_user), "")
    assert User.objects.get(pk=unit_user.pk).email == ""
    rows = list(AuditEvent.objects.filter(action="account.email_changed").order_by("pk"))
    assert [(r.before["email"], r.after["email"]) for r in rows] == [
        ("", "z***@example.cn"),
        ("z***@example.cn", "l***@example.com"),
        ("l***@example.com", ""),
    ]
    assert {r.actor_id for r in rows} == {unit_user.pk} and {r.ip for r in rows} == {"127.0.0.1"}


def test_the_same_address_again_changes_nothing_and_is_not_audited(unit_user):
    set_own_email(_actor(unit_user), "li@example.com")
    set_own_email(_actor(unit_user), "li@example.com")
    assert AuditEvent.objects.filter(action="account.email_changed").count() == 1


@pytest.mark.parametrize("bad", ["li", "li@", "@example.com", "li@@example.com", "li @example.com",
                                 "a" * 250 + "@example.com"])
def test_an_invalid_address_is_400_naming_the_field_and_saves_nothing(unit_user, bad):
    User.objects.filter(pk=unit_user.pk).update(email="old@example.com")
    with pytest.raises(BadRequest) as caught:
        set_own_email(_actor(unit_user), bad)
    assert [e.field for e in caught.value.errors] == ["email"]
    assert User.objects.get(pk=unit_user.pk).email == "old@example.com"
    assert not AuditEvent.objects.filter(action="account.email_changed").exists()


def test_an_official_cannot_set_one_here(make_official):
    official = make_official()
    with pytest.raises(Forbidden):
        set_own_email(_actor(official), "city@example.com")
    assert User.objects.get(pk=official.pk).email == ""


def test_mask_email_keeps_the_first_character_and_the_domain():
    assert mask_email("zhang.hr@example.cn") == "z***@example.cn"
    assert mask_email("") == ""
    assert mask_email("no-at-sign") == "n***"
