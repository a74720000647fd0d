"""Security decision 1: 8 characters for units, 12 for officials, at most 64; common, numeric and
similar passwords refused; officials need three of four classes and a change every 90 days;
Argon2id first."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import official_password_expired
from accounts.tests.conftest import OFFICIAL_PW, UNIT_PASSWORD
from config.settings import base


def _unit() -> User:
    return User(username="acme_hr", role=Role.UNIT)


def _official(role: Role = Role.DISTRICT_REVIEWER) -> User:
    return User(username="hd_reviewer", role=role)


def _refused(password: str, user: User) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    return [e.code for e in caught.value.error_list]


def test_d1_argon2_is_the_first_hasher_in_base_settings():
    assert "Argon2" in base.PASSWORD_HASHERS[0]


@pytest.mark.django_db
def test_d1_a_new_password_is_stored_with_argon2id_under_base_settings(settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    user = User(username="argon", role=Role.UNIT)
    user.set_password(UNIT_PASSWORD)
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(UNIT_PASSWORD)


@pytest.mark.django_db
def test_d1_unit_accepts_8_characters_non_common_non_numeric():
    validate_password("qk7vzmwr", _unit())


@pytest.mark.django_db
def test_d1_unit_accepts_64_characters():
    validate_password("qk7vzmwr" * 8, _unit())


@pytest.mark.django_db
def test_d1_unit_needs_no_composition_rules():
    validate_password("qkvzmwrtplxn", _unit())  # lower case only, fine for a unit


@pytest.mark.django_db
def test_d1_unit_refuses_7_characters():
    assert "password_too_short" in _refused("qk7vzmw", _unit())


@pytest.mark.django_db
def test_d1_unit_refuses_65_characters():
    assert _refused("qk7vzmwr" * 8 + "x", _unit()) == ["password_too_long"]


@pytest.mark.django_db
def test_d1_unit_refuses_a_common_password():
    assert "password_too_common" in _refused("password1", _unit())


@pytest.mark.django_db
def test_d1_unit_refuses_an_all_numeric_password():
    assert "password_entirely_numeric" in _refused("83920174", _unit())


@pytest.mark.django_db
def test_d1_unit_refuses_a_password_like_the_username():
    assert "password_too_similar" in _refused("acme_hr1", _unit())


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.DISTRICT_REVIEWER, Role.CITY_APPROVER, Role.ADMIN])
def test_d1_official_refuses_11_characters_even_with_three_classes(role):
    assert "password_too_short" in _refused("Qk7vzmwr#pl", _official(role))


@pytest.mark.django_db
def test_d1_official_refuses_12_characters_of_only_two_classes():
    assert _refused("qkvzmwrtPLXN", _official()) == ["password_classes"]
    assert _refused("qkvzmw381729", _official()) == ["password_classes"]


@pytest.mark.django_db
def test_d1_official_accepts_12_characters_of_three_classes():
    validate_password("qkvzmw3817#t", _official())
    validate_password(OFFICIAL_PW, _official())


@pytest.mark.django_db
def test_d1_official_refuses_65_characters():
    assert "password_too_long" in _refused("Qk7#vzmw" * 8 + "x", _official())


@pytest.mark.django_db
def test_d1_create_official_refuses_a_weak_password(make_official):
    from accounts.services import official_create

    with pytest.raises(ValidationError):
        official_create(username="weak_official", password="qkvzmwr3", role=Role.CITY_APPROVER)
    assert not User.objects.filter(username="weak_official").exists()


# --- 90-day change for officials -------------------------------------------------------------------

def test_d1_official_password_older_than_90_days_is_expired():
    now = timezone.now()
    official = _official()
    official.password_changed_at = now - timedelta(days=90, minutes=1)
    assert official_password_expired(official, now)


def test_d1_official_password_of_89_days_is_not_expired():
    now = timezone.now()
    official = _official()
    official.password_changed_at = now - timedelta(days=89)
    assert not official_password_expired(official, now)


def test_d1_unit_password_never_expires():
    now = timezone.now()
    unit = _unit()
    unit.password_changed_at = now - timedelta(days=400)
    assert not official_password_expired(unit, now)


def test_d1_token_response_asks_an_official_with_an_old_password_to_change_it(api, make_official):
    official = make_official("cy_approver", Role.CITY_APPROVER)
    User.objects.filter(pk=official.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    response = api.post("/auth/token", {"username": "cy_approver", "password": OFFICIAL_PW})
    assert response.status_code == 200
    assert response.json()["password_change_required"] is True


def test_d1_token_response_does_not_ask_a_fresh_official_or_a_unit(api, make_official, unit_user):
    make_official("cy_approver", Role.CITY_APPROVER)
    User.objects.filter(pk=unit_user.pk).update(password_changed_at=timezone.now() - timedelta(days=400))
    for username, password in (("cy_approver", OFFICIAL_PW), ("acme_hr", UNIT_PASSWORD)):
        response = api.post("/auth/token", {"username": username, "password": password})
        assert response.json()["password_change_required"] is False


def test_d1_changing_an_expired_password_clears_the_flag(api, make_official):
    official = make_official("cy_approver", Role.CITY_APPROVER)
    User.objects.filter(pk=official.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    client = api.as_user("cy_approver", OFFICIAL_PW)
    assert client.get("/auth/me").json()["password_change_required"] is True
    new = "Fresh-Official-2027#"
    changed = client.post("/auth/password", {"old_password": OFFICIAL_PW, "new_password": new})
    assert changed.status_code == 204
    response = api.post("/auth/token", {"username": "cy_approver", "password": new})
    assert response.json()["password_change_required"] is False
