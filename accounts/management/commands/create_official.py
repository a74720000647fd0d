from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.roles import OFFICIAL_ROLES, Role
from accounts.services import official_create


class Command(BaseCommand):
    help = ("Create an official account: district_reviewer (needs --district), city_approver, admin "
            "(reference data only) or auditor (reads the audit log).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--role", required=True, choices=[r.value for r in OFFICIAL_ROLES])
        parser.add_argument("--district")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            official_create(username=opts["username"], password=opts["password"], role=Role(opts["role"]),
                            district=opts.get("district"))
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
