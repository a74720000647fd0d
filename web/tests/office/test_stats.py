"""/office/stats: cases by type and status, processing times (median, 90th percentile) per district,
permits by status, this season's inspections, service ratings; scoped; charts with text alternatives."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import User
from cases.models import Case, CaseEvent
from cases.ratings import case_rate
from web.office.stats import percentile

pytestmark = pytest.mark.django_db


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 11)]
    assert percentile(values, 90) == 9.0
    assert percentile(values, 50) == 5.0
    assert percentile([3.0], 90) == 3.0


def _decided_after(case_id, days):
    """Backdate the first submission of a decided case by `days` (no service moves time)."""
    case = Case.objects.get(pk=case_id)
    CaseEvent.objects.filter(case=case, action="submit").update(at=case.decided_at - dt.timedelta(days=days))


def test_stats_counts_and_processing_times_of_the_district(office, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    decided = [file_new_case(client) for _ in range(3)]
    file_new_case(client, until="submitted")
    for case, days in zip(decided, (2, 4, 10), strict=True):
        _decided_after(case["id"], days)
    other, _ = make_unit("chaoyang")
    file_new_case(other, until="submitted")
    year = Case.objects.get(pk=decided[0]["id"]).decided_at.astimezone(timezone.get_current_timezone()).year
    response = office["haidian"].get("/office/stats", {"year": year})
    assert response.status_code == 200
    html = response.content.decode()
    assert "统计（海淀区）" in html
    cases = html.split('id="cases-title"')[1].split("</section>")[0]
    assert '<th scope="row">新办</th>' in cases
    assert '<td class="num">4</td>' in cases  # 3 approved + 1 submitted in Haidian only
    times = html.split('id="times-title"')[1].split("</section>")[0]
    row = times.split('<th scope="row">海淀区</th>')[1].split("</tr>")[0]
    assert row.count('<td class="num">') == 3
    assert ">3<" in row and ">4.0<" in row and ">10.0<" in row  # count, median, p90
    assert "朝阳区" not in times
    assert '<svg class="chart"' in times and 'role="img"' in times and "<title" in times


def test_city_stats_cover_every_district_with_a_city_row(office, make_unit, file_new_case, clock):
    for district in ("haidian", "chaoyang"):
        client, _ = make_unit(district)
        file_new_case(client, reviewer=district)
    year = Case.objects.first().decided_at.astimezone(timezone.get_current_timezone()).year
    html = office["city"].get("/office/stats", {"year": year}).content.decode()
    times = html.split('id="times-title"')[1].split("</section>")[0]
    assert "海淀区" in times and "朝阳区" in times and "全市" in times
    assert "统计（全市）" in html


def test_stats_permits_by_status_and_inspections_and_ratings(
    office, make_unit, file_new_case, clock, officials
):
    client, unit_id = make_unit("haidian")
    case = file_new_case(client)
    officials["haidian"].post(f"/applications/{case['id']}/collection", {"collected_by": "holder"})
    case_rate(Actor(User.objects.get(unit_id=unit_id), "unit"), case["id"], score=5, comment="很快")
    clock("2026-04-10")
    client.post("/inspections/unit", {})
    clock("2026-06-15")
    html = office["haidian"].get("/office/stats").content.decode()
    permits = html.split('id="permits-title"')[1].split("</section>")[0]
    assert "共 1 张" in permits and '<th scope="row">有效</th><td class="num">1</td>' in permits
    inspections = html.split('id="inspections-title"')[1].split("</section>")[0]
    assert '<th scope="row">海淀区</th><td class="num">1</td>' in inspections
    ratings = html.split('id="ratings-title"')[1].split("</section>")[0]
    assert '<td class="num">1</td><td class="num">5.00</td>' in ratings


def test_stats_are_for_officials_only(unit_web):
    web, _, _ = unit_web()
    assert web.get("/office/stats").status_code == 403
