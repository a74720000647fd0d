"""The error half of the API's OpenAPI document (issue 10, defect 7): every operation declares the
problem+json answers it can give (api.md "Conventions"), derived in one place from what the
operation is — signed in or public, restricted by `@allow`, with path parameters, with a JSON or
multipart body, a write — plus a short table of the answers no shape shows (rate limits, stored
files that fail their checksum). The fuzz test (config/tests/test_api_fuzz.py) holds the server to
this document: a status or a shape not declared here fails it."""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

PROBLEM = "application/problem+json"
REF = "#/components/schemas/"
WRITES = ("post", "put", "patch", "delete")
# Reads sent by POST so that a full ID number travels in the body, not the URL (security decision 15).
READS_BY_POST = {"/penalties/lookup", "/search"}

# core.errors.problem() writes these; other keys may follow (e.g. /verify's `result`).
PROBLEM_SCHEMAS: dict[str, Any] = {
    "Problem": {
        "title": "Problem",
        "description": "RFC 9457 problem details, as every error of the API is answered "
        "(api.md \"Conventions\").",
        "type": "object",
        "required": ["type", "title", "status", "detail", "errors"],
        "properties": {
            "type": {"type": "string", "description": "`about:blank`"},
            "title": {"type": "string"},
            "status": {"type": "integer", "description": "The HTTP status again."},
            "detail": {"type": "string"},
            "errors": {"type": "array", "items": {"$ref": REF + "ProblemError"}},
        },
        "additionalProperties": True,
    },
    "ProblemError": {
        "title": "ProblemError",
        "description": "One thing wrong: `rule` is an ID from rules.md, `field` a dotted path into "
        "the request (e.g. `person.id_number`); either only as applies.",
        "type": "object",
        "required": ["message"],
        "properties": {
            "message": {"type": "string"},
            "rule": {"type": "string"},
            "field": {"type": "string"},
        },
        "additionalProperties": True,
    },
}

# The shared error answers (components/responses), by status: name and meaning.
ANSWERS = {
    400: ("BadRequest", "Malformed: a wrong type, a missing or unknown field, an unknown enum value, "
          "control characters (security decision 20); `errors[].field` names each field."),
    401: ("Unauthorized", "No bearer token, or a revoked, idle or expired one (security decision 4)."),
    403: ("Forbidden", "The role may not do this at all (the roles are listed above)."),
    404: ("NotFound", "No such thing, or not yours to see (another unit's or district's is 404, never 403)."),
    409: ("Conflict", "The thing is in a state that does not allow this, or a duplicate."),
    413: ("PayloadTooLarge", "The request body is too large (security decision 10)."),
    415: ("UnsupportedMediaType", "The body is not sent as application/json."),
    422: ("RuleViolation", "Refused by business rules: `errors[].rule` names every failing rule."),
    423: ("UnitFrozen", "The unit is frozen (R-U05)."),
    429: ("TooManyRequests", "Too many requests from this address; try again in a minute "
          "(security decision 10)."),
}

# Answers no shape shows, by operation (paths without the /api/v1 prefix).
OWN_STATUSES: dict[tuple[str, str], set[int]] = {
    ("post", "/auth/token"): {401, 429},  # wrong credentials or a locked username alike; per address
    ("post", "/auth/password"): {422},  # a wrong current password, a new one a validator refuses
    ("post", "/units/register"): {409, 422},  # R-U02 duplicate; R-U01, R-P09
    ("get", "/verify"): {404, 429},
    ("get", "/verify/qr/{token}"): {429},
    ("get", "/verify/public-key"): {404},  # ?kid= of no key
    ("get", "/progress"): {404, 429},
    # a stored file whose checksum no longer matches is refused (security decision 9)
    ("get", "/applications/{case_id}/photo"): {409},
    ("get", "/applications/{case_id}/documents/{document_id}"): {409},
}


def statuses_for(method: str, path: str, details: dict[str, Any], operation: Operation | None) -> set[int]:
    """The error statuses one operation can answer. A write by a signed-in actor (but the sign-in
    endpoints under /auth/) names or acts on a case, permit, unit or notice that may not exist or
    not be the caller's (404), may find it in the wrong state (409), fail a rule (422) or find the
    unit frozen (423)."""
    statuses = {400}
    signed_in = bool(details.get("security"))
    if signed_in:
        statuses.add(401)
    view = getattr(operation, "view_func", None)
    if getattr(view, "allowed_roles", None):
        statuses.add(403)
    if signed_in and getattr(view, "while_password_must_change", True) is False:
        statuses.add(403)  # R-W12: a temporary password's token, `password_change_required` (accounts.auth)
    if any(p.get("in") == "path" for p in details.get("parameters", [])):
        statuses.add(404)
    body_types = set(details.get("requestBody", {}).get("content", {}))
    if body_types:
        statuses.add(413)
    if "application/json" in body_types:
        statuses.add(415)  # core.bad_bytes.StrictJSONParser: JSON under another content type
    if method in WRITES and signed_in and not path.startswith("/auth/") and path not in READS_BY_POST:
        statuses |= {404, 409, 422, 423}
    return statuses | OWN_STATUSES.get((method, path), set())


def _problem_content(schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """An error's content: the problem schema, or the operation's own error schema on top of it."""
    ref = {"$ref": REF + "Problem"}
    return {PROBLEM: {"schema": {"allOf": [ref, schema]} if schema else ref}}


def declare_errors(schema: dict[str, Any], operations: dict[str, Operation], prefix: str) -> None:
    """Add the error responses to every operation of `schema`, in place. An error response the
    operation declared itself (e.g. /verify's 404 with `result`) keeps its schema, on top of the
    problem one, under the problem+json content type it is actually answered with."""
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {}).update(PROBLEM_SCHEMAS)
    components.setdefault("responses", {}).update({
        name: {"description": meaning, "content": _problem_content()} for name, meaning in ANSWERS.values()})
    for full_path, methods in schema.get("paths", {}).items():
        path = full_path.removeprefix(prefix.rstrip("/"))
        for method, details in methods.items():
            responses = {int(code): answer for code, answer in details.get("responses", {}).items()}
            for code, answer in responses.items():
                if code >= 400:
                    contents: list[dict[str, Any]] = list(answer.get("content", {}).values())
                    answer["content"] = _problem_content(contents[0].get("schema") if contents else None)
            operation = operations.get(details.get("operationId", ""))
            for status in statuses_for(method, path, details, operation):
                responses.setdefault(status, {"$ref": "#/components/responses/" + ANSWERS[status][0]})
            details["responses"] = {str(code): responses[code] for code in sorted(responses)}


class ContractAPI(NinjaAPI):
    """The NinjaAPI whose OpenAPI document declares every operation's problem+json answers."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        prefix = path_prefix if path_prefix is not None else self.get_root_path(path_params or {})
        declare_errors(schema, self.operations_by_id(), "/" + prefix.strip("/"))
        return schema

    def operations_by_id(self) -> dict[str, Operation]:
        """Every operation under the operationId the document gives it."""
        return {
            op.operation_id or self.get_openapi_operation_id(op): op
            for bound in self._get_bound_routers()
            for path_view in bound.path_operations.values()
            for op in path_view.operations
        }
