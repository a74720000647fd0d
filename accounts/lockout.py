from typing import Any

from django.http import HttpRequest, HttpResponse

from core.errors import problem


def lockout_response(request: HttpRequest, credentials: Any = None, *args: Any,
                     **kwargs: Any) -> HttpResponse:
    """The same answer as a wrong password on the API (security decision 2); the web sign-in page
    explains the lockout in words."""
    if request.path.startswith("/api/"):
        return problem(401, "Not authenticated", "Wrong username or password.")
    return HttpResponse("账户已被锁定30分钟。Account locked for 30 minutes.", status=429,
                        content_type="text/plain; charset=utf-8")
