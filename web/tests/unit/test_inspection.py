"""The annual inspection page: the unit's inspection and all or selected staff in one action, in
the season only (R-I01), with the result of each permit."""

import datetime as dt

import pytest

from inspections.models import PersonInspection, UnitInspection
from units.sweep import freeze_permits
from web.tests.unit.support import html

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(portal, clock, file_new_case):
    client, unit_id, api = portal()
    clock("2025-06-02")
    permits = [file_new_case(api)["permit_no"] for _ in range(3)]
    return client, unit_id, permits


@pytest.mark.parametrize("today", ["2026-03-31", "2026-05-02"])
def test_r_i01_outside_the_season_nothing_is_recorded(staff, clock, today):
    client, unit_id, permits = staff
    clock(today)
    response = client.post("/unit/inspection", {"unit": "1", "scope": "all"})
    assert response.status_code == 422
    assert "R-I01" in html(response)
    assert not UnitInspection.objects.exists() and not PersonInspection.objects.exists()


@pytest.mark.parametrize("today", ["2026-04-01", "2026-05-01"])
def test_r_i01_unit_and_selected_staff_in_one_action(staff, clock, today):
    client, unit_id, permits = staff
    clock(today)
    response = client.post("/unit/inspection", {"unit": "1", "scope": "selected", "permit_no": permits[:2]})
    assert response.status_code == 200
    page = html(response)
    assert "单位2026年度年检已通过" in page and "通过2人，未通过0人" in page
    assert UnitInspection.objects.filter(unit_id=unit_id, year=2026).exists()
    assert PersonInspection.objects.filter(year=2026).count() == 2


def test_r_i01_all_staff_then_again_is_answered_per_permit(staff, clock):
    client, _, permits = staff
    clock("2026-04-10")
    assert "通过3人" in html(client.post("/unit/inspection", {"scope": "all"}))
    again = client.post("/unit/inspection", {"unit": "1", "scope": "selected", "permit_no": permits[:1]})
    assert "未通过1人" in html(again)  # already inspected this year: 409 for that permit
    assert "本年度单位年检已完成" in html(again)


def test_nothing_chosen_is_explained(staff, clock):
    client, _, _ = staff
    clock("2026-04-10")
    response = client.post("/unit/inspection", {"scope": "selected"})
    assert response.status_code == 422 and "请选择单位年检或至少一名人员" in html(response)


def test_r_i05_a_frozen_permit_is_refused_in_the_batch(staff, clock):
    client, _, permits = staff
    clock("2026-05-02")
    assert freeze_permits(dt.date(2026, 5, 2)) == 3
    clock("2027-04-10")
    page = html(client.post("/unit/inspection", {"scope": "all"}))
    assert "R-I05" in page and "未通过3人" in page


def test_the_page_lists_the_staff_with_this_years_state(staff, clock):
    client, _, permits = staff
    clock("2026-04-10")
    client.post("/unit/inspection", {"scope": "selected", "permit_no": permits[:1]})
    page = html(client.get("/unit/inspection"))
    assert f'name="permit_no" value="{permits[0]}"' not in page  # done: nothing to select
    assert f'name="permit_no" value="{permits[1]}"' in page


def test_r_i01_out_of_season_the_page_says_when_it_opens_and_offers_no_button(staff, clock):
    client, _, _ = staff
    clock("2026-05-02")
    page = html(client.get("/unit/inspection"))
    assert "下一个年检期从2027年4月1日开始" in page
    assert "<button" not in page.split('class="inspection-form"')[1]
    assert 'name="permit_no"' not in page and 'name="unit"' not in page
    clock("2026-03-31")
    assert "下一个年检期从2026年4月1日开始" in html(client.get("/unit/inspection"))


def test_r_i01_a_post_out_of_season_reports_the_rule_once(staff, clock):
    client, _, permits = staff
    clock("2026-06-01")
    page = html(client.post("/unit/inspection", {"unit": "1", "scope": "all"}))
    assert page.count("R-I01") == 1 + page.count("（R-I01）")  # the refusal once, beside the intro's citation


@pytest.fixture
def fresh(portal, clock, file_new_case):
    """A unit whose only permit was issued in the season (2026-04-10)."""
    client, unit_id, api = portal()
    clock("2026-04-10")
    return client, file_new_case(api)["permit_no"]


def test_r_i03_a_permit_issued_in_the_season_needs_none_on_every_page(fresh, clock):
    client, permit_no = fresh
    clock("2026-04-20")
    permits = html(client.get("/unit/permits"))
    assert permit_no in permits and "今年无需年检" in permits and "未完成" not in permits
    inspection = html(client.get("/unit/inspection"))
    assert "今年无需年检" in inspection and f'value="{permit_no}"' not in inspection
    assert "人员年检：今年没有需要年检的证件" in html(client.get("/unit/"))
