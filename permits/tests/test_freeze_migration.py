"""Migration 0009 moves R-I03's stamps from the permit's `frozen_at` to their own table (permits.Freeze)
and back: no stamp is lost either way, and each keeps its permit's unit; 0010 gives each its copies of
the permit's columns (`Freeze.COPIED`) and the trigger that keeps them, and takes both away again."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from permits.models import Freeze, Permit
from verification.tests.factories import make_permit

pytestmark = pytest.mark.django_db(transaction=True)

STAMPED = dt.datetime(2027, 5, 2, 1, 30, tzinfo=dt.UTC)


def _migrate(target: tuple[str, str]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor


def test_r_i03_the_stamps_survive_the_move_to_their_own_table_and_back():
    frozen, other = make_permit(frozen_at=STAMPED), make_permit()
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes("permits")[0]
    try:
        before = ("permits", "0008_permit_no_unique_constraint")
        permits = _migrate(before).loader.project_state(before).apps.get_model("permits", "Permit")
        assert list(permits.objects.order_by("pk").values_list("pk", "frozen_at")) == [
            (frozen.pk, STAMPED), (other.pk, None)
        ]
    finally:
        _migrate(leaf)
    assert list(Freeze.objects.values_list("permit_id", "unit_id", "frozen_at")) == [
        (frozen.pk, frozen.unit_id, STAMPED)
    ]
    copies = Permit.objects.filter(pk=frozen.pk).values(*Freeze.COPIED)
    assert list(Freeze.objects.values(*Freeze.COPIED)) == list(copies)
    copies.update(lapses_on=dt.date(2031, 1, 31))  # the trigger is back
    assert Freeze.objects.get().lapses_on == dt.date(2031, 1, 31)
