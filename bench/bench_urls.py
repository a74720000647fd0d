"""The shipped URL configuration plus /bench/hello (bench_settings.py only): a view that answers "ok"
through the whole middleware stack and touches nothing else — the ceiling a real view is compared
with."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler404  # noqa: F401 (read from this module)
from config.urls import urlpatterns as shipped


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/hello", hello), *shipped]
