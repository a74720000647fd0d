"""What production refuses (security decision 16): demo data and known passwords. Production is
recognised by one setting, `PRODUCTION`, True only in config.settings.production."""

from django.conf import settings
from django.core.management.base import CommandError


def refuse_in_production(what: str) -> None:
    """Stop a management command (non-zero exit, nothing written) under production settings."""
    if getattr(settings, "PRODUCTION", False):
        raise CommandError(
            f"{what} refuses to run under production settings (security decision 16): it makes demo data "
            "with published passwords. Use it only on a development or test database."
        )
