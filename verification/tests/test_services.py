import datetime as dt

import pytest
from django.utils import timezone

from verification.services import verify, verify_card
from verification.tests.factories import make_permit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


def test_r_s01_verify_returns_masked_answer():
    permit = make_permit("王小明")
    answer = verify(permit.permit_no, "王小明", today=TODAY)
    assert answer.as_dict() == {
        "result": "valid",
        "permit_no": permit.permit_no,
        "holder_name_masked": "王**",
        "unit_name": "北京星河科技有限公司",
        "expiry_date": dt.date(2026, 12, 31),
    }


def test_r_s01_blank_name_is_not_found():
    permit = make_permit("王小明")
    assert verify(permit.permit_no, "  ", today=TODAY).result == "not_found"


def test_verify_card_answers_the_live_status_without_a_name():
    permit = make_permit(card_version=3, frozen_at=timezone.now())
    assert verify_card(permit.permit_no, 3, today=TODAY).result == "frozen"
    assert verify_card(permit.permit_no, 2, today=TODAY).result == "superseded"
    assert verify_card("nope", 1, today=TODAY).result == "not_found"


def test_r_i03_a_missed_inspection_reads_frozen_from_2_may_before_the_job_stamps_it():
    """Verification reads R-I03 for the year enforced on the day it answers (its query is compiled
    once per year, issue 14): a permit issued in 2025 with no inspection for 2026 answers valid on
    1 May 2026 and frozen from 2 May, unstamped; once its 2026 inspection is recorded, valid again;
    the 2027 season's misses are judged from 2 May 2027."""
    from inspections.models import InspectionSource, PersonInspection

    permit = make_permit("王小明", expiry=dt.date(2028, 1, 1), inspected=False)
    PersonInspection.objects.create(permit=permit, year=2025, source=InspectionSource.UNIT)
    assert verify(permit.permit_no, "王小明", today=dt.date(2026, 5, 1)).result == "valid"
    assert verify(permit.permit_no, "王小明", today=dt.date(2026, 5, 2)).result == "frozen"
    assert verify_card(permit.permit_no, 1, today=dt.date(2026, 5, 2)).result == "frozen"
    PersonInspection.objects.create(permit=permit, year=2026, source=InspectionSource.UNIT)
    assert verify(permit.permit_no, "王小明", today=dt.date(2026, 5, 2)).result == "valid"
    assert verify(permit.permit_no, "王小明", today=dt.date(2027, 5, 1)).result == "valid"
    assert verify(permit.permit_no, "王小明", today=dt.date(2027, 5, 2)).result == "frozen"


def test_the_lookup_is_planned_once_per_connection_on_postgresql():
    """Issue 14: verification's join was planned anew by every request (planning cost more than the
    run); on PostgreSQL it is a prepared statement of the connection, reused by every answer, with
    the dates and times the ORM would give."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; CI runs this on PostgreSQL")
    cancelled = make_permit("王小明", cancelled_at=timezone.now())
    valid = make_permit("李雷")
    assert verify(cancelled.permit_no, "王小明", today=TODAY).result == "cancelled"
    answer = verify(valid.permit_no, "李雷", today=TODAY)
    assert (answer.result, answer.expiry_date, answer.holder_name_masked) == (
        "valid", dt.date(2026, 12, 31), "李*"
    )
    assert verify("BJ404", "李雷", today=TODAY).result == "not_found"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                       ['%"people_person"."name"%'])
        assert cursor.fetchone() == (1,)
