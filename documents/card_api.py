from django.http import HttpRequest, HttpResponse
from ninja import Router

from accounts.actor import Actor
from accounts.auth import allow, token_auth, user_of
from accounts.roles import Role
from core import clock
from documents.service import permit_card
from permits.selectors import permit_for

router = Router(tags=["documents"], auth=token_auth)


@router.get("/permits/{permit_no}/card.pdf")
@allow(Role.UNIT, Role.DISTRICT_REVIEWER, Role.CITY_APPROVER)
def card_pdf(request: HttpRequest, permit_no: str) -> HttpResponse:
    """The permit card as printed at collection, with a QR code signed by the system (Ed25519)."""
    permit = permit_for(user_of(request), permit_no, clock.today())
    response = HttpResponse(permit_card(permit, Actor.from_request(request)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{permit.permit_no}-card.pdf"'
    return response
