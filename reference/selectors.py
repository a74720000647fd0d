"""Public reference data (api.md `GET /api/v1/reference/{name}`)."""

from collections.abc import Callable
from typing import Any

from reference.models import District, EntityType, ShortageCatalogueEntry


def districts() -> list[dict[str, Any]]:
    rows = District.objects.values("code", "name", "name_en", "phone", "address")
    return [dict(row) for row in rows]


def entity_types() -> list[dict[str, Any]]:
    """R-U01: the entity types that may register."""
    return [{"code": value, "name": label} for value, label in EntityType.choices]


def shortage_catalogue() -> list[dict[str, Any]]:
    """R-P10: the active entries of 急需专业或岗位目录."""
    rows = ShortageCatalogueEntry.objects.filter(active=True).values("code", "name", "name_en", "category")
    return [dict(row) for row in rows]


LISTS: dict[str, Callable[[], list[dict[str, Any]]]] = {
    "districts": districts,
    "entity-types": entity_types,
    "shortage-catalogue": shortage_catalogue,
}
