"""SQL that only some databases need (triggers: plpgsql on PostgreSQL, SQLite's own syntax), as one
migration operation."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import migrations

Statements = Mapping[str, Sequence[str]]  # by connection.vendor ("postgresql", "sqlite")


def _run(schema_editor: Any, statements: Statements) -> None:
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, None)  # no parameters: keep plpgsql's '%' as it is


def run_by_vendor(forward: Statements, backward: Statements) -> migrations.RunPython:
    """Runs the connection's vendor's statements of `forward` on migrating, of `backward` on reversing;
    a vendor not named runs none."""
    return migrations.RunPython(
        lambda apps, schema_editor: _run(schema_editor, forward),
        lambda apps, schema_editor: _run(schema_editor, backward),
        elidable=False,
    )
