"""api.md `POST /api/v1/search` (officials). Mounted at "/"."""

from django.http import HttpRequest
from ninja import Router

from accounts import policies
from accounts.actor import Actor
from accounts.auth import allow, token_auth
from core import clock
from core.errors import BadRequest, ErrorItem
from search import selectors
from search.presenters import search_out
from search.schemas import SearchIn, SearchOut

router = Router(tags=["search"], auth=token_auth)


@router.post("/search", response=SearchOut)
@allow(policies.SEARCH)
def search(request: HttpRequest, body: SearchIn) -> SearchOut:
    """Find a case or a permit by a case number, a permit number or a full 身份证 number (through
    the blind index), or by what a scanner types from a form's or a card's QR code. Scoped like the
    lists: a match outside the caller's district is absent. An empty `q` answers no items. Names are
    masked (R-S01), so this is no full view and is not audited (like POST /penalties/lookup)."""
    if "q" in request.GET:  # security decision 15: nothing personal in a URL
        message = 'q is not accepted in a query string: POST /api/v1/search {"q"}.'
        raise BadRequest(message, [ErrorItem(message, field="q")])
    _, hits = selectors.search(Actor.from_request(request), body.q, today=clock.today())
    return search_out(hits)
