"""Security decision 6 (responses carrying personal data are `Cache-Control: no-store`) and
decision 10 (request bodies capped: 1 MB, 10 MB for uploads; too big is a problem+json 413)."""

import json

import pytest
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from accounts.models import User
from accounts.roles import Role
from audit.models import AuditEvent
from core.middleware import MULTIPART_OVERHEAD, BodyLimitMiddleware

PASSWORD = "Unit-pass-2026"
MB = 1024 * 1024



@pytest.fixture
def signed_in(api):
    User.objects.create_user(username="acme_hr", password=PASSWORD, role=Role.UNIT)
    return api.as_user("acme_hr", PASSWORD)


# --- decision 6 ---------------------------------------------------------------------------------

def test_d6_an_authenticated_api_response_is_no_store(signed_in):
    response = signed_in.get("/auth/me")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_d6_the_token_response_is_no_store(api, signed_in):
    response = api.post("/auth/token", {"username": "acme_hr", "password": PASSWORD})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_d6_an_error_response_is_no_store(api, db):
    assert api.get("/auth/me")["Cache-Control"] == "no-store"


# --- decision 10 --------------------------------------------------------------------------------

def _json_of_size(size: int) -> str:
    body = json.dumps({"username": "acme_hr", "password": "", "otp": None})
    return body[:-1] + ', "padding": "' + "x" * (size - len(body) - 15) + '"}'


@pytest.mark.django_db
def test_d10_a_json_body_over_1_mb_gets_a_problem_413():
    body = _json_of_size(int(1.1 * MB))
    assert len(body) > MB
    response = Client().post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 413
    assert {"type", "title", "detail", "errors"} <= problem.keys()
    # refused before anything read it: no sign-in attempt, no audit row
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_d10_a_json_body_just_under_1_mb_reaches_the_endpoint():
    body = _json_of_size(MB - 100)
    response = Client().post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 401  # an ordinary wrong-credentials answer


@pytest.mark.django_db
def test_d10_an_upload_over_1_mb_is_not_refused_by_the_body_cap():
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * int(1.5 * MB), "application/pdf")
    response = Client().post("/api/v1/no-such-upload-endpoint", {"file": upload})
    assert response.status_code == 404  # passed the cap, then found no endpoint


@pytest.mark.django_db
def test_d10_an_upload_sent_to_a_json_endpoint_is_still_capped_at_1_mb():
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * int(1.5 * MB), "application/pdf")
    response = Client().post("/api/v1/auth/token", {"file": upload})
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_d10_an_upload_over_10_mb_gets_a_problem_413():
    upload = SimpleUploadedFile("scan.pdf", b"0" * (10 * MB + MULTIPART_OVERHEAD + 1), "application/pdf")
    response = Client().post("/api/v1/applications/1/photo", {"file": upload})
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_d10_a_too_big_form_outside_the_api_gets_a_plain_413():
    response = Client().post("/admin/login/", "x" * (MB + 1),
                             content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain")


def test_d10_a_body_found_too_big_while_a_view_reads_it_becomes_a_problem_413():
    request = RequestFactory().post("/api/v1/anything", "{}", content_type="application/json")
    middleware = BodyLimitMiddleware(lambda r: None)  # type: ignore[arg-type, return-value]
    response = middleware.process_exception(request, RequestDataTooBig("too big"))
    assert response is not None and response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert middleware.process_exception(request, ValueError("other")) is None


def test_d10_a_malformed_content_length_is_400():
    request = RequestFactory().post("/api/v1/auth/token", "{}", content_type="application/json")
    request.META["CONTENT_LENGTH"] = "lots"
    response = BodyLimitMiddleware(lambda r: None)(request)  # type: ignore[arg-type, return-value]
    assert response.status_code == 400
