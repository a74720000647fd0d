"""A queue page of /office/ costs the same queries for 2 cases as for 5 (issue 14): its rows are read
with what they show (cases.selectors.queue_rows), nothing fetched a row at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _page(client, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/office/", params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize(("who", "until"), [("haidian", "submitted"), ("city", "district_passed")])
def test_a_queue_page_costs_the_same_queries_for_2_cases_as_for_5(
    office, make_unit, file_new_case, who, until
):
    client, _ = make_unit("haidian")
    cases = [file_new_case(client, until=until) for _ in range(2)]
    small, html = _page(office[who])
    assert all(c["number"] in html and c["data"]["person"]["name"] in html for c in cases)
    cases += [file_new_case(client, until=until) for _ in range(3)]
    large, html = _page(office[who])
    assert all(c["number"] in html and c["data"]["person"]["name"] in html for c in cases)
    assert small == large


def test_the_pager_reads_the_queue_size_from_its_tab_and_a_filtered_queue_counts_its_own(
    office, make_unit, file_new_case, monkeypatch
):
    monkeypatch.setattr("web.office.views.PER_PAGE", 2)
    client, _ = make_unit("haidian")
    cases = [file_new_case(client, until="submitted") for _ in range(5)]
    with CaptureQueriesContext(connection) as ctx:
        html = office["haidian"].get("/office/").content.decode()
    assert "第 1 页，共 3 页" in html
    assert sum("COUNT(" in q["sql"] for q in ctx.captured_queries) == 1  # the tabs' counts only
    html = office["haidian"].get("/office/", {"type": cases[0]["type"], "page": 3}).content.decode()
    assert "第 3 页，共 3 页" in html and cases[4]["number"] in html


def test_a_districts_tab_counts_read_the_cases_own_district(office, make_unit, file_new_case):
    """Issue 14: the counts read the case's district column (cases.districts), which the district's queue
    index holds, not every unit of the district joined to the city's queue."""
    client, _ = make_unit("haidian")
    file_new_case(client, until="submitted")
    with CaptureQueriesContext(connection) as ctx:
        html = office["haidian"].get("/office/").content.decode()
    assert '待初审 <span class="count">1</span>' in html
    (counts,) = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"]]
    assert '"cases_case"."district_id" = ' in counts and "units_unit" not in counts
