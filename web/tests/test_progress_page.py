"""办件进度查询 for people (/progress): the same read, the same no-oracle answer and the same rate
limit as `GET /api/v1/progress`; the applicant's name shown only masked (R-S01)."""

import pytest

pytestmark = pytest.mark.django_db

HOLDER = "张伟"


def _page(client, number, name=HOLDER, **extra):
    response = client.get("/progress", {"number": number, "name": name}, **extra)
    return response, response.content.decode()


def test_the_empty_form_asks_for_the_number_and_the_name(client):
    html = client.get("/progress").content.decode()
    assert "<h1>办件进度查询</h1>" in html
    assert 'name="number"' in html and 'name="name"' in html
    assert "查询结果" not in html and "办理进度：" not in html


def test_a_ready_card_shows_the_steps_the_window_and_the_masked_name(held, client):
    response, html = _page(client, held.case["number"])
    assert response.status_code == 200
    assert "办理进度：已批准" in html
    for label in ("提交", "初审", "审批", "可取证", "领证"):
        assert f'<span class="step-name">{label}</span>' in html
    assert "办结" not in html  # a new case ends with the card, not with 办结
    assert html.count("已完成") == 4 and 'aria-current="step"' in html
    assert "可以领证" in html and "海淀区人事局调配科" in html and "窗口最近开放时间" in html
    assert "<dd>张*</dd>" in html
    body = html[html.index('class="result'):]  # the answer, not the form's echo of what was typed
    assert HOLDER not in body


def test_a_wrong_name_reads_like_an_unknown_number(held, client):
    wrong = _page(client, held.case["number"], "张三")
    unknown = _page(client, "XB2026061599999", "张三")
    assert wrong[0].status_code == unknown[0].status_code == 200
    result = [html[html.index('class="result'):] for _, html in (wrong, unknown)]
    assert result[0] == result[1] and "查询结果：未找到" in result[0]
    assert "XB" not in result[0]


def test_the_page_reads_the_number_as_people_type_it(held, client):
    _, html = _page(client, " " + held.case["number"].lower())
    assert "办理进度：已批准" in html


def test_an_empty_name_is_a_field_error_and_no_lookup(held, client, settings):
    settings.RATELIMIT_VERIFY = "1/m"
    html = client.get("/progress", {"number": held.case["number"], "name": " "}).content.decode()
    assert 'aria-invalid="true"' in html and 'class="result' not in html
    assert _page(client, held.case["number"])[0].status_code == 200  # the budget was not spent


def test_the_number_alone_fills_the_form_in(held, client):
    html = client.get("/progress", {"number": held.case["number"]}).content.decode()
    assert f'value="{held.case["number"]}"' in html
    assert 'aria-invalid="true"' not in html and 'class="result' not in html


def test_the_unit_case_page_says_where_to_look_the_progress_up(held, client):
    from accounts.models import User

    client.force_login(User.objects.get(unit_id=held.unit_id))
    html = client.get(f"/unit/cases/{held.case['id']}").content.decode()
    assert "进度查询" in html
    assert f'<a href="/progress?number={held.case["number"]}">http://testserver/progress</a>' in html


def test_the_page_shares_the_apis_rate_limit(held, client, settings):
    settings.RATELIMIT_VERIFY = "2/m"
    assert client.get("/api/v1/progress", {"number": held.case["number"], "name": HOLDER}).status_code == 200
    assert _page(client, held.case["number"])[0].status_code == 200
    response, html = _page(client, held.case["number"])
    assert response.status_code == 429 and "查询过于频繁" in html and "办理进度：" not in html
    assert client.get("/api/v1/progress", {"number": held.case["number"], "name": HOLDER}).status_code == 429


def test_the_page_in_english(held, client):
    response, html = _page(client, held.case["number"], HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in html
    for text in ("Case progress", "Case number", "Submit", "Preliminary review", "Ready for collection",
                 "The application has been approved", "next open"):
        assert text in html, text
    for text in ("办件进度查询", "办理进度", "已完成", "可以领证"):
        assert text not in html, text


def test_the_navigation_links_the_page(client):
    assert '<a href="/progress"' in client.get("/").content.decode()
