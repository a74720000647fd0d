from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from core import clock
from core.errors import problem
from verification import services, signing
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


@router.get("/verify/qr/{token}", response={200: VerifyOut, 400: dict, 404: NotFoundOut}, exclude_none=True)
def verify_qr(request: HttpRequest, token: str) -> HttpResponse | dict[str, Any]:
    """The permit card's QR link: a good signature answers like /verify with the live status; a bad
    or altered token answers 400 `invalid_signature`. Public; rate-limited like /verify."""
    services.check_rate(request)
    answer = services.verify_token(token, today=clock.today())
    if answer is None:
        return problem(
            400,
            "Invalid signature",
            "The QR code was not signed by this system or was altered.",
            result=services.INVALID_SIGNATURE,
        )
    if not answer.found:
        return problem(404, "Not found", "No such permit.", result=services.NOT_FOUND)
    return answer.as_dict()


@router.get("/verify/public-key")
def public_key(request: HttpRequest, kid: str | None = None) -> HttpResponse:
    """The Ed25519 public key (PEM) that checks card signatures offline; `?kid=` for an older key
    (a token's key id is the first field of its payload)."""
    pem = signing.public_key_pem(kid)
    if pem is None:
        return problem(404, "Not found", "No key with that id.")
    response = HttpResponse(pem, content_type="application/x-pem-file")
    response["Cache-Control"] = "public, max-age=3600"
    return response
