"""Property tests: check digits and calendar arithmetic."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from core.dates import add_months, add_years, age_on
from ops.demo import make_id_number, make_uscc
from rules.validators import USCC_ALPHABET, id_birth_date, id_number_valid, id_sex, uscc_valid
from rules.validity import expiry_for

births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
sexes = st.sampled_from(["M", "F"])
regions = st.from_regex(r"[1-6][0-9]{5}", fullmatch=True)
ids = st.builds(make_id_number, births, sexes, regions, st.integers(0, 499))
usccs = st.builds(make_uscc, st.text(USCC_ALPHABET, min_size=17, max_size=17))


def mutate(code: str, position: int, alphabet: str, pick: int) -> str:
    choices = [c for c in alphabet if c != code[position]]
    return code[:position] + choices[pick % len(choices)] + code[position + 1:]


@given(births, sexes, regions, st.integers(0, 499))
def test_r_p09_generated_id_numbers_validate_and_give_back_birth_and_sex(birth, sex, region, seq) -> None:
    number = make_id_number(birth, sex, region, seq)
    assert id_number_valid(number)
    assert (id_birth_date(number), id_sex(number)) == (birth, sex)


@given(ids, st.integers(0, 17), st.integers(0, 100))
def test_r_p09_changing_any_one_character_of_an_id_number_invalidates_it(number, position, pick) -> None:
    assert not id_number_valid(mutate(number, position, "0123456789X", pick))


@given(usccs)
def test_r_u02_generated_usccs_validate(code) -> None:
    assert uscc_valid(code)


@given(usccs, st.integers(0, 17), st.integers(0, 100))
def test_r_u02_changing_any_one_character_of_a_uscc_invalidates_it(code, position, pick) -> None:
    assert not uscc_valid(mutate(code, position, USCC_ALPHABET, pick))


@given(births, st.integers(-1200, 1200))
def test_add_months_lands_in_the_right_month_on_the_same_or_last_day(day, months) -> None:
    result = add_months(day, months)
    assert result.year * 12 + result.month == day.year * 12 + day.month + months
    assert result.day == day.day or (result.day < day.day and (result + dt.timedelta(days=1)).day == 1)


@given(births, st.integers(-100, 100))
def test_add_years_keeps_month_and_day_except_29_february(day, years) -> None:
    result = add_years(day, years)
    assert result.year == day.year + years
    if (day.month, day.day) == (2, 29) and result.day != 29:
        assert (result.month, result.day) == (2, 28)
    else:
        assert (result.month, result.day) == (day.month, day.day)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2000, 12, 31)), st.integers(1, 99))
def test_age_on_increments_exactly_on_the_birthday(birth, years) -> None:
    year = birth.year + years
    try:
        birthday = birth.replace(year=year)
    except ValueError:  # born 29 February, a common year: a year older on 1 March
        birthday = dt.date(year, 3, 1)
    assert age_on(birth, birthday - dt.timedelta(days=1)) == years - 1
    assert age_on(birth, birthday) == years


def test_age_on_29_february_birthday_in_a_common_year() -> None:
    birth = dt.date(2000, 2, 29)
    assert age_on(birth, dt.date(2001, 2, 28)) == 0
    assert age_on(birth, dt.date(2001, 3, 1)) == 1
    assert age_on(birth, dt.date(2004, 2, 29)) == 4


@given(births)
def test_r_v01_expiry_is_three_years_later_a_day_earlier_only_for_29_february(issue) -> None:
    expiry = expiry_for(issue)
    assert expiry.year == issue.year + 3
    if (issue.month, issue.day) == (2, 29):
        assert (expiry.month, expiry.day) == (2, 28)
        assert (expiry - issue).days == 3 * 365
    else:
        assert (expiry.month, expiry.day) == (issue.month, issue.day)
        assert (expiry - issue).days in (3 * 365, 3 * 365 + 1)
