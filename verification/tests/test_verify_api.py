"""R-S01: public verification (GET /api/v1/verify)."""

import datetime as dt
import logging

import pytest
from django.utils import timezone

from verification.tests.factories import make_permit

pytestmark = pytest.mark.django_db



def test_r_s01_valid_answers_only_the_listed_fields(api, clock):
    permit = make_permit("张三丰")
    response = api.get("/verify", permit_no=permit.permit_no, name="张三丰")
    assert response.status_code == 200
    assert response.json() == {
        "result": "valid",
        "permit_no": permit.permit_no,
        "holder_name_masked": "张**",
        "unit_name": "北京星河科技有限公司",
        "expiry_date": "2026-12-31",
    }


def test_r_s01_spaces_in_the_name_are_ignored(api, clock):
    permit = make_permit("欧阳娜娜")
    response = api.get("/verify", permit_no=f" {permit.permit_no} ", name="欧阳 娜娜\u3000")
    assert response.json()["holder_name_masked"] == "欧***"


@pytest.mark.parametrize("name", ["张三", "张三丰丰", "李四", "张*丰"])
def test_r_s01_wrong_name_is_not_found(api, clock, name):
    permit = make_permit("张三丰")
    response = api.get("/verify", permit_no=permit.permit_no, name=name)
    assert response.status_code == 404
    assert response.json()["result"] == "not_found"
    assert "holder_name_masked" not in response.json()


def test_r_s01_unknown_number_is_not_found(api, clock):
    response = api.get("/verify", permit_no="BJ0000000000", name="张三丰")
    assert response.status_code == 404
    assert response.json()["result"] == "not_found"


def test_r_s01_frozen(api, clock):
    permit = make_permit(frozen_at=timezone.now())
    assert api.get("/verify", permit_no=permit.permit_no, name="张三丰").json()["result"] == "frozen"


def test_r_s01_expired_then_lapsed(api, clock):
    permit = make_permit(expiry=dt.date(2026, 12, 31))
    clock("2027-01-15")  # past expiry, within the month of grace (R-V02)
    assert api.get("/verify", permit_no=permit.permit_no, name="张三丰").json()["result"] == "expired"
    clock("2027-02-01")  # past expiry + 1 month
    assert api.get("/verify", permit_no=permit.permit_no, name="张三丰").json()["result"] == "lapsed"


def test_r_s01_cancelled(api, clock):
    permit = make_permit(cancelled_at=timezone.now(), cancelled_on=dt.date(2026, 6, 1), cancel_reason="left")
    body = api.get("/verify", permit_no=permit.permit_no, name="张三丰").json()
    assert body["result"] == "cancelled"
    assert body["holder_name_masked"] == "张**"


def test_r_s01_old_card_version_is_superseded(api, clock):
    permit = make_permit(card_version=2)
    response = api.get("/verify", permit_no=permit.permit_no, name="张三丰", card_version=1)
    assert response.status_code == 200
    assert response.json() == {"result": "superseded", "permit_no": permit.permit_no}


def test_r_s01_current_card_version_answers_the_status(api, clock):
    permit = make_permit(card_version=2)
    response = api.get("/verify", permit_no=permit.permit_no, name="张三丰", card_version=2)
    assert response.json()["result"] == "valid"


def test_r_s01_card_version_never_issued_is_not_found(api, clock):
    permit = make_permit(card_version=2)
    response = api.get("/verify", permit_no=permit.permit_no, name="张三丰", card_version=3)
    assert response.status_code == 404


def test_r_s01_superseded_needs_the_right_name(api, clock):
    permit = make_permit(card_version=2)
    response = api.get("/verify", permit_no=permit.permit_no, name="李四", card_version=1)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"permit_no": "BJ1"},
        {"name": "张三丰"},
        {"permit_no": "", "name": "张三丰"},
        {"permit_no": "BJ1", "name": "张三丰", "card_version": "x"},
        {"permit_no": "BJ1", "name": "张三丰", "card_version": "0"},
    ],
)
def test_r_s01_missing_or_bad_params_are_400(api, params):
    response = api.get("/verify", **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_r_s01_61_requests_a_minute_are_all_answered(api, clock):
    permit = make_permit()
    statuses = [api.get("/verify", permit_no=permit.permit_no, name="张三丰").status_code for _ in range(61)]
    assert statuses == [200] * 61


def test_r_s01_past_the_limit_is_429(api, clock, settings):
    settings.RATELIMIT_VERIFY = "3/m"
    permit = make_permit()
    statuses = [api.get("/verify", permit_no=permit.permit_no, name="张三丰").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/verify", permit_no="BJ0", name="李四")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 429


def test_r_s01_the_limit_is_per_address(api, clock, settings):
    settings.RATELIMIT_VERIFY = "1/m"
    permit = make_permit()
    assert api.get("/verify", permit_no=permit.permit_no, name="张三丰").status_code == 200
    other = api.client.get(
        "/api/v1/verify", {"permit_no": permit.permit_no, "name": "张三丰"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 200


def test_r_s01_no_personal_data_in_logs(api, clock, caplog):
    permit = make_permit("张三丰")
    with caplog.at_level(logging.DEBUG):
        api.get("/verify", permit_no=permit.permit_no, name="张三丰")
        api.get("/verify", permit_no=permit.permit_no, name="李四")
    assert "张三丰" not in caplog.text
    assert "李四" not in caplog.text


def test_r_s01_answer_is_not_cached(api, clock):
    permit = make_permit()
    response = api.get("/verify", permit_no=permit.permit_no, name="张三丰")
    assert "no-store" in response["Cache-Control"]


def test_r_s01_behind_the_proxy_the_limit_is_per_client_not_per_proxy(api, clock, settings):
    """Behind nginx every request comes from the proxy's address; the limit follows the client's
    address that nginx sets (X-Real-IP) once CLIENT_IP_META_KEY names it (docs/operations.md)."""
    settings.RATELIMIT_VERIFY = "1/m"
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    permit = make_permit()
    query = {"permit_no": permit.permit_no, "name": "张三丰"}

    def verify(client_address: str) -> int:
        return api.client.get("/api/v1/verify", query, REMOTE_ADDR="127.0.0.1",
                              HTTP_X_REAL_IP=client_address).status_code

    assert [verify("203.0.113.7"), verify("203.0.113.7")] == [200, 429]
    assert verify("198.51.100.2") == 200  # another client behind the same proxy is not refused


def test_r_s01_a_forwarded_header_is_not_trusted_unless_configured(api, clock, settings):
    settings.RATELIMIT_VERIFY = "1/m"
    permit = make_permit()
    query = {"permit_no": permit.permit_no, "name": "张三丰"}
    codes = [api.client.get("/api/v1/verify", query, HTTP_X_REAL_IP=f"203.0.113.{i}").status_code
             for i in range(2)]
    assert codes == [200, 429]  # a client rotating the header does not escape the limit
