"""Cursor pagination (api.md): ?limit= (default 50, max 200) and an opaque ?cursor=. Each list answers
`{"items": [...], "next_cursor": null | "..."}` as its own schema (e.g. cases.schemas.CasesOut)."""

import base64
from typing import TypeVar

from django.db.models import Model, QuerySet

from core.errors import BadRequest, ErrorItem

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
M = TypeVar("M", bound=Model)


def _decode(cursor: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except Exception as exc:  # any garbage is a malformed request
        raise BadRequest(
            "The cursor is not one this API gave out.", [ErrorItem("bad cursor", field="cursor")]
        ) from exc


def _encode(pk: int) -> str:
    return base64.urlsafe_b64encode(str(pk).encode()).decode().rstrip("=")


def page(qs: QuerySet[M], limit: int | None, cursor: str | None) -> tuple[list[M], str | None]:
    """Newest first by primary key; the cursor is the last key seen. One query per page."""
    if limit is None:
        limit = DEFAULT_LIMIT
    if limit < 1 or limit > MAX_LIMIT:
        raise BadRequest(
            f"limit must be between 1 and {MAX_LIMIT}.",
            [ErrorItem(f"limit must be between 1 and {MAX_LIMIT}", field="limit")],
        )
    qs = qs.order_by("-pk")
    if cursor:
        qs = qs.filter(pk__lt=_decode(cursor))
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (_encode(rows[-1].pk) if more and rows else None)
