"""Total quantity control (R-Q01): the city approval of `new` cases stops at a reached quota."""

import pytest

from reference.models import District, Quota

pytestmark = pytest.mark.django_db


def _quota(limit, district=None, year=2026):
    """Quotas are admin-edited reference data (/admin/); set directly here."""
    return Quota.objects.create(year=year, district_id=district, limit=limit)


def _approve(officials, case):
    return officials["city"].post(f"/applications/{case['id']}/approval", {"decision": "approve"})


def _q01(response):
    assert response.status_code == 422, response.content
    return [e for e in response.json()["errors"] if e.get("rule") == "R-Q01"]


@pytest.fixture
def haidian(make_unit, clock):
    clock("2026-06-15")
    return make_unit("haidian")[0]


def test_r_q01_no_quota_no_limit(haidian, file_new_case):
    assert all(file_new_case(haidian)["permit_no"] for _ in range(3))


def test_r_q01_city_quota_reached_is_422_until_next_year(haidian, file_new_case, officials, clock):
    _quota(1)
    assert file_new_case(haidian)["permit_no"]
    waiting = file_new_case(haidian, until="district_passed")
    [error] = _q01(_approve(officials, waiting))
    assert "2026" in error["message_en"] and "the city" in error["message_en"]
    assert "全市" in error["message_zh"]
    clock("2027-01-04")
    assert _approve(officials, waiting).status_code == 200
    assert officials["city"].get(f"/applications/{waiting['id']}").json()["permit_no"].startswith("BJ2027")


def test_r_q01_district_quota_binds_its_district_only(make_unit, haidian, file_new_case, officials):
    _quota(1, "haidian")
    chaoyang, _ = make_unit("chaoyang")
    assert file_new_case(haidian)["permit_no"]
    [error] = _q01(_approve(officials, file_new_case(haidian, until="district_passed")))
    assert "海淀区" in error["message_zh"] and "2026" in error["message_zh"]
    assert file_new_case(chaoyang, reviewer="chaoyang")["permit_no"]  # Chaoyang has no quota


def test_r_q01_city_quota_counts_every_district(make_unit, haidian, file_new_case, officials):
    _quota(2)
    _quota(5, "haidian")
    chaoyang, _ = make_unit("chaoyang")
    file_new_case(haidian)
    file_new_case(chaoyang, reviewer="chaoyang")
    [error] = _q01(_approve(officials, file_new_case(haidian, until="district_passed")))
    assert "the city" in error["message_en"]


def test_r_q01_both_quotas_reached_name_both(haidian, file_new_case, officials):
    _quota(1)
    _quota(1, "haidian")
    file_new_case(haidian)
    errors = _q01(_approve(officials, file_new_case(haidian, until="district_passed")))
    assert len(errors) == 2


def test_r_q01_last_years_permits_do_not_count(haidian, file_new_case, officials, clock):
    _quota(1, year=2027)
    file_new_case(haidian)  # issued in 2026
    clock("2027-01-04")
    assert file_new_case(haidian)["permit_no"]  # the first of 2027 fits


def test_r_q01_admins_edit_quotas_in_the_admin(admin_client):
    assert admin_client.get("/admin/reference/quota/").status_code == 200
    response = admin_client.post("/admin/reference/quota/add/", {"year": 2026, "district": "", "limit": 1000})
    assert response.status_code == 302, response.content
    again = admin_client.post("/admin/reference/quota/add/", {"year": 2026, "district": "", "limit": 5})
    assert again.status_code == 200  # the form refuses a second city quota for the year
    assert Quota.objects.get().limit == 1000
    assert District.objects.filter(pk="haidian").exists()
