import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited
from ninja import Router, Schema

from accounts.actor import Actor
from accounts.models import ApiToken, User
from audit.services import audit_record
from core.errors import TooManyRequests, Unauthorized

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    otp: str | None = None


class TokenOut(Schema):
    token: str
    role: str
    unit_id: int | None = None
    district: str | None = None
    expires_at: dt.datetime


def _otp_ok(user: User, otp: str | None) -> bool:
    if not (settings.REQUIRE_OFFICIAL_OTP and user.is_official):
        return True
    from django_otp import match_token

    return bool(otp) and match_token(user, otp) is not None


@router.post("/token", response=TokenOut, auth=None)
def token(request: HttpRequest, body: TokenIn) -> TokenOut:
    """Exchange a username and password (and a TOTP code where required) for a bearer token.
    Wrong credentials, an unknown user and a locked username all answer 401 alike."""
    if is_ratelimited(request, group="auth-token", key="ip", rate=settings.RATELIMIT_TOKEN, increment=True):
        raise TooManyRequests("Too many sign-in attempts from this address; wait a minute.")
    user = authenticate(request, username=body.username, password=body.password)
    if not isinstance(user, User) or not user.is_active or not _otp_ok(user, body.otp):
        raise Unauthorized("Wrong username or password.")
    row, raw = ApiToken.issue(user)
    audit_record(Actor(user, user.role, request.META.get("REMOTE_ADDR")), "auth.token_issued", user,
                 after={"token_id": row.pk})
    return TokenOut(token=raw, role=user.role, unit_id=user.unit_id,
                    district=user.district_id, expires_at=row.expires_at)
