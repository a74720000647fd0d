"""Annual inspection rules R-I01…R-I03 (rules.inspection), at the boundary dates."""

import datetime as dt

import pytest

from rules.inspection import enforced_year, freeze_day, inspection_season, r_i01_in_season


def test_r_i01_season_is_1_april_to_1_may() -> None:
    assert inspection_season(2026) == (dt.date(2026, 4, 1), dt.date(2026, 5, 1))


@pytest.mark.parametrize(
    ("today", "in_season"),
    [
        (dt.date(2026, 3, 31), False),
        (dt.date(2026, 4, 1), True),
        (dt.date(2026, 5, 1), True),
        (dt.date(2026, 5, 2), False),
        (dt.date(2026, 12, 31), False),
    ],
)
def test_r_i01_in_season_at_the_boundaries(today: dt.date, in_season: bool) -> None:
    failures = r_i01_in_season(today)
    assert (failures == []) is in_season
    if not in_season:
        [failure] = failures
        assert failure.rule == "R-I01" and today.isoformat() in failure.message_en


def test_r_i02_r_i03_freeze_day_is_2_may() -> None:
    assert freeze_day(2026) == dt.date(2026, 5, 2)


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (dt.date(2026, 5, 1), 2025),  # the season is not over: last year's misses
        (dt.date(2026, 5, 2), 2026),
        (dt.date(2026, 6, 10), 2026),  # a job that missed days catches up
        (dt.date(2026, 12, 31), 2026),
        (dt.date(2027, 2, 15), 2026),  # after a gap: still 2026's misses
        (dt.date(2027, 1, 1), 2026),
    ],
)
def test_r_i02_r_i03_enforced_year(today: dt.date, year: int) -> None:
    assert enforced_year(today) == year
