"""Security decision 20: bad bytes are bad input. NUL and other C0 control characters (tab, LF and
CR excepted) in a query parameter, form field or JSON text field, a multipart body without a
boundary, and a JSON body sent under another content type answer 400/415, never 500."""

import json
import re
from collections.abc import Callable, Iterator
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.views.defaults import bad_request
from ninja.parser import Parser

from core.errors import BadRequest, DomainError, ErrorItem, problem_for

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


class UnsupportedMediaType(DomainError):
    status, title = 415, "Unsupported media type"


def _bad_fields(fields: list[str]) -> BadRequest:
    return BadRequest(
        "Control characters are not allowed.",
        [ErrorItem("Contains a control character.", field=f) for f in fields],
    )


def _walk(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, str):
        if CONTROL.search(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if CONTROL.search(str(key)):
                yield here
            yield from _walk(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}.{index}" if path else str(index))


def _querydict_fields(data: MultiValueDict[str, Any]) -> list[str]:
    return [
        key for key, values in data.lists()
        if CONTROL.search(key) or any(isinstance(v, str) and CONTROL.search(v) for v in values)
    ]


def check_json(data: Any) -> None:
    fields = list(_walk(data, ""))
    if fields:
        raise _bad_fields(fields)


class StrictJSONParser(Parser):
    """The API's body parser: JSON only under a JSON content type (415 otherwise), and no control
    characters anywhere in it (400 naming the field by its path, e.g. `person.name`)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        content_type = (request.content_type or "").lower()
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise UnsupportedMediaType("This endpoint takes application/json.")
        data = json.loads(request.body)
        check_json(data)
        return cast(dict[str, Any], data)

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        fields = _querydict_fields(data)
        if fields:
            raise _bad_fields(fields)
        return super().parse_querydict(data, list_fields, request)


class BadBytesMiddleware:
    """Query parameters and form fields with control characters, and form bodies Django cannot
    parse, are refused before any view or database sees them: problem+json under /api/, the
    site's 400 page elsewhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            fields = _querydict_fields(request.GET)
            # An API multipart body is left to the endpoint (the parser below checks its fields):
            # reading it here would hide the body from a JSON endpoint's 413/415.
            api_multipart = request.path.startswith("/api/") and request.content_type == FORM_TYPES[0]
            if request.method not in ("GET", "HEAD") and request.content_type in FORM_TYPES \
                    and not api_multipart:
                fields += _querydict_fields(request.POST)
        except MultiPartParserError:
            return self._answer(request, BadRequest("The multipart body is malformed."))
        if fields:
            return self._answer(request, _bad_fields(fields))
        return self.get_response(request)

    @staticmethod
    def _answer(request: HttpRequest, error: DomainError) -> HttpResponse:
        if request.path.startswith("/api/"):
            response: HttpResponse = problem_for(error)
        else:  # templates/400.html, in the visitor's language (LocaleMiddleware has not run yet)
            with translation.override(translation.get_language_from_request(request)):
                response = bad_request(request, MultiPartParserError(error.detail))
        response["Cache-Control"] = "no-store"
        return response
