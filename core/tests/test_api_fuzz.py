"""The security review's fuzzing, kept in `make test` (issue 10, defect 7): Schemathesis generates
requests for every operation of the served OpenAPI document — valid ones and invalid ones — and
sends them as each role and anonymously to the live server over demo data; every answer must keep
to the document: no 5xx, no status it does not declare, no other content type, no other shape, and
no invalid request accepted (the review's `enabled: 0`).

Bounded and repeatable: Schemathesis's coverage phase (deterministic: each field's boundaries, each
field of a wrong type, missing or unexpected, a body of another content type, no token) and
`EXAMPLES` random valid and invalid cases per operation from its fuzzing phase (derandomized, no
shrinking), generated once and sent as every actor; the valid ones with a path are sent again
naming things that exist. About 1,100–1,600 requests per actor; the figures are printed
(`pytest -s`) for docs/security.md."""

import contextlib
import functools
import os
import time
from collections import Counter
from typing import Any

import pytest
import requests
from django.core.management import call_command
from django.test.testcases import QuietWSGIRequestHandler
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable

EXAMPLES = 4  # per operation and generation mode
ACTORS = {
    "anonymous": None,
    "unit": "demo_haidian",
    "district_reviewer": "haidian_reviewer",
    "city_approver": "city_approver",
    "admin": "admin",
    "auditor": "demo_auditor",
}
LAST = ("POST", "/api/v1/auth/logout")  # revokes the actor's token: sent after everything else


def _demo(live_url: str) -> dict[str, str | None]:
    """`make run`'s demo data (both districts, cases in every status, permits), an auditor, and
    what the demo lacks for some paths: a penalty, an investigation, an uploaded copy. A bearer
    token for each actor."""
    from accounts.actor import Actor
    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import official_create
    from cases.models import Case
    from cases.services import checklist
    from core import clock
    from documents.uploads import document_upload
    from enforcement.services import investigation_start, penalty_impose
    from ops.demo import photo
    from ops.management.commands.load_demo import OFFICIAL_PASSWORD, UNIT_PASSWORD
    from permits.models import Permit

    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
    official_create(username="demo_auditor", password=OFFICIAL_PASSWORD, role=Role.AUDITOR)
    reviewer, operator = (User.objects.get(username=u) for u in ("haidian_reviewer", "demo_haidian"))
    holder = Permit.objects.select_related("holder").order_by("pk").first().holder  # type: ignore[union-attr]
    penalty_impose(Actor(reviewer, reviewer.role), kind="person_false_materials", note="演示",
                   id_number=holder.id_number)
    investigation_start(Actor(reviewer, reviewer.role), size=2)
    draft = Case.objects.filter(unit=operator.unit, status="draft").order_by("pk").first()
    assert draft is not None
    code = checklist(draft, clock.today())[0].code
    document_upload(Actor(operator, operator.role), draft.pk, item_code=code, filename="copy.png",
                    content=photo(fmt="PNG"))
    tokens: dict[str, str | None] = {}
    for actor, username in ACTORS.items():
        if username is None:
            tokens[actor] = None
            continue
        password = UNIT_PASSWORD if actor == "unit" else OFFICIAL_PASSWORD
        answer = requests.post(f"{live_url}/api/v1/auth/token",
                               json={"username": username, "password": password}, timeout=30)
        assert answer.status_code == 200, answer.text
        tokens[actor] = answer.json()["token"]
    return tokens


def real_path_values() -> dict[str, list[Any]]:
    """Path parameters that name things in the database, by parameter name."""
    from cases.models import Case
    from documents.models import CaseDocument
    from documents.templates import TEMPLATES
    from notices.models import Notice
    from penalties.models import Investigation, Penalty
    from permits.models import Permit
    from reference.selectors import LISTS
    from units.models import Unit
    from verification import signing

    def pks(model: Any) -> list[Any]:
        return list(model.objects.order_by("pk").values_list("pk", flat=True))

    permits = list(Permit.objects.order_by("pk"))
    documents = list(CaseDocument.objects.order_by("pk").values_list("pk", "case_id"))
    return {
        "case_id": pks(Case),
        "unit_id": pks(Unit),
        "permit_no": [p.permit_no for p in permits],
        "notice_id": pks(Notice),
        "penalty_id": pks(Penalty),
        "investigation_id": pks(Investigation),
        "document_id": [pk for pk, _ in documents],
        "document_case_id": [case_id for _, case_id in documents],
        "name": [*LISTS, *TEMPLATES],
        "token": [signing.sign(p.permit_no, p.card_version, p.expiry_date) for p in permits[:3]],
    }


def on_real_objects(case: Any, real: dict[str, list[Any]], index: int) -> Any | None:
    """A valid case again, its path naming things that exist (random ids are almost all 404)."""
    from schemathesis import GenerationMode

    if not case.path_parameters or case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return None
    params = {name: values[index % len(values)] if (values := real.get(name)) else value
              for name, value in case.path_parameters.items()}
    if "document_id" in params and real["document_id"]:  # the copy of that case
        params["case_id"] = real["document_case_id"][index % len(real["document_id"])]
    return case.operation.Case(path_parameters=params, headers=dict(case.headers), query=case.query,
                               body=case.body, media_type=case.media_type,
                               multipart_content_types=case.multipart_content_types)


