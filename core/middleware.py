from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class NoStoreMiddleware:
    """Security decision 6: nothing the API or the signed-in pages answer is cached by a browser
    or a proxy. Public reference data and static files stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = request.path
        cacheable = path.startswith("/static/") or path.startswith("/api/v1/reference/")
        if not cacheable and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
