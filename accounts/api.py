import datetime as dt

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from accounts import policies
from accounts.actor import Actor, client_ip
from accounts.auth import allow, token_auth
from accounts.models import ApiToken, User
from accounts.otp import second_factor_required
from accounts.ratelimit import over_limit
from accounts.services import account_change_password, password_change_required
from audit.services import audit_record
from core.errors import ErrorItem, RuleViolation, TooManyRequests, Unauthorized

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
    # Decision 1: an official whose password is older than 90 days must change it
    # (POST /api/v1/auth/password) before doing anything else; R-W12: so must an account whose
    # password the district reset at the window (until then every other call answers 403).
    password_change_required: bool = False


class MeOut(Schema):
    username: str
    role: str
    unit_id: int | None = None
    district: str | None = None
    password_change_required: bool = False


class PasswordIn(Schema):
    old_password: str
    new_password: str


def _otp_ok(user: User, otp: str | None) -> bool:
    if not second_factor_required(user):
        return True
    from django_otp import match_token

    return bool(otp) and match_token(user, otp) is not None


@router.post("/token", response=TokenOut, auth=None)
def token(request: HttpRequest, body: TokenIn) -> TokenOut:
    """Exchange a username and password (and a TOTP code where required) for a bearer token.
    Wrong credentials, an unknown user and a locked username all answer 401 alike."""
    if over_limit(request, "auth-token", settings.RATELIMIT_TOKEN):
        raise TooManyRequests("Too many sign-in attempts from this address; wait a minute.")
    user = authenticate(request, username=body.username, password=body.password)
    if not isinstance(user, User) or not user.is_active:
        raise Unauthorized("Wrong username or password.")
    if not _otp_ok(user, body.otp):
        # security decision 18: a wrong second factor is a failed sign-in like a wrong password —
        # audited, and counted towards the username's lockout (as the web's code step does)
        user_login_failed.send(sender=__name__, request=request,
                               credentials={"username": user.get_username(), "factor": "otp"})
        raise Unauthorized("Wrong username or password.")
    # A successful sign-in clears the username's failure count, as `login()` does for the web
    # (AXES_RESET_ON_SUCCESS); the token path never calls `login()`.
    axes_reset(username=user.get_username())
    row, raw = ApiToken.issue(user)
    audit_record(Actor(user, user.role, client_ip(request)), "auth.token_issued", user,
                 after={"token_id": row.pk})
    return TokenOut(token=raw, role=user.role, unit_id=user.unit_id,
                    district=user.district_id, expires_at=row.expires_at,
                    password_change_required=password_change_required(user, timezone.now()))


@router.get("/me", response=MeOut, auth=token_auth)
@allow(policies.ACCOUNT_SELF, while_password_must_change=True)
def me(request: HttpRequest) -> MeOut:
    """The account the presented token belongs to (answered with a temporary password too, R-W12)."""
    user: User = request.auth  # type: ignore[attr-defined]
    return MeOut(username=user.get_username(), role=user.role, unit_id=user.unit_id,
                 district=user.district_id,
                 password_change_required=password_change_required(user, timezone.now()))


@router.post("/logout", response={204: None}, auth=token_auth)
@allow(policies.ACCOUNT_SELF)
def logout(request: HttpRequest) -> Status[None]:
    """Revoke the presented bearer token at once (decision 4). Other tokens of the account stay."""
    row: ApiToken = request.api_token  # type: ignore[attr-defined]  # set by TokenAuth
    ApiToken.objects.filter(pk=row.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_record(Actor.from_request(request), "auth.token_revoked", row.user, after={"token_id": row.pk})
    return Status(204, None)


@router.post("/password", response={204: None}, auth=token_auth)
@allow(policies.ACCOUNT_SELF, while_password_must_change=True)
def change_password(request: HttpRequest, body: PasswordIn) -> Status[None]:
    """Change the caller's password (decision 1); with a temporary password set at the window, the
    one call it is good for (R-W12). Every session and token of the account ends, this one
    included: sign in again with the new password. 422 when the current password is wrong or the
    new one fails a password rule."""
    user: User = request.auth  # type: ignore[attr-defined]
    try:
        account_change_password(user, body.old_password, body.new_password, actor=Actor.from_request(request),
                                request=request)
    except ValidationError as exc:
        errors = [ErrorItem(message=message, field=field)
                  for field, messages in exc.message_dict.items() for message in messages]
        raise RuleViolation("The password was not changed.", errors) from exc
    return Status(204, None)
