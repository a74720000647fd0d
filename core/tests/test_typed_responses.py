"""Issue 11: every answer of the API is typed, and the answers keep to the served OpenAPI document.

(a) The document's walk: every 2xx answer of every operation declares a JSON schema in which each
object names its properties (no bare `{"type": "object"}`, no `additionalProperties: true`), or is
one of FILES (a download or an empty 204, declared here with the reason). A new endpoint returning an
untyped dict, or a dict with no `response=` at all (its answer then declares no content), fails here.

(b) Real answers against the document: one successful request per API write (the scenarios of
core/tests/writes.py, as the audit test sends them; a meta-test walks the routers so none is
missed) and the main reads over a world holding every kind of object, each body validated with
jsonschema_rs (the validator schemathesis installs) against its operation's schema in the served
document (`/api/v1/openapi.json`), formats (`date`, `date-time`) included, with every object schema
closed (`additionalProperties: false` where the document left it open, as it does for the few
answers typed before issue 11), so a field the document does not declare fails as surely as a
missing or mistyped one; an untyped schema, which would take any body, fails too.

Why an undeclared field cannot appear: the answers are `core.schemas.Out` models built by each app's
presenters, and `Out` forbids extra fields (a presenter passing one fails mypy and raises at once),
declares every key required unless api.md marks it optional, and is what django-ninja serialises, so
the JSON carries exactly the declared fields. The closed-schema validation proves it per answer; the
document says it too (`additionalProperties: false` on every `Out`).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, get_args

import jsonschema_rs
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.schemas import CaseData
from cases.types import TYPES
from core import clock
from core.schemas import DescribedAs
from core.tests import writes
from core.tests.world import World, Write, send
from documents.tests.pdf_support import scan_pdf
from documents.tests.sheets import filled_template, staff_row
from ops.demo import new_application

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"
# Answers that are not JSON, so their 2xx declares no content: files, or nothing (204).
FILES = {
    "GET /applications/{case_id}/photo": "the photo as stored (JPEG or PNG)",
    "GET /applications/{case_id}/form.pdf": "the printed application form (R-W10)",
    "GET /applications/{case_id}/letter.docx": "the unit's application letter",
    "GET /applications/{case_id}/documents/{document_id}": "one uploaded copy as stored",
    "GET /permits/{permit_no}/card.pdf": "the permit card",
    "GET /templates/{name}": "a template (docx or xlsx)",
    "GET /exports/permits.xlsx": "an export",
    "GET /exports/applications.xlsx": "an export",
    "GET /exports/statistics.xlsx": "an export",
    "GET /verify/public-key": "the public key, PEM",
    "POST /auth/logout": "204, no body",
    "POST /auth/password": "204, no body",
}


# --- the served document ------------------------------------------------------------------------------


def served_document(api: Any) -> dict[str, Any]:
    response = api.get("/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def success_answers(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(operation as "METHOD /path" without the prefix, status, answer) of every 2xx answer."""
    for path, methods in doc["paths"].items():
        for method, details in methods.items():
            for status, answer in details["responses"].items():
                if status.startswith("2"):
                    yield f"{method.upper()} {path.removeprefix(PREFIX)}", status, answer


