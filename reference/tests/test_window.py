"""R-W08: the window's opening hours."""

import datetime as dt

import pytest

from reference.models import WindowDayOverride
from reference.window import window_day, window_days

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat


def hours(api, start, end=None):
    response = api.get("/window-hours", **{"from": start, "to": end or start})
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_r_w08_monday_open_nine_to_five(api):
    assert hours(api, "2026-06-15") == [
        {"date": "2026-06-15", "open": True, "opens_at": "09:00", "closes_at": "17:00"}
    ]


def test_r_w08_friday_open_morning_only(api):
    assert hours(api, "2026-06-12")[0] == {
        "date": "2026-06-12",
        "open": True,
        "opens_at": "09:00",
        "closes_at": "12:00",
    }


def test_r_w08_saturday_closed(api):
    assert hours(api, "2026-06-20")[0] == {
        "date": "2026-06-20",
        "open": False,
        "opens_at": None,
        "closes_at": None,
    }


def test_r_w08_statutory_holiday_closed(api):
    assert hours(api, "2026-10-01")[0]["open"] is False  # National Day, a Thursday
    assert hours(api, "2026-06-19")[0]["open"] is False  # Dragon Boat Festival, a Friday


def test_r_w08_adjusted_working_sunday_open_all_day(api):
    # 2026-01-04 is a Sunday worked in lieu of the New Year holiday (chinese_calendar).
    assert hours(api, "2026-01-04")[0] == {
        "date": "2026-01-04",
        "open": True,
        "opens_at": "09:00",
        "closes_at": "17:00",
    }


def test_r_w08_adjusted_working_saturday_open_all_day():
    assert window_day(D("2026-10-10")) == (True, "09:00", "17:00")  # Saturday worked for National Day


def test_r_w08_january_2027_answers_with_fallback(api):
    # given a year the chinese_calendar package does not know
    items = hours(api, "2027-01-01", "2027-01-31")
    # then weekends and 1 January are closed, other weekdays open
    by_date = {item["date"]: item for item in items}
    assert len(items) == 31
    assert by_date["2027-01-01"]["open"] is False  # New Year, a Friday
    assert by_date["2027-01-02"]["open"] is False  # Saturday
    assert by_date["2027-01-03"]["open"] is False  # Sunday
    assert by_date["2027-01-04"] == {
        "date": "2027-01-04",
        "open": True,
        "opens_at": "09:00",
        "closes_at": "17:00",
    }
    assert by_date["2027-01-08"]["closes_at"] == "12:00"


def test_r_w08_fallback_fixed_holidays():
    assert window_day(D("2027-05-03"))[0] is True  # Monday after Labour Day's two days
    assert window_day(D("2027-05-04"))[0] is True
    assert window_day(D("2027-10-01"))[0] is False
    assert window_day(D("2027-10-04"))[0] is True


def test_r_w08_override_changes_a_2027_day(api):
    # given the 2027 notice entered by an admin
    WindowDayOverride.objects.create(date=D("2027-02-08"), kind=WindowDayOverride.Kind.HOLIDAY, note="春节")
    WindowDayOverride.objects.create(
        date=D("2027-02-20"), kind=WindowDayOverride.Kind.WORKDAY, note="春节调休"
    )
    # then
    by_date = {item["date"]: item for item in hours(api, "2027-02-08", "2027-02-20")}
    assert by_date["2027-02-08"]["open"] is False  # a Monday
    assert by_date["2027-02-20"] == {
        "date": "2027-02-20",
        "open": True,
        "opens_at": "09:00",
        "closes_at": "17:00",
    }  # a Saturday


def test_r_w08_override_wins_over_the_package():
    WindowDayOverride.objects.create(
        date=D("2026-06-16"), kind=WindowDayOverride.Kind.HOLIDAY, note="临时闭窗"
    )
    assert window_day(D("2026-06-16")) == (False, None, None)


def test_r_w08_range_reads_overrides_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        days = window_days(D("2026-01-01"), D("2026-03-31"))
    assert len(days) == 90


def test_r_w08_92_days_allowed_93_refused(api):
    assert api.get("/window-hours", **{"from": "2026-01-01", "to": "2026-04-02"}).status_code == 200
    response = api.get("/window-hours", **{"from": "2026-01-01", "to": "2026-04-03"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_r_w08_to_before_from_is_400(api):
    response = api.get("/window-hours", **{"from": "2026-06-15", "to": "2026-06-14"})
    assert response.status_code == 400
    assert response.json()["status"] == 400


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-13-01", "to": "2026-12-31"},
        {"from": "yesterday", "to": "x"},
        {"from": "2026-06-15"},
        {},
    ],
)
def test_r_w08_bad_or_missing_dates_are_400(api, params):
    response = api.get("/window-hours", **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
