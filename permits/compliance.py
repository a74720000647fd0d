"""Compliance lists for officials: what units failed to do (R-C01)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from accounts.auth import allow, token_auth, user_of
from accounts.roles import Role
from accounts.scoping import scoped
from core.pagination import page, page_response
from permits.models import PermitTransfer

router = Router(tags=["compliance"], auth=token_auth)


class PageIn(Schema):
    limit: int | None = None
    cursor: str | None = None


@router.get("/omitted-cancellations", response=dict)
@allow(Role.DISTRICT_REVIEWER, Role.CITY_APPROVER)
def omitted_cancellations(request: HttpRequest, params: Query[PageIn]) -> dict[str, Any]:
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
    return page_response(
        [
            {
                "permit_no": t.permit.permit_no,
                "former_unit_id": t.from_unit_id,
                "former_unit_name": t.from_unit.name,
                "new_unit_id": t.to_unit_id,
                "left_on": t.left_on,
                "transferred_on": t.transferred_on,
                "application_id": t.case_id,
                "application_number": t.case.number,
            }
            for t in rows
        ],
        cursor,
    )
