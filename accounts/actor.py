from dataclasses import dataclass

from django.http import HttpRequest

from accounts.models import User


@dataclass(frozen=True)
class Actor:
    """Who is acting, as every service and audit row needs it. `user` is None for the public and
    for the daily job (role "system")."""

    user: User | None
    role: str
    ip: str | None = None

    @classmethod
    def from_request(cls, request: HttpRequest) -> "Actor":
        user = getattr(request, "auth", None) or getattr(request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            return cls(user=user, role=user.role, ip=client_ip(request))
        return cls(user=None, role="public", ip=client_ip(request))

    @property
    def account(self) -> User:
        """The signed-in user behind this actor; services that need one call this."""
        if self.user is None:
            raise PermissionError("this action needs a signed-in user")
        return self.user

    @classmethod
    def system(cls) -> "Actor":
        return cls(user=None, role="system", ip=None)


def client_ip(request: HttpRequest) -> str | None:
    # Behind the production proxy, Django's REMOTE_ADDR is set by the WSGI server; we do not trust
    # X-Forwarded-For from clients.
    return request.META.get("REMOTE_ADDR") or None
