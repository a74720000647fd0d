"""One statement run as a prepared statement of the PostgreSQL connection: parsed and planned once per
connection, then only executed. For a hot read whose planning costs more than its execution —
verification's join of a permit, its holder, its unit and the year's inspection was planned in about
1.5 ms and ran in 0.25 ms at 1,000,000 permits (issue 14). Django's own cursors bind parameters on the
client and never prepare; a cursor made here binds on the server, and the connection prepares what it
runs at once (settings: `prepare_threshold`). Rows come as psycopg loads them (the connection's
adapters: dates, aware datetimes), without the ORM's converters."""

from typing import Any

import psycopg
from django.db import connection


def fetch_one(sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    """The first row of `sql` (placeholders `%s`) with `params`, as a prepared statement."""
    if connection.vendor != "postgresql":
        raise NotImplementedError("prepared statements are PostgreSQL's")
    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)  # binds on the server, so it can be prepared
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    with wrap(raw) as cursor:  # type: ignore[arg-type]  # logged and its errors translated as Django's own cursors' are
        cursor.execute(sql, params)
        return cursor.fetchone()  # type: ignore[no-any-return]