def _resolved(schema: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def untyped_places(
    schema: dict[str, Any], doc: dict[str, Any], where: str = "", seen: set[str] | None = None
) -> list[str]:
    """Where in `schema` a value is not described: an object without properties, an object open to any
    other key (`additionalProperties` true or `{}`), a value of any type."""
    seen = set() if seen is None else seen
    ref = schema.get("$ref")
    if ref is not None:
        if ref in seen:
            return []
        seen.add(ref)
    schema = _resolved(schema, doc)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            parts = enumerate(schema[key])
            return [p for i, s in parts for p in untyped_places(s, doc, f"{where}|{i}", seen)]
    kind = schema.get("type")
    if kind == "array":
        return untyped_places(schema.get("items", {}), doc, f"{where}[]", seen)
    if kind == "object" or "properties" in schema:
        places = []
        extra = schema.get("additionalProperties")
        if extra is True or extra == {} or ("properties" not in schema and not isinstance(extra, dict)):
            places.append(where or "(the answer)")
        if isinstance(extra, dict) and extra:
            places += untyped_places(extra, doc, f"{where}.*", seen)
        for name, prop in schema.get("properties", {}).items():
            places += untyped_places(prop, doc, f"{where}.{name}", seen)
        return places
    if kind is None and "enum" not in schema and "const" not in schema:
        return [where or "(the answer)"]
    return []


def closed(schema: Any) -> Any:
    """A copy of `schema` in which every object with properties takes no other key."""
    if isinstance(schema, list):
        return [closed(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: closed(v) for k, v in schema.items()}
    if "properties" in out and not isinstance(out.get("additionalProperties"), dict):
        out["additionalProperties"] = False
    return out


def violations(doc: dict[str, Any], operation: str, status: int, body: Any) -> list[str]:
    """What in `body` strays from the closed schema of the operation's `status` answer, and what of
    that schema describes nothing (an untyped object would take any body)."""
    method, path = operation.split(" ", 1)
    answer = doc["paths"][PREFIX + path][method.lower()]["responses"][str(status)]
    schema = answer["content"]["application/json"]["schema"]
    validator = jsonschema_rs.Draft202012Validator(
        closed({**schema, "components": doc["components"]}), validate_formats=True
    )
    undescribed = [f"{place}: not described" for place in untyped_places(schema, doc)]
    strays = [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(body)]
    return undescribed + strays


def test_every_success_answer_is_typed(api):
    # given the served document
    doc = served_document(api)
    undescribed, without_content = {}, set()
    # when every 2xx answer of every operation is walked
    for operation, status, answer in success_answers(doc):
        content = answer.get("content", {})
        if not content:
            without_content.add(operation)
            continue
        assert list(content) == ["application/json"], operation
        places = untyped_places(content["application/json"]["schema"], doc)
        if places:
            undescribed[f"{operation} {status}"] = places
    # then each describes every field, or is a file or an empty answer named in FILES
    assert undescribed == {}
    assert without_content == set(FILES)


def test_the_walk_finds_an_untyped_answer():
    """The check of the test above, on the shapes it must refuse and the ones it must let through."""
    ref = "#/components/schemas/"
    doc = {"components": {"schemas": {
        "Open": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": True},
        "Typed": {"type": "object", "additionalProperties": False,
                  "properties": {"a": {"type": "string"}, "b": {"$ref": ref + "Typed"}}},
    }}}
    either = {"anyOf": [{"type": "object"}, {"type": "null"}]}
    counted = {"type": "object", "properties": {}, "additionalProperties": {"type": "integer"}}
    assert untyped_places({"type": "object", "additionalProperties": True}, doc) == ["(the answer)"]
    assert untyped_places({"type": "object"}, doc) == ["(the answer)"]
    assert untyped_places({"$ref": ref + "Open"}, doc) == ["(the answer)"]
    assert untyped_places({"type": "array", "items": {}}, doc) == ["[]"]
    assert untyped_places({"type": "object", "properties": {"x": either}}, doc) == [".x|0"]
    assert untyped_places({"$ref": ref + "Typed"}, doc) == []
    assert untyped_places(counted, doc) == []


def test_a_closed_schema_refuses_an_undeclared_field():
    """`violations` holds an answer to the fields its schema declares, even where the document leaves
    the object open (no `additionalProperties`)."""
    answer = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/X"}}}}
    x = {"type": "object", "properties": {"on": {"type": "string", "format": "date"}}, "required": ["on"]}
    doc = {"paths": {PREFIX + "/x": {"get": {"responses": {"200": answer}}}},
           "components": {"schemas": {"X": x}}}
    assert violations(doc, "GET /x", 200, {"on": "2026-06-15"}) == []
    assert violations(doc, "GET /x", 200, {"on": "2026-06-15", "more": 1}) != []
    assert violations(doc, "GET /x", 200, {"on": "15/06/2026"}) != []


def test_a_case_s_data_is_described_by_the_schema_of_every_type():
    """`data` is described by the request schemas of the case types (cases.types): a new type's
    schema must join the description, or the document would refuse its cases."""
    described = next(m for m in CaseData.__metadata__ if isinstance(m, DescribedAs)).described
    assert set(get_args(described)) == {spec.schema for spec in TYPES.values()}


# --- (b) every write's answer --------------------------------------------------------------------------

API_WRITES: list[tuple[str, Callable[[World], Write]]] = [
    ("POST /auth/token", writes.token),
    ("POST /units/register", writes.register),
    ("POST /units/{unit_id}/verification", writes.verify_unit),
    ("POST /units/{unit_id}/unfreeze", writes.unfreeze_unit),
    ("POST /units/{unit_id}/cap", writes.cap),
    ("POST /units/{unit_id}/operator-password-reset", writes.operator_password_reset),
    ("POST /applications", writes.create),
    ("POST /applications", writes.create_unit_info_change),
    ("POST /applications", writes.create_general_change),
    ("PATCH /applications/{case_id}", writes.patch),
    ("POST /applications/{case_id}/photo", writes.upload_photo),
    ("POST /applications/{case_id}/submit", writes.submit),
    ("POST /applications/{case_id}/submit", writes.submit_cancellation),
    ("POST /applications/{case_id}/withdraw", writes.withdraw),
    ("POST /applications/{case_id}/review", writes.review),
    ("POST /applications/{case_id}/approval", writes.approval),
    ("POST /applications/{case_id}/collection", writes.collection),
    ("POST /applications/{case_id}/documents", writes.upload_document),
    ("POST /applications/import", writes.import_staff),
    ("POST /permits/{permit_no}/unfreeze", writes.unfreeze_permit),
    ("POST /permits/{permit_no}/loss-report", writes.loss_report),
    ("POST /permits/{permit_no}/loss-report/withdraw", writes.loss_report_withdraw),
    ("POST /inspections/unit", writes.inspect_unit),
    ("POST /inspections/persons", writes.inspect_persons),
    ("POST /penalties", writes.impose),
    ("POST /penalties/{penalty_id}/lift", writes.lift),
    ("POST /penalties/lookup", writes.lookup),
    ("POST /search", writes.search),
    ("POST /investigations", writes.investigate),
    ("POST /investigations/{investigation_id}/findings", writes.finding),
    ("POST /investigations/{investigation_id}/findings", writes.finding_left),
    ("POST /notices/{notice_id}/read", writes.read_notice),
    ("PUT /notices/preferences", writes.preference),
]


def test_every_api_write_answering_json_has_a_scenario():
    json_writes = writes.api_writes() - set(FILES)
    assert {route for route, _ in API_WRITES} == json_writes


@pytest.mark.parametrize(
    ("operation", "scenario"), API_WRITES, ids=[f"{o} [{s.__name__}]" for o, s in API_WRITES]
)
def test_a_write_answers_as_the_document_says(operation, scenario, world, api):
    # given the scenario's world and its valid write
    write = scenario(world)
    # when it is sent
    response = send(write)
    # then it succeeds and its body is exactly what the document declares
    assert 200 <= response.status_code < 300, response.content
    assert violations(served_document(api), operation, response.status_code, response.json()) == []


# --- (b) the main reads, and the answers of rarer shapes ------------------------------------------------


@dataclass(frozen=True)
class Answer:
    label: str
    operation: str  # "METHOD /path" as the document names it
    response: Any


def _get(client: Any, label: str, operation: str, path: str, **params: Any) -> Answer:
    return Answer(label, operation, client.get(path, **params))


def _upload(client: Any, path: str, name: str, content: bytes, content_type: str, **fields: str) -> Any:
    files = {"file": SimpleUploadedFile(name, content, content_type)}
    return client.client.post(PREFIX + path, {**fields, **files}, **client._headers())


def _employer_change(w: World, permit_no: str) -> None:
    """A Chaoyang unit takes over the permit without the former unit's cancellation (R-C01)."""
    newcomer, _, _ = w.unit("chaoyang")
    job = {"started_on": "2026-06-12", "contract_ends_on": "2030-12-31"}
    made = newcomer.post("/applications", {"type": "employer_change", "permit_no": permit_no,
                                           "left_previous_on": "2026-06-10", "starts_on": "2026-06-12",
                                           "employment": job})
    assert made.status_code == 201, made.content
    submitted = newcomer.post(f"/applications/{made.json()['id']}/submit")
    assert submitted.status_code == 200, submitted.content
    codes = [i["code"] for i in submitted.json()["checklist"] if i["required"]]
    passed = w.officials["chaoyang"].post(f"/applications/{made.json()['id']}/review",
                                          {"decision": "pass", "materials_received": codes})
    assert passed.status_code == 200 and passed.json()["status"] == "approved", passed.content


def answers(w: World) -> list[Answer]:
    """A world holding every kind of object the API answers with, and its answers: the main reads,
    and the writes whose answers take shapes the write scenarios do not (a refused permit number, a
    refused row)."""
    haidian, city = w.officials["haidian"], w.officials["city"]
    client, _, notice = w.notice()  # a unit with a reminder; its permit of 2023 since expired
    unit_id = notice.unit_id
    inspected = w.permit(client, issued_on="2026-03-01")
    w.clock("2026-04-15")  # in the season (R-I01): one good number, one unknown
    persons = client.post("/inspections/persons", {"permit_nos": [inspected, "BJ20269999999"]})
    w.clock("2026-06-15")
    _employer_change(w, w.permit(client))
    draft_id, _ = w.draft(client)
    copy = _upload(client, f"/applications/{draft_id}/documents", "学位证书.pdf", scan_pdf(),
                   "application/pdf", item_code="NEW-07")
    assert copy.status_code == 201, copy.content
    talent = new_application(clock.today())  # resting on R-P03(c) alone
    talent["person"].update(degree="none", title_level="none",
                            special_talent_justification="国家级科技奖励获得者")
    talent_id = client.post("/applications", {"type": "new", **talent}).json()["id"]
    person = new_application(clock.today())["person"]  # another person: the other sections missing
    incomplete_id = client.post("/applications", {"type": "new", "person": person}).json()["id"]
    approved = w.file_new_case(client)
    rows = [staff_row(clock.today()), staff_row(clock.today(), **{"person.id_number": "123"})]
    sheet = filled_template(client.get("/templates/staff-import.xlsx").content, rows)
    imported = _upload(client, "/applications/import", "staff.xlsx", sheet, writes.XLSX)
    w.penalty()  # a person's
    restricted = {"kind": "unit_negligent_review", "unit_id": unit_id, "note": "审核不严"}
    assert haidian.post("/penalties", restricted).status_code == 201
    started = haidian.post("/investigations", {"size": 1})  # one of the district's valid permits
    investigation_id, sampled = started.json()["id"], started.json()["permit_nos"][0]
    finding = {"permit_no": sampled, "outcome": "employed"}
    assert haidian.post(f"/investigations/{investigation_id}/findings", finding).status_code == 201
    pending, pending_id, _ = w.unit(active=False)
    return [
        Answer("inspection of a good and an unknown number", "POST /inspections/persons", persons),
        Answer("import of a good and a bad row", "POST /applications/import", imported),
        _get(client, "the unit, restricted", "GET /units/{unit_id}", f"/units/{unit_id}"),
        _get(pending, "a pending unit", "GET /units/{unit_id}", f"/units/{pending_id}"),
        _get(client, "the unit's cases", "GET /applications", "/applications"),
        _get(haidian, "the district's cases", "GET /applications", "/applications", limit=2),
        _get(city, "every case", "GET /applications", "/applications"),
        _get(client, "a draft with a copy", "GET /applications/{case_id}", f"/applications/{draft_id}"),
        _get(client, "a draft resting on R-P03(c)", "GET /applications/{case_id}",
             f"/applications/{talent_id}"),
        _get(client, "a draft missing sections", "GET /applications/{case_id}",
             f"/applications/{incomplete_id}"),
        _get(haidian, "an approved case", "GET /applications/{case_id}", f"/applications/{approved['id']}"),
        _get(client, "a draft's copies", "GET /applications/{case_id}/documents",
             f"/applications/{draft_id}/documents"),
        _get(client, "the unit's permits", "GET /permits", "/permits"),
        _get(city, "every permit", "GET /permits", "/permits"),
        _get(client, "a permit inspected this year", "GET /permits/{permit_no}", f"/permits/{inspected}"),
        _get(client, "the notices", "GET /notices", "/notices"),
        _get(client, "the notice preferences", "GET /notices/preferences", "/notices/preferences"),
        _get(haidian, "the penalties", "GET /penalties", "/penalties"),
        _get(city, "an investigation with a finding", "GET /investigations/{investigation_id}",
             f"/investigations/{investigation_id}"),
        _get(haidian, "the omitted cancellations", "GET /compliance/omitted-cancellations",
             "/compliance/omitted-cancellations"),
        *(_get(w.api, f"reference list {name}", "GET /reference/{name}", f"/reference/{name}")
          for name in ("districts", "entity-types", "shortage-catalogue")),
        _get(w.api, "window hours", "GET /window-hours", "/window-hours",
             **{"from": "2026-09-28", "to": "2026-10-09"}),
        _get(w.api, "a verification", "GET /verify", "/verify", permit_no=inspected, name="张伟"),
        _get(w.api, "a case's progress", "GET /progress", "/progress", number=approved["number"],
             name="张伟"),
        _get(client, "the account", "GET /auth/me", "/auth/me"),
    ]


def test_the_main_reads_answer_as_the_document_says(world, api):
    # given a world holding every kind of object, and the answers read from it
    found = answers(world)
    doc = served_document(api)
    # then each succeeds and its body is exactly what the document declares
    for answer in found:
        assert 200 <= answer.response.status_code < 300, (answer.label, answer.response.content)
        body = answer.response.json()
        assert violations(doc, answer.operation, answer.response.status_code, body) == [], answer.label
    # and the world showed the shapes worth checking: lists not empty, the optional keys present
    by = {a.label: a.response.json() for a in found}
    inspected = by["inspection of a good and an unknown number"]["results"]
    assert {k for r in inspected for k in r} >= {"status", "error"}
    imported = by["import of a good and a bad row"]["results"]
    assert {k for r in imported for k in r} >= {"application_id", "errors"}
    assert by["the unit, restricted"]["restrictions"]
    assert by["a draft resting on R-P03(c)"]["eligibility"]["needs_discretion"] == ["R-P03"]
    assert any("field" in f for f in by["a draft missing sections"]["eligibility"]["failures"])
    assert by["a draft with a copy"]["documents"] and by["a draft's copies"]["items"]
    assert by["a permit inspected this year"]["inspected_years"] == [2026]
    assert by["the notices"]["items"] and by["the penalties"]["items"]
    assert by["an investigation with a finding"]["findings"]
    assert by["the omitted cancellations"]["items"]
