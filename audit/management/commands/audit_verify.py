"""`manage.py audit_verify` — walk the audit chain and name the first broken link (decision 7).

Prints ``<n> audit rows verified: OK`` and exits 0 when every row's SHA-256 matches its content and
the hash of the row before it; otherwise names the first row that does not (id, time, action) and
exits 1.

Production database rights. The trigger installed by ``audit/migrations/0002`` refuses UPDATE and
DELETE for everyone, but the first defence is that the application's role cannot even ask. Run the
migrations as the owner role, and let the application connect as a role that may only add and read
audit rows::

    -- as the owner (bjpermit_owner), after `manage.py migrate` and after any blanket
    -- GRANT ... ON ALL TABLES IN SCHEMA public TO bjpermit_app (which would give UPDATE back)
    REVOKE ALL ON audit_auditevent FROM PUBLIC;
    REVOKE ALL ON audit_auditevent FROM bjpermit_app;
    GRANT INSERT, SELECT ON audit_auditevent TO bjpermit_app;
    GRANT USAGE, SELECT ON SEQUENCE audit_auditevent_id_seq TO bjpermit_app;
    -- the chain's advisory lock needs no grant; TRUNCATE, TRIGGER and REFERENCES stay with the owner

Checked on PostgreSQL 15: as ``bjpermit_app``, INSERT … RETURNING, SELECT and the advisory lock
work; UPDATE, DELETE and TRUNCATE are "permission denied"; DROP TRIGGER is "must be owner".
``bjpermit_app`` must not own the table (an owner may drop the trigger) and must not be a superuser.
A later ``migrate`` that touches the table runs as the owner again. Rows are kept at least 180
days (Cybersecurity Law art. 21); archiving older rows is an owner task (run this check first, then
``ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only`` inside the archiving
transaction).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the audit log's SHA-256 chain; name the first broken row and exit 1 if there is one."
    # A forensic tool: it reads one table and must run even when the rest of the project does not.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        count, broken = audit_verify()
        if broken is None:
            self.stdout.write(f"{count} audit rows verified: OK")
            return
        raise CommandError(
            f"audit chain broken at row id={broken.pk} at={broken.at.isoformat()} "
            f"action={broken.action} ({count} rows before it verified)",
            returncode=1,
        )
