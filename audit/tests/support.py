"""Shared by the tests that tamper with the audit log as only its owner could."""

from django.db import connection


def drop_append_only_trigger() -> None:
    """What only the table's owner can do (the app role cannot): the chain must still tell. A test's
    transaction (or the flush after a transactional test's migrations) puts the trigger back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_auditevent_append_only ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")
