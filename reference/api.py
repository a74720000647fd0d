from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from core.errors import BadRequest, ErrorItem, NotFound
from reference import selectors
from reference.schemas import ReferenceOut, WindowHoursOut, WindowRangeIn
from reference.window import MAX_RANGE_DAYS, window_days

router = Router(tags=["reference"], auth=None)


@router.get("/window-hours", response=WindowHoursOut)
def window_hours(request: HttpRequest, params: Query[WindowRangeIn]) -> dict[str, Any]:
    """R-W08: the window's opening hours for each date from `from` to `to` (at most 92 days)."""
    start, end = params.start, params.end
    if end < start:
        raise BadRequest("`to` is before `from`.", [ErrorItem("`to` is before `from`.", field="to")])
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        message = f"The range is longer than {MAX_RANGE_DAYS} days."
        raise BadRequest(message, [ErrorItem(message, field="to")])
    items = [{"date": day, **hours._asdict()} for day, hours in window_days(start, end)]
    return {"items": items}


@router.get("/reference/{name}", response=ReferenceOut)
def reference_list(request: HttpRequest, name: str) -> dict[str, Any]:
    """Reference data: `districts`, `entity-types` or `shortage-catalogue` (R-P10)."""
    lister = selectors.LISTS.get(name)
    if lister is None:
        raise NotFound(f"No reference list named {name!r}; known: {', '.join(selectors.LISTS)}.")
    return {"items": lister()}
