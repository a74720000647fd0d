"""A telephone number as a clerk types it (issue 13, point 5): one check for the API's schemas
(`Phone`) and the site's forms (`validate_phone`), so `12345` or `abc` is refused alike.

Accepted, once spaces are removed and full-width characters read as half width:
- a mobile number: 11 digits starting 13–19 (`13812345678`), optionally after `+86`/`86`;
- a landline: 7 or 8 digits not starting 0 or 1 (`84409410`, as the seed prints the city's
  numbers), optionally after an area code of 0 and 2–3 digits and a hyphen (`010-84409410`), and
  optionally followed by an extension: a hyphen or 转 and 1–6 digits (`62624515转21`).
"""

import re
import unicodedata
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

MOBILE = re.compile(r"(\+?86-?)?1[3-9]\d{9}")
LANDLINE = re.compile(r"(0\d{2,3}-?)?[2-9]\d{6,7}([-转]\d{1,6})?")


def normalise_phone(text: str) -> str:
    """Full width to half width (`１３８…`, `－`), spaces removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def phone_problem(text: str) -> str | None:
    """What is wrong with a telephone number, in the reader's language; None when it is one."""
    phone = normalise_phone(text)
    if MOBILE.fullmatch(phone) or LANDLINE.fullmatch(phone):
        return None
    return _("电话号码格式不正确：请填写11位手机号码（如13812345678），或固定电话号码（可带区号和分机号，"
             "如010-84409410）")


def _phone(value: str) -> str:
    if value == "":  # optional where the schema gives it a default of ""; required ones say min_length
        return value
    problem = phone_problem(value)
    if problem is not None:
        raise PydanticCustomError("phone", problem)
    return normalise_phone(value)


PHONE_DESCRIPTION = ("A mobile number (11 digits starting 13–19, optionally after +86) or a landline "
                     "(7–8 digits, optionally after an area code and a hyphen, optionally followed by an "
                     "extension: "
                     "`010-84409410`, `62624515转21`); spaces and full-width digits are read as typed. "
                     "Anything else is a 400 naming the field.")

# A request field holding a telephone number, kept as normalise_phone reads it.
Phone = Annotated[str, AfterValidator(_phone)]


def validate_phone(value: str) -> None:
    """The same check as a Django form field's validator."""
    if value and (problem := phone_problem(value)) is not None:
        raise ValidationError(problem, code="phone")
