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
    assert "随往子女中有年满17周岁（超过16周岁）的" in html and "注销" in html  # R-D02: test_materials_page


def test_r_d01_materials_list_the_spouses_renewed_contract_with_its_condition(client):
    html = client.get("/materials").content.decode()
    for code, condition in [("NEW-10AR", "随往配偶的聘用（劳动）合同自提交之日起不足2个月到期"),
                            ("DEP-04R", "变更后随往配偶的聘用（劳动）合同自提交之日起不足2个月到期")]:
        assert f'<th scope="row">{code}</th><td>配偶的续签聘用（劳动）合同</td><td>{condition}</td>' in html


def test_policy_text_is_the_2025_notice(client):
    html = client.get("/policy").content.decode()
    assert "京政办发[2025]29号" in html and "总量控制，市民待遇，柔性流动，依法管理" in html
    assert "<h1>北京市人民政府办公厅转发市人事局关于实施北京市工作居住证制度若干意见的通知</h1>" in html
    assert html.count("<h1") == 1 and "67881310" not in html  # no line of the phone list


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1999-12", "2101-01", "2026-13", "abc"])
def test_a_month_outside_2000_to_2100_shows_this_month_with_a_note(client, clock, month):
    clock("2026-06-15")
    response = client.get("/window-hours", {"month": month})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026年6月" in html and "只能查看2000年1月至2100年12月之间的月份" in html
    assert 'href="?month=2026-05"' in html and 'href="?month=2026-07"' in html


def test_the_calendar_stops_at_its_first_and_last_month(client, clock):
    clock("2026-06-15")
    first = client.get("/window-hours", {"month": "2000-01"}).content.decode()
    assert "2000年1月" in first and "上个月" not in first and 'href="?month=2000-02"' in first
    last = client.get("/window-hours", {"month": "2100-12"}).content.decode()
    assert "2100年12月" in last and "下个月" not in last and 'href="?month=2100-11"' in last
    assert "只能查看" not in first + last + client.get("/window-hours").content.decode()
