"""SQLite side of the append-only audit table (security decision 7; see audit/migrations/0002).

PostgreSQL's `flush` empties tables with TRUNCATE, which the row trigger does not see; SQLite's
uses `DELETE FROM`, which the delete trigger would refuse, and test teardown (transactional tests)
could then not empty the database. The delete trigger therefore asks `audit_flush_in_progress()`,
registered here on every SQLite connection, which is true only while Django's `execute_sql_flush`
is on the calling thread's stack — the same owner-level operation that PostgreSQL lets through.
A DELETE from anywhere else, the application, the admin or raw SQL, is refused.
"""

import sys
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

FLUSH_FUNCTION = "execute_sql_flush"
FLUSH_MODULE = "django/db/backends/"


def flush_in_progress() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_name == FLUSH_FUNCTION and FLUSH_MODULE in code.co_filename.replace("\\", "/"):
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


def _register(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("audit_flush_in_progress", 0, flush_in_progress)


def connect() -> None:
    connection_created.connect(_register, dispatch_uid="audit.guard.sqlite_flush")
