"""The unit's case list (/unit/cases) costs the same queries for 2 cases as for 6 (issue 14), a case on
a permit among them: its rows are read with what they show (cases.selectors.case_rows)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.tests.support import file_case
from ops.demo import new_application

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def _page(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/unit/cases")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_case_list_costs_the_same_queries_for_2_cases_as_for_6(portal, file_new_case, clock):
    clock(TODAY)
    client, _, api = portal()
    issued = file_new_case(api, until="approved")
    change = file_case(api, {"type": "dependents_change", "permit_no": issued["permit_no"],
                             "dependents": new_application(TODAY)["dependents"]})
    small, html = _page(client)
    assert issued["number"] in html and change["number"] in html
    cases = [file_new_case(api, until="draft") for _ in range(4)]
    large, html = _page(client)
    assert all(c["number"] in html and c["data"]["person"]["name"] in html for c in cases)
    assert small == large

