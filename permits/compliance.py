"""Compliance lists for officials: what units failed to do (R-C01)."""

from django.http import HttpRequest
from ninja import Query, Router, Schema

from accounts import policies
from accounts.auth import allow, token_auth, user_of
from core.pagination import page
from permits import selectors
from permits.presenters import omitted_cancellation_out
from permits.schemas import OmittedCancellationsOut

router = Router(tags=["compliance"], auth=token_auth)


class PageIn(Schema):
    limit: int | None = None
    cursor: str | None = None


@router.get("/omitted-cancellations", response=OmittedCancellationsOut)
@allow(policies.COMPLIANCE_READ)
def omitted_cancellations(request: HttpRequest, params: Query[PageIn]) -> OmittedCancellationsOut:
    """Permits that moved to a new unit (employer change) although the former unit never filed the
    cancellation (R-C01): recorded against the former unit, for its district."""
    rows, cursor = page(selectors.omitted_cancellations(user_of(request)), params.limit, params.cursor)
    return OmittedCancellationsOut(items=[omitted_cancellation_out(t) for t in rows], next_cursor=cursor)
