"""The shipped URL configuration plus two bench-only views (bench_settings.py only, never deployed):
/bench/hello answers "ok" through the whole middleware stack and touches nothing else — the ceiling a
real view is compared with; /bench/lookup finds a permit by its number with a plain ORM query and
answers its id — the floor issue 14 set for /verify (a public look-up costs at least that)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler404  # noqa: F401 (read from this module)
from config.urls import urlpatterns as shipped
from permits.models import Permit


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def lookup(request: HttpRequest) -> HttpResponse:
    permit = Permit.objects.filter(permit_no=request.GET.get("permit_no", "")).first()
    return HttpResponse(str(permit.pk if permit else 0), content_type="text/plain")


urlpatterns = [path("bench/hello", hello), path("bench/lookup", lookup), *shipped]
