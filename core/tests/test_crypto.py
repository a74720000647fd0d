"""Security decision 5: ID and phone numbers are AES-256-GCM ciphertext at rest, with an
HMAC-SHA256 blind index on the normalised ID number for exact lookups; keys come from settings."""

import base64
import datetime as dt

import pytest
from cryptography.exceptions import InvalidTag
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from core import crypto
from people.models import Person
from reference.models import District, EntityType
from units.models import Unit

ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"
OTHER_KEY = base64.b64encode(b"another-32-byte-key-for-the-test").decode()


def _person(id_number: str = ID_NUMBER, phone: str = PHONE) -> Person:
    return Person.objects.create(name="张伟", id_number=id_number, id_index=crypto.blind_index(id_number),
                                 sex="M", birth_date=dt.date(1949, 12, 31), hukou="北京市东城区", phone=phone)


def _raw(table: str, columns: str, pk: int) -> tuple[str, ...]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id = %s", [pk])  # nosec B608  # noqa: S608 - fixed names
        return tuple(cursor.fetchone())


@pytest.mark.django_db
def test_d5_person_id_and_phone_are_ciphertext_in_the_database_and_round_trip():
    person = _person()
    stored_id, stored_phone, stored_index = _raw("people_person", "id_number, phone, id_index", person.pk)
    for stored, plain in ((stored_id, ID_NUMBER), (stored_phone, PHONE)):
        assert stored.startswith("v1:")
        assert plain not in stored
        assert plain not in base64.b64decode(stored[3:]).decode("latin-1")
    assert ID_NUMBER not in stored_index
    again = Person.objects.get(pk=person.pk)
    assert (again.id_number, again.phone) == (ID_NUMBER, PHONE)


@pytest.mark.django_db
def test_d5_unit_operator_id_and_phone_are_ciphertext_in_the_database():
    unit = Unit.objects.create(
        name="北京示例科技有限公司", uscc="91110105MA01ABCD1X", entity_type=EntityType.ENTERPRISE,
        district=District.objects.get(code="haidian"), address="北京市海淀区中关村大街1号",
        main_business="软件开发", last_year_tax_cny=1_200_000, employee_count=120, planned_permit_count=5,
        legal_representative="王建国", operator_name="李经办", operator_id_number=ID_NUMBER,
        operator_id_index=crypto.blind_index(ID_NUMBER), operator_phone=PHONE)
    stored_id, stored_phone = _raw("units_unit", "operator_id_number, operator_phone", unit.pk)
    assert stored_id.startswith("v1:") and ID_NUMBER not in stored_id
    assert stored_phone.startswith("v1:") and PHONE not in stored_phone
    again = Unit.objects.get(pk=unit.pk)
    assert (again.operator_id_number, again.operator_phone) == (ID_NUMBER, PHONE)


@pytest.mark.django_db
def test_d5_the_blind_index_finds_a_person_by_id_number_whatever_its_case():
    person = _person()
    assert Person.objects.get(id_index=crypto.blind_index("11010519491231002x")).pk == person.pk


@pytest.mark.django_db
def test_d5_the_same_value_stored_twice_gives_different_ciphertexts():
    first = _person(id_number="110105194912310011", phone=PHONE)
    second = _person(id_number="110105194912310038", phone=PHONE)
    assert _raw("people_person", "phone", first.pk) != _raw("people_person", "phone", second.pk)


def test_d5_two_encryptions_of_the_same_value_differ_and_both_decrypt():
    a, b = crypto.encrypt(ID_NUMBER), crypto.encrypt(ID_NUMBER)
    assert a != b
    assert crypto.decrypt(a) == crypto.decrypt(b) == ID_NUMBER


def test_d5_unicode_round_trips():
    assert crypto.decrypt(crypto.encrypt("北京市海淀区 张伟 ✓")) == "北京市海淀区 张伟 ✓"


def test_d5_blind_index_is_deterministic_and_normalises_case_and_space():
    assert crypto.blind_index(ID_NUMBER) == crypto.blind_index(ID_NUMBER)
    assert crypto.blind_index("11010519491231002x") == crypto.blind_index("11010519491231002X")
    assert crypto.blind_index("  11010519491231002x ") == crypto.blind_index(ID_NUMBER)
    assert crypto.blind_index("110105194912310011") != crypto.blind_index(ID_NUMBER)
    assert len(crypto.blind_index(ID_NUMBER)) == 64
    assert crypto.blind_index("") == ""


def test_d5_blind_index_differs_under_a_different_key(settings):
    before = crypto.blind_index(ID_NUMBER)
    settings.BLIND_INDEX_KEY = OTHER_KEY
    assert crypto.blind_index(ID_NUMBER) != before


def test_d5_blind_index_key_differs_from_the_encryption_key(settings):
    assert settings.BLIND_INDEX_KEY != settings.FIELD_ENCRYPTION_KEY


def test_d5_a_tampered_ciphertext_raises():
    stored = crypto.encrypt(ID_NUMBER)
    blob = bytearray(base64.b64decode(stored[3:]))
    blob[15] ^= 0x01
    with pytest.raises(InvalidTag):
        crypto.decrypt("v1:" + base64.b64encode(bytes(blob)).decode())


def test_d5_a_truncated_ciphertext_raises():
    stored = crypto.encrypt(ID_NUMBER)
    blob = base64.b64decode(stored[3:])
    with pytest.raises(InvalidTag):
        crypto.decrypt("v1:" + base64.b64encode(blob[:-1]).decode())


def test_d5_a_value_that_is_not_ciphertext_is_refused():
    with pytest.raises(ValueError):
        crypto.decrypt(ID_NUMBER)


@pytest.mark.django_db
def test_d5_a_ciphertext_tampered_in_the_database_raises_on_read():
    person = _person()
    stored = _raw("people_person", "phone", person.pk)[0]
    blob = bytearray(base64.b64decode(stored[3:]))
    blob[-1] ^= 0x80
    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_person SET phone = %s WHERE id = %s",
                       ["v1:" + base64.b64encode(bytes(blob)).decode(), person.pk])
    with pytest.raises(InvalidTag):
        Person.objects.get(pk=person.pk)


def test_d5_a_value_encrypted_under_another_key_does_not_decrypt(settings):
    stored = crypto.encrypt(ID_NUMBER)
    settings.FIELD_ENCRYPTION_KEY = OTHER_KEY  # the cached cipher is dropped on the setting change
    with pytest.raises(InvalidTag):
        crypto.decrypt(stored)


@pytest.mark.parametrize("key", ["", base64.b64encode(b"16-byte-key-only").decode(),
                                 base64.b64encode(b"x" * 33).decode(), "not base64 at all!"])
def test_d5_a_missing_short_or_malformed_encryption_key_is_improperly_configured(settings, key):
    settings.FIELD_ENCRYPTION_KEY = key
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt(ID_NUMBER)


@pytest.mark.parametrize("key", ["", base64.b64encode(b"short").decode()])
def test_d5_a_missing_or_short_blind_index_key_is_improperly_configured(settings, key):
    settings.BLIND_INDEX_KEY = key
    with pytest.raises(ImproperlyConfigured):
        crypto.blind_index(ID_NUMBER)


def test_d6_id_numbers_are_masked_first_6_and_last_4():
    assert crypto.mask_id(ID_NUMBER) == "110105********002X"
    assert crypto.mask_phone(PHONE) == "139****5678"
    assert crypto.mask_name("张伟") == "张*"


def test_d5_the_real_key_is_back_after_tests_that_change_it():
    assert crypto.decrypt(crypto.encrypt(PHONE)) == PHONE
