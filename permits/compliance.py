"""Compliance lists for officials: what units failed to do (R-C01)."""

from django.http import HttpRequest
from ninja import Query, Router, Schema

from accounts import policies
from accounts.auth import allow, token_auth, user_of
from accounts.scoping import scoped
from core.pagination import page
from permits.models import PermitTransfer
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
    qs = scoped(
        PermitTransfer.objects.filter(former_unit_cancelled=False).select_related(
            "permit", "from_unit", "to_unit", "case"
        ),
        user_of(request),
        unit="from_unit_id",
        district="from_unit__district_id",
    )
    rows, cursor = page(qs, params.limit, params.cursor)
    return OmittedCancellationsOut(items=[omitted_cancellation_out(t) for t in rows], next_cursor=cursor)
