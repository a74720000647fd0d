"""`manage.py restore --from DIR` — restore a backup made by `manage.py backup` into the empty
database, upload storage and key folder that the settings name, then prove it against the manifest:
every table digest and the audit chain up to the manifest's head (api.md "Operations")."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore DIR (made by `backup`) into the empty database, storage and key folder of the settings; "
        "exit 0 only when every checksum, table digest and the audit chain match the manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", required=True, type=Path, metavar="DIR",
                            help="a folder written by `manage.py backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(options["source"], out=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=1) from None
        if not result.ok:
            raise CommandError(
                "restored, but it does not match the backup's manifest:\n  " + "\n  ".join(result.mismatches),
                returncode=1,
            )
        self.stdout.write(f"table digests: {result.tables} of {result.tables} match")
        self.stdout.write(f"audit chain: {result.audit_message}")
        self.stdout.write(f"restore verified: OK ({result.files_checked} files, {result.tables} tables, "
                          f"{result.uploads} uploads, {result.keys} signing keys)")
