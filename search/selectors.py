"""What an official's search finds (api.md `POST /api/v1/search`), in the scope of the lists: a
district reviewer finds its district's cases and permits only — another district's are simply
absent, never refused — and a city approver everything.

The text is read as people and scanners type it (core.numbers.normalise_number: lower case, full
width, spaces) and is one of:

- a card's QR link (`…/verify/qr/<token>`): the permit the signed token names (an altered token
  finds nothing);
- a full 身份证 number (18 characters, GB 11643's shape): the holder's permits and the cases filed
  for that person or on their permits, found through the blind index (security decision 5) — the
  number itself is never stored, logged or compared in clear;
- anything else: the case of that number (a printed form's QR code holds it) and the permit of that
  number.

An empty text finds nothing (api.md: "search for nothing: an empty result, not an error").
"""

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q

from accounts import policies
from accounts.actor import Actor
from cases.models import Case
from cases.selectors import cases_visible_to
from core import crypto
from core.numbers import half_width, normalise_number
from permits.models import Permit
from permits.selectors import permits_visible_to
from verification import signing

ID_NUMBER = re.compile(r"\d{17}[\dX]")  # GB 11643's shape; the check digit is not the search's business
CARD_LINK = re.compile(r"/verify/qr/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/?$")  # documents.cards prints it
MAX_HITS = 100  # a person's permits and cases are a handful; the answer has no pages


class Kind(StrEnum):
    """What the text was read as."""

    EMPTY = "empty"
    CARD = "card"
    ID_NUMBER = "id_number"
    NUMBER = "number"


@dataclass(frozen=True)
class Query:
    """The text as read: its kind and the normalised value (the permit number for a card)."""

    kind: Kind
    value: str

    @property
    def shown(self) -> str:
        """The text as a page may show it back: an ID number masked (R-S02)."""
        return crypto.mask_id(self.value) if self.kind == Kind.ID_NUMBER else self.value


@dataclass(frozen=True)
class Hit:
    """One thing found: a case, or a permit."""

    case: Case | None = None
    permit: Permit | None = None

    @property
    def kind(self) -> str:
        return "case" if self.case is not None else "permit"


def read(q: str) -> Query:
    """What `q` is. A card's link is read with its case kept (its token is case-sensitive)."""
    link = CARD_LINK.search(half_width(q))
    if link is not None:
        claim = signing.read(link.group(1))
        return Query(Kind.CARD, claim.permit_no if claim is not None else "")
    number = normalise_number(q)
    if not number:
        return Query(Kind.EMPTY, "")
    if ID_NUMBER.fullmatch(number):
        return Query(Kind.ID_NUMBER, number)
    return Query(Kind.NUMBER, number)


def search(actor: Actor, q: str, *, today: dt.date) -> tuple[Query, list[Hit]]:
    """The permits, then the cases (newest first), that `q` names and the actor may see."""
    policies.SEARCH.check(actor)
    user = actor.account
    query = read(q)
    if not query.value:
        return query, []
    permits = permits_visible_to(user, today)
    cases = cases_visible_to(user)
    if query.kind == Kind.ID_NUMBER:
        index = crypto.blind_index(query.value)
        permits = permits.filter(holder__id_index=index)
        cases = cases.filter(Q(applicant_id_index=index) | Q(permit__holder__id_index=index))
    elif query.kind == Kind.CARD:
        permits, cases = permits.filter(permit_no=query.value), cases.none()
    else:
        permits, cases = permits.filter(permit_no=query.value), cases.filter(number=query.value)
    found = [Hit(permit=p) for p in permits.order_by("permit_no")[:MAX_HITS]]
    found += [Hit(case=c) for c in cases.order_by("-created_at", "-pk")[: MAX_HITS - len(found)]]
    return query, found