@functools.cache
def generated_cases(schema_url: str, examples: int = EXAMPLES) -> list[Any]:
    """Every operation's cases, the same on every run: its coverage-phase cases, then random valid
    and invalid ones from the fuzzing phase (none invalid where there is nothing to make invalid)."""
    import schemathesis
    from schemathesis import GenerationMode
    from schemathesis.generation.drivers import CoverageGenerator
    from schemathesis.generation.feedback import FeedbackSources
    from schemathesis.generation.overrides import Override

    schema = schemathesis.openapi.from_url(schema_url)
    operations = sorted((op.ok() for op in schema.get_all_operations()),
                        key=lambda op: ((op.method.upper(), op.path) == LAST, op.path, op.method))
    budget = settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                      phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    cases: list[Any] = []

    def collect(case: Any) -> None:
        cases.append(case)

    for operation in operations:
        cases += CoverageGenerator(
            operation=operation, generation_modes=modes, auth_storage=None, override=Override(),
            generation_config=schema.config.generation_for(operation=operation),
            feedback=FeedbackSources(),
        )
        for mode in modes:
            with contextlib.suppress(Unsatisfiable):  # e.g. a path parameter of free text only
                budget(given(case=operation.as_strategy(generation_mode=mode))(collect))()
    return cases


def _phase(case: Any) -> str:
    return case.meta.phase.name.value if case.meta else ""


def _signed_in_only(case: Any) -> bool:
    return bool(case.operation.definition.raw.get("security"))


def _let_in(case: Any, role: str | None) -> bool:
    """Whether `@allow` lets the role call the case's operation (no `@allow`: every actor)."""
    from config.api import api

    view = api.operations_by_id()[case.operation.definition.raw["operationId"]].view_func
    allowed = getattr(view, "allowed_roles", None)
    return allowed is None or role in {r.value for r in allowed}


def _skipped(case: Any, role: str | None) -> bool:
    """Cases that would repeat, for this actor, an answer another actor already checks."""
    probe = case.method.upper() != case.operation.method.upper()
    if probe:
        return role is not None  # a method the path lacks: 405 before any sign-in; probed anonymously
    if _phase(case) != "coverage":
        return False
    if role is None:
        return _signed_in_only(case)  # each the same 401, answered before the request is read
    # a role the operation refuses: a malformed body is the same 400 for every role, a good one 403
    return case.meta.generation.mode.value == "negative" and not _let_in(case, role)


def fuzz(live_url: str, token: str | None, role: str | None = None,
         examples: int = EXAMPLES) -> dict[str, Any]:
    """Send every generated case with the actor's token; the figures and every failure seen."""
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.failures import FailureGroup
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        negative_data_rejection,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance, negative_data_rejection]
    cases = generated_cases(f"{live_url}/api/v1/openapi.json", examples)
    real = real_path_values()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    session = requests.Session()
    statuses: Counter[int] = Counter()
    failures: dict[str, str] = {}
    for index, generated in enumerate(cases):
        if _skipped(generated, role):
            continue
        for case in (generated, on_real_objects(generated, real, index)):
            if case is None:
                continue
            response = case.call(base_url=live_url, session=session, headers=headers, timeout=60)
            statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=checks, headers=headers)
            except FailureGroup as group:
                meta = generated.meta
                origin = f"{_phase(generated)} {meta.generation.mode.value}" if meta else "?"
                origin += ", real path" if case is not generated else ""
                for failure in group.exceptions:
                    key = f"{case.operation.method.upper()} {case.operation.path} [{origin}]: {failure.title}"
                    failures.setdefault(key, f"{response.status_code} {case.formatted_path} "
                                             f"{failure.message}"[:500])
    return {
        "requests": sum(statuses.values()),
        "server_errors": sum(n for status, n in statuses.items() if status >= 500),
        "statuses": dict(sorted(statuses.items())),
        "failures": failures,
    }


@pytest.fixture
def fast_live_server(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The live server without Nagle's algorithm: it writes a response's headers and body apart,
    and the client's delayed ACK would hold each answer ~40 ms."""
    monkeypatch.setattr(QuietWSGIRequestHandler, "disable_nagle_algorithm", True)
    return live_server


@pytest.mark.parametrize("actor", list(ACTORS))
def test_every_operation_keeps_to_the_openapi_document(actor, fast_live_server):
    # given demo data and the actor's token
    tokens = _demo(fast_live_server.url)
    started = time.monotonic()
    # when Schemathesis's cases for every operation are sent as that actor
    result = fuzz(fast_live_server.url, tokens[actor], None if actor == "anonymous" else actor)
    # then no answer is a 5xx or strays from the document
    print(f"\nfuzz {actor}: {result['requests']} requests in {time.monotonic() - started:.0f} s, "
          f"{result['server_errors']} 5xx, {len(result['failures'])} violations; "
          f"statuses {result['statuses']}")
    for key, message in result["failures"].items():
        print(f"  {key}\n    {message}")
    assert result["server_errors"] == 0
    assert not result["failures"], "\n".join(result["failures"])
