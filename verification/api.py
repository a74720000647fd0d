from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from core import clock
from core.errors import problem
from verification import services
from verification.schemas import NotFoundOut, VerifyIn, VerifyOut

router = Router(tags=["verification"], auth=None)


@router.get("/verify", response={200: VerifyOut, 404: NotFoundOut}, exclude_none=True)
def verify(request: HttpRequest, params: Query[VerifyIn]) -> HttpResponse | dict[str, Any]:
    """R-S01: authenticity verification (真伪验证). Public; rate-limited per client address (429)."""
    services.check_rate(request)
    answer = services.verify(params.permit_no, params.name, params.card_version, today=clock.today())
    if not answer.found:
        return problem(
            404, "Not found", "No permit has that number and that holder name.", result=services.NOT_FOUND
        )
    return answer.as_dict()
