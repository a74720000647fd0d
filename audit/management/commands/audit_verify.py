"""`manage.py audit_verify` — walk the audit chain and name the first broken link (decision 7).

First seals the rows committed since the last sealing (``--no-seal`` skips that), then prints
``<n> audit rows verified: OK`` and exits 0 when every sealed row's SHA-256 matches its content and
the hash of the row before it; otherwise names the first row that does not (id, time, action) and
exits 1. ``--manifest DIR/manifest.json`` (a backup's) or ``--anchor FILE`` (the daily anchor,
``audit.anchor``) also exits 1 when the head recorded there is missing from the chain or differs:
rows deleted at the end, or a TRUNCATE, which leave a shorter chain that is consistent in itself.

Production database rights. The trigger (``audit/migrations/0002`` and ``0003``) refuses DELETE and
every UPDATE but the sealing, for everyone, but the first defence is that the application's role
cannot even ask. Run the migrations as the owner role, and let the application connect as a role
that may only add and read audit rows, and fill in the three seal columns::

    -- as the owner (bjpermit_owner), after `manage.py migrate` and after any blanket
    -- GRANT ... ON ALL TABLES IN SCHEMA public TO bjpermit_app (which would give UPDATE back)
    REVOKE ALL ON audit_auditevent FROM PUBLIC;
    REVOKE ALL ON audit_auditevent FROM bjpermit_app;
    GRANT INSERT, SELECT ON audit_auditevent TO bjpermit_app;
    GRANT UPDATE (seq, prev_hash, hash) ON audit_auditevent TO bjpermit_app;  -- the sealing only
    GRANT USAGE, SELECT ON SEQUENCE audit_auditevent_id_seq TO bjpermit_app;
    -- the sealing's advisory lock needs no grant; TRUNCATE, TRIGGER and REFERENCES stay with the owner

Checked on PostgreSQL 15: as ``bjpermit_app``, INSERT … RETURNING, SELECT and the advisory lock
work; UPDATE, DELETE and TRUNCATE are "permission denied"; DROP TRIGGER is "must be owner".
``bjpermit_app`` must not own the table (an owner may drop the trigger) and must not be a superuser.
A later ``migrate`` that touches the table runs as the owner again. Rows are kept at least 180
days (Cybersecurity Law art. 21); archiving older rows is an owner task (run this check first, then
``ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only`` inside the archiving
transaction).
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.services import Head, audit_verify, seal_pending


def _head_from_manifest(path: str) -> Head:
    try:
        head = json.loads(Path(path).read_text(encoding="utf-8"))["audit_head"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CommandError(f"cannot read audit_head from the manifest {path}: {exc}", returncode=2) from exc
    if head is None:
        raise CommandError(f"the manifest {path} records an empty audit chain (audit_head is null)",
                           returncode=2)
    return {"id": int(head["id"]), "hash": str(head["hash"])}


def _head_from_anchor(path: str) -> Head:
    """The last line of the daily anchor file (audit.anchor): the newest head anchored."""
    try:
        lines = [line for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
        head = json.loads(lines[-1])
    except (OSError, ValueError, IndexError) as exc:
        raise CommandError(f"cannot read the last anchored head from {path}: {exc}", returncode=2) from exc
    return {"id": int(head["id"]), "hash": str(head["hash"])}


class Command(BaseCommand):
    help = ("Seal committed audit rows, then verify the SHA-256 chain; name the first broken row and exit "
            "1 if there is one. With --manifest or --anchor, also exit 1 when the head anchored there is "
            "missing or differs (rows deleted at the end, a TRUNCATE).")
    # A forensic tool: it reads one table and must run even when the rest of the project does not.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        anchored = parser.add_mutually_exclusive_group()
        anchored.add_argument("--manifest",
                              help="a backup's manifest.json: its audit_head must be in the chain")
        anchored.add_argument("--anchor", help="the daily anchor file (AUDIT_ANCHOR_DIR/audit-head.jsonl): "
                                                "its last head must be in the chain")
        parser.add_argument("--no-seal", action="store_true",
                            help="verify as the database stands, without sealing rows committed since")

    def handle(self, *args: Any, **options: Any) -> None:
        head = (_head_from_manifest(options["manifest"]) if options["manifest"]
                else _head_from_anchor(options["anchor"]) if options["anchor"] else None)
        if not options["no_seal"]:
            seal_pending()
        verdict = audit_verify(head)
        if not verdict.ok:
            raise CommandError(verdict.message, returncode=1)
        anchored = f"; head id={head['id']} found" if head else ""
        self.stdout.write(verdict.message + anchored)
