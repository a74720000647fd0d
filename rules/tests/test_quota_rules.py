"""R-Q01 as a plain function of the year's counts and quotas."""

from rules.quota import r_q01_quota


def check(city_issued=0, city_limit=None, district_issued=0, district_limit=None):
    return r_q01_quota(2026, city_issued=city_issued, city_limit=city_limit, district_zh="海淀区",
                       district_en="Haidian", district_issued=district_issued, district_limit=district_limit)


def test_r_q01_no_quota_no_limit():
    assert check(city_issued=10**6, district_issued=10**5) == []


def test_r_q01_one_below_the_quota_passes_at_the_quota_refused():
    assert check(city_issued=999, city_limit=1000) == []
    [failure] = check(city_issued=1000, city_limit=1000)
    assert failure.rule == "R-Q01"
    assert failure.message_en.startswith("The 2026 quota of 1000 new permits for the city is reached")
    assert "2026年全市" in failure.message_zh


def test_r_q01_district_quota_names_the_district():
    assert check(district_issued=4, district_limit=5, city_issued=4, city_limit=100) == []
    [failure] = check(district_issued=5, district_limit=5, city_issued=5, city_limit=100)
    assert "海淀区" in failure.message_zh and "for Haidian is reached" in failure.message_en


def test_r_q01_a_quota_of_zero_refuses_the_first():
    assert [f.rule for f in check(city_limit=0, district_limit=0)] == ["R-Q01", "R-Q01"]
