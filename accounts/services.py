from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.actor import Actor
from accounts.models import User
from accounts.roles import Role
from audit.services import audit_record
from reference.models import District


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
    user = User(username=username, role=role, district=district_obj, is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    audit_record(actor or Actor.system(), "account.official_created", user,
                 after={"username": username, "role": role.value, "district": district})
    return user
