"""R-S01: public authenticity verification (真伪验证).

Needs the permit number and the holder's full name; answers only the status, the name masked after
its first character, the unit's name and the expiry date. Nothing personal is logged here.
"""

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.http import HttpRequest

from accounts.ratelimit import over_limit
from core import prepared
from core.crypto import mask_name
from core.errors import TooManyRequests
from core.numbers import normalise_number
from inspections.conditions import person_inspected
from permits.models import STATUS_COLUMNS, Permit
from rules.inspection import enforced_year
from rules.loss import REPORTED_LOST, r_w11_answer
from verification import signing

NOT_FOUND = "not_found"
SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Verification:
    result: str  # a PermitStatus value, "reported_lost" (R-W11), "superseded" or "not_found"
    permit_no: str | None = None
    holder_name_masked: str | None = None
    unit_name: str | None = None
    expiry_date: dt.date | None = None

    @property
    def found(self) -> bool:
        return self.result != NOT_FOUND

    def as_dict(self) -> dict[str, object]:
        """The fields that hold a value (flat: `dataclasses.asdict`'s deep copy cost a public look-up
        more than its JSON)."""
        return {key: value for key, value in vars(self).items() if value is not None}


def _squash(text: str) -> str:
    """Drop every space (ASCII or full-width) so that "张 三" matches "张三"."""
    return "".join(text.split())


def _answer(permit: Permit, card_version: int | None, today: dt.date) -> Verification:
    if card_version is not None and card_version > permit.card_version:
        return Verification(NOT_FOUND)  # no such card was ever issued
    # R-W11: a card reported lost answers `reported_lost`, whichever version is shown
    status = permit.status_on(today, bool(permit.inspected))  # type: ignore[attr-defined]  # read by _find
    result = r_w11_answer(status, permit.reported_lost)
    if result != REPORTED_LOST and card_version is not None and card_version < permit.card_version:
        return Verification(SUPERSEDED, permit_no=permit.permit_no)
    return Verification(
        result,
        permit_no=permit.permit_no,
        holder_name_masked=mask_name(permit.holder_name),  # type: ignore[attr-defined]  # read by _find
        unit_name=permit.unit_name,  # type: ignore[attr-defined]
        expiry_date=permit.expiry_date,
    )


# What an answer reads: the status's columns (Permit.status_on), the card, the holder's and the
# unit's names — never the encrypted columns (the holder's ID number and phone, the dependents).
ANSWER_COLUMNS = (*STATUS_COLUMNS, "card_version", "lost_reported_at")
_NUMBER = "\x00permit_no"  # where the number goes; no request can carry a NUL (core.bad_bytes)


# The query's columns: the permit's in the model's order (as `Model.from_db` takes them), then these.
_COLUMNS = [f.attname for f in Permit._meta.concrete_fields if f.attname in ("id", *ANSWER_COLUMNS)]
_ANNOTATIONS = ("inspected", "holder_name", "unit_name", "stamped_at")


@functools.lru_cache(maxsize=8)
def _lookup(year: int, vendor: str) -> tuple[str, tuple[Any, ...], int]:
    """The answer's query for the enforced `year`, compiled by the ORM once (building and compiling it
    cost more than running it: issue 14) — its SQL, its parameters and where the number goes. Its
    columns: _COLUMNS, then _ANNOTATIONS, by those names."""
    qs = (
        Permit.objects.annotate(
            inspected=person_inspected(year), holder_name=F("holder__name"), unit_name=F("unit__name"),
            stamped_at=F("freeze__frozen_at"),
        )
        .filter(permit_no=_NUMBER)
        .values_list(*_COLUMNS, *_ANNOTATIONS)
        .order_by()[:1]
    )
    sql, params = qs.query.sql_with_params()
    return sql, params, params.index(_NUMBER)


def _find(permit_no: str, today: dt.date) -> Permit | None:
    """The permit numbered `permit_no` as typed: in lower case, full width or with spaces too
    (api.md "GET /api/v1/verify", core.numbers), with the holder's and the unit's names, whether the
    enforced year's person inspection is recorded (`holder_name`, `unit_name`, `inspected`) and its
    R-I03 stamp.
    On PostgreSQL the query is a prepared statement of the connection (core.prepared: planning it
    cost more than running it); elsewhere the ORM runs it and converts SQLite's text dates."""
    sql, params, at = _lookup(enforced_year(today), connection.vendor)
    args = [*params[:at], normalise_number(permit_no), *params[at + 1:]]
    if connection.vendor != "postgresql":
        permit = next(iter(Permit.objects.raw(sql, args)), None)
        if permit is not None:
            permit.stamp_read(permit.stamped_at)  # type: ignore[attr-defined]
        return permit
    row = prepared.fetch_one(sql, args)
    if row is None:
        return None
    permit = Permit.from_db(connection.alias, _COLUMNS, row[:len(_COLUMNS)])
    permit.inspected, permit.holder_name, permit.unit_name, stamped_at = row[len(_COLUMNS):]  # type: ignore[attr-defined]
    permit.stamp_read(stamped_at)
    return permit


def verify(permit_no: str, name: str, card_version: int | None = None, *, today: dt.date) -> Verification:
    """R-S01: the answer for a permit number and the holder's full name (spaces ignored), as of
    `today`. A wrong name answers exactly like an unknown number; an older `card_version` than the
    permit's current one answers `superseded`."""
    permit = _find(permit_no, today)
    if permit is None or not name.strip() or _squash(permit.holder_name) != _squash(name):  # type: ignore[attr-defined]
        return Verification(NOT_FOUND)
    return _answer(permit, card_version, today)


def verify_card(permit_no: str, card_version: int, *, today: dt.date) -> Verification:
    """The same answer for a card whose signed QR code already proved the number and the version
    (api.md `/verify/qr/{token}`); the caller checks the signature."""
    permit = _find(permit_no, today)
    return Verification(NOT_FOUND) if permit is None else _answer(permit, card_version, today)


def check_rate(request: HttpRequest) -> None:
    """Security decision 10: one budget per client address, shared by the API and the web page."""
    if over_limit(request, "verify", settings.RATELIMIT_VERIFY):
        raise TooManyRequests("Too many verification requests from this address; try again in a minute.")


INVALID_SIGNATURE = "invalid_signature"


def verify_token(token: str, *, today: dt.date) -> Verification | None:
    """A card's QR token (api.md `/verify/qr/{token}`): None when the signature does not hold;
    otherwise the live answer for the card's permit and version (a since-frozen permit answers
    `frozen`, an old card `superseded`)."""
    claim = signing.read(token)
    if claim is None:
        return None
    return verify_card(claim.permit_no, claim.card_version, today=today)
