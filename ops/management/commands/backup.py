"""`manage.py backup --to DIR` — a consistent backup of the database, the uploads and the signing keys
with DIR/manifest.json (api.md "Operations"; ops.backup says what and how)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.backup import MANIFEST, BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database, the uploaded files and the signing keys into DIR (new or empty; made "
        "readable by its owner only), with DIR/manifest.json: checksums, table digests, the audit head."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", required=True, type=Path, metavar="DIR", help="a new or empty folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = backup(options["to"], out=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=1) from None
        head = done.manifest["audit_head"]
        head_text = f"id={head['id']} hash={head['hash']}" if head else "none (empty chain)"
        self.stdout.write(f"audit head: {head_text}")
        self.stdout.write(f"backup written to {done.path}; {MANIFEST} SHA-256 {done.manifest_sha256} "
                          "(keep this line apart from the backup)")
