"""The OpenAPI document declares every operation's error answers (issue 10, defect 7; config.openapi):
the review's fuzzer found 400…429 answered but none declared. Each operation now lists the
problem+json answers it can give, by what it is; core/tests/test_api_fuzz.py holds the server to it."""

import pytest

from config.api import api

pytestmark = pytest.mark.django_db
PROBLEM = {"$ref": "#/components/schemas/Problem"}


@pytest.fixture(scope="module")
def schema():
    return api.get_openapi_schema(path_prefix="/api/v1")


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, details in methods.items():
            yield method, path.removeprefix("/api/v1"), details


def declared(schema, method, path):
    return set(schema["paths"]["/api/v1" + path][method]["responses"])


def resolved(schema, answer):
    """A response, or the shared one in components/responses it refers to."""
    ref = answer.get("$ref")
    return schema["components"]["responses"][ref.removeprefix("#/components/responses/")] if ref else answer


def test_every_error_answer_is_problem_json(schema):
    for method, path, details in operations(schema):
        errors = {code: resolved(schema, r) for code, r in details["responses"].items() if int(code) >= 400}
        assert "400" in errors, (method, path)  # a malformed request, bad bytes included
        for code, response in errors.items():
            assert list(response["content"]) == ["application/problem+json"], (method, path, code)
            body = response["content"]["application/problem+json"]["schema"]
            assert body == PROBLEM or body["allOf"][0] == PROBLEM, (method, path, code)


def test_the_problem_schema_is_what_core_errors_writes(schema):
    problem = schema["components"]["schemas"]["Problem"]
    assert problem["required"] == ["type", "title", "status", "detail", "errors"]
    assert problem["properties"]["errors"]["items"] == {"$ref": "#/components/schemas/ProblemError"}
    item = schema["components"]["schemas"]["ProblemError"]
    assert item["required"] == ["message"] and {"rule", "field"} <= set(item["properties"])


def test_each_operation_declares_the_answers_its_shape_allows(schema):
    for method, path, details in operations(schema):
        codes = set(details["responses"])
        if details.get("security"):
            assert "401" in codes, (method, path)
        if "Roles:" in details.get("description", ""):  # @allow
            assert "403" in codes, (method, path)
        if "{" in path:
            assert "404" in codes, (method, path)
        body = details.get("requestBody", {}).get("content", {})
        if body:
            assert "413" in codes, (method, path)
        if "application/json" in body:
            assert "415" in codes, (method, path)


def test_writes_declare_state_rule_and_frozen_refusals(schema):
    for path in ("/applications", "/applications/{case_id}/submit", "/applications/{case_id}/approval",
                 "/units/{unit_id}/verification", "/inspections/unit", "/penalties"):
        assert {"404", "409", "422", "423"} <= declared(schema, "post", path), path
    assert {"404", "409", "422", "423"} <= declared(schema, "put", "/notices/preferences")
    assert declared(schema, "post", "/units/register") >= {"409", "422"}


def test_public_and_sign_in_operations_declare_only_what_they_answer(schema):
    assert declared(schema, "post", "/auth/token") == {"200", "400", "401", "413", "415", "429"}
    assert declared(schema, "get", "/window-hours") == {"200", "400"}
    assert declared(schema, "post", "/penalties/lookup") == {"200", "400", "401", "403", "413", "415"}
    assert "401" not in declared(schema, "get", "/verify")


def test_rate_limited_operations_declare_429(schema):
    for method, path in (("post", "/auth/token"), ("get", "/verify"), ("get", "/verify/qr/{token}")):
        assert "429" in declared(schema, method, path), path


def test_an_operations_own_error_schema_is_kept_on_top_of_the_problem(schema, api):
    verify_404 = schema["paths"]["/api/v1/verify"]["get"]["responses"]["404"]["content"]
    assert verify_404["application/problem+json"]["schema"]["allOf"] == [
        PROBLEM, {"$ref": "#/components/schemas/NotFoundOut"}]
    answer = api.get("/verify", permit_no="BJ20269999999", name="张三")
    assert answer.status_code == 404 and answer["Content-Type"] == "application/problem+json"
    assert answer.json()["result"] == "not_found" and answer.json()["status"] == 404


def test_the_served_document_is_the_committed_one(api):
    import json
    from pathlib import Path

    from django.conf import settings

    committed = json.loads((Path(settings.BASE_DIR) / "docs" / "openapi.json").read_text(encoding="utf-8"))
    served = api.client.get("/api/v1/openapi.json").json()
    assert served["paths"] == committed["paths"]
    assert served["components"]["schemas"]["Problem"] == committed["components"]["schemas"]["Problem"]
