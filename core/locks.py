"""Locks that stand for rows which do not exist yet (a person applying for the first time, the cases a
unit is about to get): PostgreSQL's advisory locks."""

from django.db import connection


def advisory_xact_lock(lock_class: int, key: int) -> None:
    """PostgreSQL's two-key transaction-level advisory lock on (`lock_class`, `key`), held until the
    transaction ends; both keys within int4. A two-key lock never meets the one-key locks of the
    audit chain and the daily job. SQLite (one writer at a time) needs none: nothing is done there."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [lock_class, key])
