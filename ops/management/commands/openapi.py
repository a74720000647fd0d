import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from config.api import api

TARGET = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def current_schema() -> str:
    return json.dumps(api.get_openapi_schema(path_prefix="/api/v1"), ensure_ascii=False, indent=1,
                      sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI document to docs/openapi.json (--check: fail when it has drifted)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        schema = current_schema()
        if opts["check"]:
            if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != schema:
                self.stderr.write("docs/openapi.json is out of date: run `python manage.py openapi`")
                raise SystemExit(1)
            self.stdout.write("docs/openapi.json is up to date")
            return
        TARGET.write_text(schema, encoding="utf-8")
        self.stdout.write(f"wrote {TARGET}")
