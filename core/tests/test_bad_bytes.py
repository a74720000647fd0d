"""Security decision 20: bad bytes are bad input — 400/415 problem+json, never 500."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

PROBLEM = "application/problem+json"


def _fields(response):
    return [e.get("field") for e in response.json()["errors"]]


@pytest.mark.django_db
def test_d20_nul_in_a_public_query_parameter_is_a_400_naming_it():
    response = Client().get("/api/v1/verify", {"permit_no": "BJ\x00", "name": "x"})
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert _fields(response) == ["permit_no"]


@pytest.mark.django_db
def test_d20_nul_in_a_json_field_is_a_400_naming_it_and_nothing_is_written():
    users = get_user_model().objects.count()
    response = Client().post("/api/v1/auth/token", json.dumps({"username": "a\x00b", "password": "x"}),
                             content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert _fields(response) == ["username"]
    assert get_user_model().objects.count() == users


@pytest.mark.django_db
def test_d20_a_control_character_deep_in_json_is_named_by_its_path():
    body = {"person": {"name": "张\x00伟"}, "items": [{"note": "ok\x1b"}], "memo": "tab\tand\nnewline"}
    response = Client().post("/api/v1/auth/token", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert _fields(response) == ["person.name", "items.0.note"]


@pytest.mark.django_db
def test_d20_a_json_body_sent_as_text_plain_is_a_415():
    response = Client().post("/api/v1/auth/token", json.dumps({"username": "a", "password": "b"}),
                             content_type="text/plain")
    assert response.status_code == 415
    assert response["Content-Type"] == PROBLEM


@pytest.mark.django_db
def test_d20_a_json_body_sent_as_a_form_is_a_415():
    response = Client().post("/api/v1/auth/token", "username=a&password=b",
                             content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


@pytest.mark.django_db
def test_d20_nul_in_a_form_field_is_a_400_naming_it():
    response = Client().post("/api/v1/auth/token", "username=a%00b",
                             content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert _fields(response) == ["username"]


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_d20_multipart_without_a_boundary_is_a_problem_400(settings, make_unit, debug):
    unit, _ = make_unit()
    settings.DEBUG = debug
    unit.client.raise_request_exception = False
    response = unit.client.post("/api/v1/applications/import", b"--x\r\n",
                                content_type="multipart/form-data", **unit._headers())
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM


@pytest.mark.django_db
def test_d20_a_web_page_with_nul_in_its_query_gets_the_site_400_page():
    response = Client().get("/admin/login/", {"next": "/\x00"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请求有误" in page and "Bad Request" not in page  # the site's page, in Chinese
    english = Client().get("/verify", {"name": "x\x00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400 and "Bad request" in english.content.decode()
