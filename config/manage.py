"""`bjpermit-manage`: the management commands of an installed system (`pip install .` puts it on the
PATH). Production settings unless DJANGO_SETTINGS_MODULE names others; the repository's manage.py is
the developer's (development settings)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
