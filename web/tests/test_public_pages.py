"""Issue 6 point 5: the public pages — window hours as a month calendar (R-W08), the materials
list of each case type, the policy text."""

import pytest

pytestmark = pytest.mark.django_db


def test_r_w08_window_calendar_for_a_month_the_package_does_not_cover(client, clock):
    clock("2026-12-20")
    html = client.get("/window-hours", {"month": "2027-01"}).content.decode()
    assert "2027年1月" in html
    assert html.count('class="closed') >= 9  # eight weekend days and New Year's Day
    assert "09:00–12:00" in html and "09:00–17:00" in html
    assert 'href="?month=2026-12"' in html and 'href="?month=2027-02"' in html


def test_materials_list_every_type_with_conditions(client):
    html = client.get("/materials").content.decode()
    for code in ["NEW-10F", "REN-03R", "DEP-07", "GEN-05", "UIC-04", "EMP-06", "ADR-05", "REP-04"]:
        assert code in html
    assert "有16周岁以上子女随往" in html and "注销" in html


def test_policy_text_is_the_2025_notice(client):
    html = client.get("/policy").content.decode()
    assert "京政办发[2025]29号" in html and "总量控制，市民待遇，柔性流动，依法管理" in html
