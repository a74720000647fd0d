from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse

from core.errors import problem

# Room for multipart boundaries and the small fields sent next to an upload.
MULTIPART_OVERHEAD = 1024 * 1024


class BodyLimitMiddleware:
    """Security decision 10: request bodies are capped — 10 MB (plus multipart overhead) for
    uploads, 1 MB (`DATA_UPLOAD_MAX_MEMORY_SIZE`) for everything else. A body declared larger is
    refused with 413 before anything reads it; the API answers problem+json, never a 500. A body
    Django itself finds too big while a view reads it gets the same answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = self.limit_for(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self._answer(request, 400, "Malformed request",
                                "The Content-Length header is not a number.")
        if limit is not None and length > limit:
            return self._too_big(request, limit)
        return self.get_response(request)

    @staticmethod
    def limit_for(request: HttpRequest) -> int | None:
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("multipart/form-data"):
            return int(settings.UPLOAD_MAX_BYTES) + MULTIPART_OVERHEAD
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return self._too_big(request, self.limit_for(request))
        if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
            return self._answer(request, 400, "Malformed request", "Too many fields or files in the request.")
        return None

    def _too_big(self, request: HttpRequest, limit: int | None) -> HttpResponse:
        size = f" (at most {limit // 1024} KiB)" if limit else ""
        return self._answer(request, 413, "Request body too large", f"The request body is too large{size}.")

    @staticmethod
    def _answer(request: HttpRequest, status: int, title: str, detail: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            response: HttpResponse = problem(status, title, detail)
        else:
            response = HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response


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
