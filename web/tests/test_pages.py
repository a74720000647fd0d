import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from verification.tests.factories import make_permit

pytestmark = pytest.mark.django_db


def test_home_explains_the_system_and_links_docs_and_verify(client, clock):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/api/v1/docs"' in html
    assert 'href="/verify"' in html
    for role in ["申请单位", "区人社局", "市人社局", "公众核验"]:
        assert role in html
    assert "9:00–12:00" in html  # R-W08 summary
    assert all(" src=" in tag for tag in html.split("<script")[1:])  # no inline script (CSP)


def test_r_w08_home_shows_the_coming_week(client, clock):
    clock("2026-09-30")
    html = client.get("/").content.decode()
    assert "10月1日" in html
    assert "不受理" in html


def test_verify_page_shows_an_empty_form(client):
    response = client.get("/verify")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="get"' in html
    assert 'name="permit_no"' in html and 'name="name"' in html
    assert '<label for="id_permit_no">' in html
    assert "验证结果" not in html


def test_r_s01_verify_page_valid_in_chinese(client, clock):
    permit = make_permit("张三丰")
    response = client.get("/verify", {"permit_no": permit.permit_no, "name": "张三丰"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "验证结果：有效" in html
    assert "张**" in html
    assert "北京星河科技有限公司" in html
    assert "2026年12月31日" in html
    assert "张三丰" not in html.replace('value="张三丰"', "")  # only echoed in the form field


@pytest.mark.parametrize(
    ("extra", "today", "label"),
    [
        ({"frozen_at": timezone.now()}, "2026-06-15", "冻结"),
        ({}, "2027-01-15", "已过期（可续签）"),
        ({}, "2027-02-01", "自然失效"),
        ({"cancelled_at": timezone.now()}, "2026-06-15", "已注销"),
    ],
)
def test_r_s01_verify_page_states_in_chinese(client, clock, extra, today, label):
    permit = make_permit("张三丰", **extra)
    clock(today)
    html = client.get("/verify", {"permit_no": permit.permit_no, "name": "张三丰"}).content.decode()
    assert f"验证结果：{label}" in html


def test_r_s01_verify_page_not_found(client, clock):
    permit = make_permit("张三丰")
    html = client.get("/verify", {"permit_no": permit.permit_no, "name": "李四"}).content.decode()
    assert "验证结果：未找到" in html
    assert "北京星河科技有限公司" not in html


def test_verify_page_missing_field_shows_an_error(client):
    html = client.get("/verify", {"permit_no": "BJ1"}).content.decode()
    assert 'aria-invalid="true"' in html
    assert "验证结果" not in html


def test_r_s01_verify_page_is_rate_limited_like_the_api(client, clock, settings):
    settings.RATELIMIT_VERIFY = "2/m"
    permit = make_permit("张三丰")
    params = {"permit_no": permit.permit_no, "name": "张三丰"}
    assert client.get("/api/v1/verify", params).status_code == 200
    assert client.get("/verify", params).status_code == 200
    response = client.get("/verify", params)
    assert response.status_code == 429
    assert "查询过于频繁" in response.content.decode()


def test_stylesheet_is_found_and_linked(client):
    assert finders.find("css/site.css")
    assert 'href="/static/css/site.css"' in client.get("/verify").content.decode()
