import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from accounts.roles import OFFICIAL_ROLES, Role


class User(AbstractUser):
    role = models.CharField(max_length=24, choices=Role.choices)
    district = models.ForeignKey("reference.District", null=True, blank=True, on_delete=models.PROTECT)
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="operators")
    password_changed_at = models.DateTimeField(default=timezone.now)
    # Bumped on logout-everywhere events (password change, disabling, unit freeze): every session
    # and token issued under an older generation stops working (security decision 4).
    auth_generation = models.PositiveIntegerField(default=0)
    # R-W12: set by the district's reset at the window (units.operator_password), cleared by the
    # account's own change (accounts.services.account_change_password). Until then the password
    # works only to choose a new one: the API answers 403 `password_change_required`
    # (accounts.auth.allow) and the site leads to the change form (web.access).
    must_change_password = models.BooleanField(default=False)

    @property
    def is_official(self) -> bool:
        return self.role in OFFICIAL_ROLES

    def end_all_sessions(self) -> None:
        User.objects.filter(pk=self.pk).update(auth_generation=models.F("auth_generation") + 1)
        ApiToken.objects.filter(user=self, revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.refresh_from_db(fields=["auth_generation"])


class ApiToken(models.Model):
    """Bearer tokens. Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.pk} of user {self.user_id}"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User) -> tuple["ApiToken", str]:
        raw = secrets.token_urlsafe(32)
        now = timezone.now()
        token = cls.objects.create(user=user, key_hash=cls.hash(raw), created_at=now, last_used_at=now,
                                   expires_at=now + timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS))
        return token, raw

    def is_live(self, now: datetime) -> bool:
        idle = timedelta(seconds=settings.SESSION_IDLE_SECONDS)
        return self.revoked_at is None and now < self.expires_at and now - self.last_used_at < idle
