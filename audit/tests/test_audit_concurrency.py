"""Issue 9: writing an audit row takes no lock that another writer waits on. Two transactions
write audit rows at once; the second commits while the first is still open, and the chain then
holds both in commit order. Needs real concurrent transactions: PostgreSQL (CI)."""

import threading

import pytest
from django.db import connection, transaction

from accounts.actor import Actor
from audit.models import AuditEvent
from audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_writer_never_waits_for_another_transactions_audit_row():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time by design; CI runs this on PostgreSQL")
    first_wrote, second_done = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                audit_record_as("test.first")
                first_wrote.set()
                # still open: the second writer must get through meanwhile
                seen["second_done_while_first_open"] = second_done.wait(timeout=10)
        finally:
            connection.close()

    def second() -> None:
        try:
            first_wrote.wait(timeout=10)
            with transaction.atomic():
                audit_record_as("test.second")
            second_done.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert seen["second_done_while_first_open"] is True
    rows = {e.action: e for e in AuditEvent.objects.filter(action__in=["test.first", "test.second"])}
    assert rows["test.first"].pk < rows["test.second"].pk  # written first…
    assert rows["test.second"].seq < rows["test.first"].seq  # …but committed, and so chained, second
    assert audit_verify().ok and audit_verify().pending == 0  # each writer sealed after its commit


def audit_record_as(action: str) -> None:
    audit_record(Actor.system(), action, object_type="test.thing", object_id=action)
