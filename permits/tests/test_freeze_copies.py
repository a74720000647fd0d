"""R-I03's stamp carries copies of its permit's unit and alive columns (`Freeze.COPIED`, decision 121):
the stamp is made with them, and the database trigger `permits_freeze_follow` (migration 0010) copies
them again whenever a permit's row changes one, whatever writes it — a service's save, a set-based
UPDATE — so that the frozen lists count the stamps alone (`permits.selectors.frozen_permits_for`)."""

import datetime as dt

import pytest

from permits.models import Freeze, Permit
from verification.tests.factories import make_permit

pytestmark = pytest.mark.django_db

STAMPED = dt.datetime(2026, 5, 2, 1, 30, tzinfo=dt.UTC)


def _copies(permit_id: int) -> tuple[dict[str, object], dict[str, object]]:
    """The permit's COPIED columns as stored, and its stamp's."""
    permit = Permit.objects.values(*Freeze.COPIED).get(pk=permit_id)
    return permit, Freeze.objects.values(*Freeze.COPIED).get(pk=permit_id)


def test_r_i03_a_stamp_is_made_with_its_permits_columns():
    permit = make_permit(expiry=dt.date(2027, 4, 1), cancelled_at=STAMPED, frozen_at=STAMPED)
    permit_columns, stamp_columns = _copies(permit.pk)
    assert stamp_columns == permit_columns
    assert stamp_columns["cancelled_at"] == STAMPED and stamp_columns["lapses_on"] == dt.date(2027, 5, 1)


def test_r_i03_a_stamp_follows_every_change_of_its_permits_copied_columns():
    permit, unstamped = make_permit(frozen_at=STAMPED), make_permit()
    changes = [
        ("unit_id", unstamped.unit_id),
        ("cancelled_at", STAMPED),
        ("cancelled_at", None),
        ("lapses_on", dt.date(2031, 1, 31)),
        ("renewal_submitted_on", dt.date(2030, 12, 1)),
    ]
    assert {column for column, _ in changes} == set(Freeze.COPIED)  # every copied column is tried
    for column, value in changes:
        setattr(permit, column, value)
        permit.save(update_fields=[column.removesuffix("_id")])  # as the services write them
        permit_columns, stamp_columns = _copies(permit.pk)
        assert stamp_columns == permit_columns and stamp_columns[column] == value
    Permit.objects.filter(pk=permit.pk).update(lapses_on=dt.date(2032, 2, 29))  # set-based, as cases.history
    assert Freeze.objects.get(pk=permit.pk).lapses_on == dt.date(2032, 2, 29)
    Permit.objects.filter(pk=unstamped.pk).update(lapses_on=dt.date(2032, 2, 29))
    assert not Freeze.objects.filter(pk=unstamped.pk).exists()  # no stamp is made by the trigger


def test_r_i03_a_change_of_another_column_leaves_the_stamp_as_it_is():
    permit = make_permit(frozen_at=STAMPED)
    Permit.objects.filter(pk=permit.pk).update(card_version=2, expiry_date=dt.date(2030, 1, 1))
    permit_columns, stamp_columns = _copies(permit.pk)
    assert stamp_columns == permit_columns
    assert Freeze.objects.get(pk=permit.pk).frozen_at == STAMPED
