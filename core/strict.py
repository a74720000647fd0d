"""Field types of request bodies that take JSON as it is written, never a look-alike (issue 10,
defect 7): a boolean is `true` or `false` — not 0, 1, "true" or "yes"; an integer is an integer —
not "1" or 1.5; a date is a "YYYY-MM-DD" string — not a number of seconds since 1970. A string is
already only a string (pydantic 2 refuses a number there). Anything else is a 400 naming the field.

Per field, not a model-wide `strict=True`: django-ninja validates the parsed body in pydantic's
Python mode, where strict mode would also refuse a date or an enum value written as a string.
Query parameters stay lax: on the wire they are all strings."""

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, StrictBool, StrictInt
from pydantic_core import PydanticCustomError

__all__ = ["Bool", "Date", "Int", "Strict"]

Bool = StrictBool
Int = StrictInt


def _date_text(value: Any) -> Any:
    """A date arrives as text (JSON has no date type) or, from Python callers, as a date."""
    if isinstance(value, str) or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    raise PydanticCustomError("date_type", "Input should be a date written YYYY-MM-DD")


Date = Annotated[dt.date, BeforeValidator(_date_text)]


class Strict(Schema):
    """A request section that names only its own fields: an unknown one is a 400."""

    model_config = ConfigDict(extra="forbid")
