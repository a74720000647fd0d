"""The one NinjaAPI object: /api/v1/. Routers live in their apps; errors become problem+json."""

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from config.openapi import ContractAPI
from core.bad_bytes import StrictJSONParser
from core.errors import DomainError, problem, problem_for

logger = logging.getLogger(__name__)


class UnicodeJSONRenderer(JSONRenderer):
    """Chinese text as itself, not \\u escapes: smaller and readable."""

    json_dumps_params = {"ensure_ascii": False}


api = ContractAPI(  # every operation's problem+json answers in the OpenAPI document
    renderer=UnicodeJSONRenderer(),
    parser=StrictJSONParser(),
    title="北京市工作居住证管理系统 API",
    version="1",
    description="Beijing Work Residence Permit Management System — HTTP contract v1.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _loc_to_field(loc: list[Any]) -> str:
    """Ninja's error location as the field a client sent: without the source (`body`, `query`,
    `file`, …) and the name of the whole-body parameter; `["file", "file"]` is the field `file`."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "form", "file", "header", "cookie"):
        parts = parts[1:]
    if parts[:1] in (["body"], ["payload"]) and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(DomainError)
def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problem_for(exc)


@api.exception_handler(NinjaValidationError)
def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"message": e.get("msg", "invalid"), "field": _loc_to_field(list(e.get("loc", [])))}
        for e in exc.errors
    ]
    return problem(400, "Malformed request", "The request body or parameters are malformed.", errors)


@api.exception_handler(AuthenticationError)
def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(401, "Not authenticated", "A valid bearer token is required.")


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return problem(
        413, "Request body too large", "The request body exceeds the limit (security decision 10)."
    )


@api.exception_handler(HttpError)
def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, DomainError):  # raised by the parser, wrapped by ninja
        return problem_for(exc.__cause__)
    return problem(exc.status_code, str(exc), str(exc))


@api.exception_handler(MultiPartParserError)
def _multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return problem(400, "Malformed request", "The multipart body is malformed.")


@api.exception_handler(DataError)
def _data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    """Last line for security decision 20: a value the database refuses is bad input, not a 500."""
    logger.warning("DataError on %s %s: %s", request.method, request.path, exc)
    return problem(400, "Malformed request", "A value in the request cannot be stored.")


def _register_routers() -> None:
    from accounts.api import router as accounts_router
    from cases.api import router as cases_router
    from cases.progress_api import router as progress_router
    from documents.api import router as documents_router
    from documents.files_api import router as files_router
    from enforcement.api import router as penalties_router
    from notices.api import router as notices_router
    from permits.api import router as permits_router
    from permits.compliance import router as compliance_router
    from reference.api import router as reference_router
    from search.api import router as search_router
    from units.api import router as units_router
    from units.inspection_api import router as inspections_router
    from verification.api import router as verification_router

    api.add_router("/", verification_router)  # first: the public look-up finds its route soonest
    api.add_router("/auth", accounts_router)
    api.add_router("/units", units_router)
    api.add_router("/applications", cases_router)
    api.add_router("/permits", permits_router)
    api.add_router("/compliance", compliance_router)
    api.add_router("/inspections", inspections_router)
    api.add_router("/", penalties_router)  # /penalties and /investigations
    api.add_router("/notices", notices_router)
    api.add_router("/", documents_router)  # /templates, /applications/import, letters, exports
    api.add_router("/", files_router)  # card.pdf, uploaded copies
    api.add_router("/", reference_router)
    api.add_router("/", progress_router)  # /progress
    api.add_router("/", search_router)  # POST /search (officials)


_register_routers()
