import datetime as dt

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import User
from accounts.policies import ACCOUNT_EMAIL
from accounts.roles import Role
from accounts.separation import reference_data_group
from audit.services import audit_record
from core.crypto import mask_email
from core.errors import BadRequest, ErrorItem
from reference.models import District

# Security decision 1: officials change their password every 90 days (等保 2.0 level 3).
OFFICIAL_PASSWORD_MAX_AGE = dt.timedelta(days=90)


@transaction.atomic
def official_create(*, username: str, password: str, role: Role, district: str | None = None,
                    actor: Actor | None = None) -> User:
    if role == Role.UNIT:
        raise ValidationError("unit accounts are created by registration")
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"用户名已存在 / the username {username!r} already exists")
    district_obj = None
    if role == Role.DISTRICT_REVIEWER:
        if not district:
            raise ValidationError("district_reviewer needs --district")
        district_obj = District.objects.filter(code=district).first()
        if district_obj is None:
            raise ValidationError(f"unknown district {district!r}")
    elif district:
        raise ValidationError("only a district_reviewer has a district")
    # Security decision 13: an admin reaches /admin/ (is_staff) but is no superuser; it configures
    # reference data only, through the permissions of one group.
    user = User(username=username, role=role, district=district_obj, is_staff=role == Role.ADMIN,
                is_superuser=False)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    if role == Role.ADMIN:
        user.groups.add(reference_data_group())
    audit_record(actor or Actor.system(), "account.official_created", user,
                 after={"username": username, "role": role.value, "district": district})
    return user


def official_password_expired(user: User, now: dt.datetime) -> bool:
    """Decision 1: an official's password older than 90 days must be changed. Never for units."""
    return user.is_official and now - user.password_changed_at > OFFICIAL_PASSWORD_MAX_AGE


def password_change_required(user: User, now: dt.datetime) -> bool:
    """What `password_change_required` says at sign-in and in /auth/me: a temporary password set at
    the window (R-W12), or an official's password past its 90 days (decision 1)."""
    return user.must_change_password or official_password_expired(user, now)


def account_change_password(user: User, old: str, new: str, *, actor: Actor | None = None,
                            request: HttpRequest | None = None) -> User:
    """Change a password (decisions 1 and 4): the old one must match, the new one pass every
    validator and differ from the old; then every session and token of the account ends at once. A
    temporary password set at the window (R-W12) is spent: the account works normally again.
    Given the request, the old password is checked through `authenticate`, so that wrong guesses
    count towards the lockout (decision 2) and a locked username cannot change its password; the
    check runs before the transaction so that the failure and its audit row are kept.
    Raises ValidationError with `error_dict` keys `old_password` / `new_password`."""
    if request is not None:
        old_ok = authenticate(request, username=user.get_username(), password=old) is not None
    else:
        old_ok = user.check_password(old)
    if not old_ok:
        raise ValidationError({"old_password": ["原密码不正确 / the current password is wrong"]})
    if new == old:
        raise ValidationError({"new_password": ["新密码不能与原密码相同 / choose a different password"]})
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        try:
            validate_password(new, locked)
        except ValidationError as exc:
            raise ValidationError({"new_password": exc.messages}) from exc
        locked.set_password(new)
        locked.password_changed_at = timezone.now()
        was_temporary, locked.must_change_password = locked.must_change_password, False
        locked.save(update_fields=["password", "password_changed_at", "must_change_password"])
        locked.end_all_sessions()
        audit_record(actor or Actor(locked, locked.role), "account.password_changed", locked,
                     after={"password_changed_at": locked.password_changed_at.isoformat(),
                            "sessions_ended": True, "replaced_temporary": was_temporary})
    user.password = locked.password
    user.password_changed_at = locked.password_changed_at
    user.auth_generation = locked.auth_generation
    user.must_change_password = False
    return locked


def clean_email(value: str | None, *, field: str = "email") -> str:
    """An operator's email address as Django's EmailField cleans it (stripped, at most 254
    characters, the domain lower-cased); blank is "" (no address). Invalid: 400 naming `field`."""
    try:
        cleaned = forms.EmailField(max_length=254, required=False).clean(value or "")
    except ValidationError as exc:
        raise BadRequest(
            "The email address is not valid.",
            [ErrorItem("请输入有效的电子邮箱地址 / enter a valid email address", field=field)],
        ) from exc
    return User.objects.normalize_email(cleaned) if cleaned else ""


def set_own_email(actor: Actor, email: str | None) -> User:
    """The signed-in unit operator's own email address, to which the unit's reminders are sent
    (notices.channels.EmailChannel); blank clears it. Only a unit operator sets one (403 otherwise).
    A change is audited with both addresses masked; setting the same address again changes nothing."""
    ACCOUNT_EMAIL.check(actor)  # 403 for an official (accounts.policies)
    account = actor.account
    value = clean_email(email)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=account.pk)
        before = locked.email
        if before != value:
            locked.email = value
            locked.save(update_fields=["email"])
            audit_record(actor, "account.email_changed", locked,
                         before={"email": mask_email(before)}, after={"email": mask_email(value)})
    account.email = locked.email
    return locked
