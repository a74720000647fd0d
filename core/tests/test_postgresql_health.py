"""The per-request health check of a reused PostgreSQL connection costs no round trip
(core/postgresql/base.py, issue 14), and still replaces a connection the server ended."""

import time

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's backend; CI runs this on PostgreSQL")
    connection.ensure_connection()


def test_a_healthy_connection_is_judged_without_a_query(postgresql, monkeypatch):
    def no_query(*args, **kwargs):
        raise AssertionError("the health check sent a query")

    monkeypatch.setattr(connection.connection, "cursor", no_query)
    monkeypatch.setattr(connection.connection, "execute", no_query)
    assert connection.is_usable()


def test_a_connection_the_server_ended_is_replaced_before_the_next_query(postgresql):
    ended = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k in ("dbname", "user", "host", "port")},
                         autocommit=True) as other:  # as an administrator's restart would
        other.execute("SELECT pg_terminate_backend(%s)", [ended])
    deadline = time.monotonic() + 5
    while connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.01)  # PostgreSQL's FATAL message on its way
    assert not connection.is_usable()

    connection.health_check_done = False  # as at the start of a request
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:  # the request's first query, on a fresh connection
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != ended
