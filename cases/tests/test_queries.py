"""Every list endpoint issues the same small number of queries whatever the page size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ops.demo import new_application

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def _count(client, path, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, **params)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["items"])


def test_case_list_query_count_does_not_grow_with_page_size(make_unit, officials, clock):
    clock(TODAY)
    client, _ = make_unit("haidian")
    for _ in range(2):
        client.post("/applications", {"type": "new", **new_application(TODAY)})
    small = _count(client, "/applications", limit=2)
    for _ in range(8):
        client.post("/applications", {"type": "new", **new_application(TODAY)})
    large = _count(client, "/applications", limit=10)
    assert small[1] == 2 and large[1] == 10
    assert small[0] == large[0]
    city = _count(officials["city"], "/applications", limit=10)
    assert city[0] <= large[0]


def test_permit_list_query_count_does_not_grow_with_page_size(make_unit, file_new_case, clock):
    clock(TODAY)
    client, _ = make_unit("haidian")
    file_new_case(client)
    small = _count(client, "/permits", limit=5)
    for _ in range(4):
        file_new_case(client)
    large = _count(client, "/permits", limit=5)
    assert small[1] == 1 and large[1] == 5
    assert small[0] == large[0]
