import ipaddress
from dataclasses import dataclass

from django.conf import settings
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
    """The client's address, for per-address limits (django-ratelimit's `RATELIMIT_IP_META_KEY`), the
    sign-in records (axes' `AXES_CLIENT_IP_CALLABLE`) and audit rows. Behind the production proxy the
    WSGI server's REMOTE_ADDR is the proxy's, so `CLIENT_IP_META_KEY` names the header the proxy sets
    and overwrites (nginx's X-Real-IP: `HTTP_X_REAL_IP`, deploy/nginx/bjpermit.conf); a value that is
    not an address is ignored. Unset (development, or app servers a client can reach directly), no
    header is trusted: X-Forwarded-For and the like are the client's to forge."""
    key = settings.CLIENT_IP_META_KEY
    forwarded = str(request.META.get(key, "")).strip() if key else ""
    if forwarded:
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or None
