"""/office/queue.xlsx and /office/stats.xlsx: the queue shown (same filters) and the statistics as
workbooks — scoped, masked, official roles only, audited."""

import datetime as dt
import html
import io
import re

import pytest
from openpyxl import load_workbook

from audit.models import AuditEvent
from units.models import Unit

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(response, sheet=None):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = book[sheet] if sheet else book.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _numbers(response):
    return {row[0] for row in _rows(response)[1:]}


def _export_link(page):
    """The href of the page's "导出 Excel" link, as a browser would follow it."""
    assert page.status_code == 200
    link = r'<a class="button secondary" href="([^"]+)"[^>]*>导出 Excel</a>'
    match = re.search(link, page.content.decode())
    assert match, "no 导出 Excel link"
    return html.unescape(match.group(1))


@pytest.fixture
def cases(make_unit, file_new_case, clock):
    """Haidian: two submitted cases of 示例科技, one of 另一家, a draft and an approved case;
    Chaoyang: a submitted case."""
    clock("2026-06-15")
    client, _ = make_unit("haidian")
    other, other_id = make_unit("haidian")
    Unit.objects.filter(pk=other_id).update(name="北京另一家有限公司")
    chaoyang, _ = make_unit("chaoyang")
    return {
        "submitted": [file_new_case(client, until="submitted") for _ in range(2)],
        "other_unit": file_new_case(other, until="submitted"),
        "draft": file_new_case(client, until="draft"),
        "approved": file_new_case(client),
        "chaoyang": file_new_case(chaoyang, until="submitted"),
    }


def test_the_queue_page_links_its_export_which_holds_the_queue_shown(office, cases):
    href = _export_link(office["haidian"].get("/office/"))
    assert href == "/office/queue.xlsx?status=submitted"
    rows = _rows(office["haidian"].get(href))
    assert rows[0][:2] == ["办件编号", "业务类型"]
    mine = {c["number"] for c in cases["submitted"]} | {cases["other_unit"]["number"]}
    assert {r[0] for r in rows[1:]} == mine
    assert cases["chaoyang"]["number"] not in str(rows)  # another district
    assert cases["draft"]["number"] not in str(rows) and cases["approved"]["number"] not in str(rows)
    full = cases["submitted"][0]["data"]["person"]["id_number"]
    assert full not in str(rows)  # masked (R-S02)


def test_the_export_link_keeps_the_filters_of_the_page(office, cases):
    reviewer = office["haidian"]
    href = _export_link(reviewer.get("/office/", {"status": "submitted", "type": "new", "unit": "另一家"}))
    assert "type=new" in href and "unit=" in href
    assert _numbers(reviewer.get(href)) == {cases["other_unit"]["number"]}
    assert _numbers(reviewer.get("/office/queue.xlsx", {"unit": "示例科技"})) == {
        c["number"] for c in cases["submitted"]
    }
    assert _numbers(reviewer.get("/office/queue.xlsx", {"type": "renewal"})) == set()


def test_the_awaiting_collection_queue_exports_the_approved_cases_to_collect(office, cases):
    reviewer = office["haidian"]
    href = _export_link(reviewer.get("/office/", {"status": "awaiting_collection"}))
    assert _numbers(reviewer.get(href)) == {cases["approved"]["number"]}


def test_the_city_exports_its_queue_city_wide(office, cases, make_unit, file_new_case):
    chaoyang, _ = make_unit("chaoyang")
    passed = file_new_case(chaoyang, until="district_passed", reviewer="chaoyang")
    href = _export_link(office["city"].get("/office/"))
    assert _numbers(office["city"].get(href)) == {passed["number"]}


def test_the_stats_page_links_the_statistics_workbook_with_the_districts_counts(office, cases):
    href = _export_link(office["haidian"].get("/office/stats"))
    assert href == "/office/stats.xlsx"
    rows = _rows(office["haidian"].get(href), "办件统计")
    assert rows[0][:2] == ["统计日期", dt.datetime(2026, 6, 15)] and rows[1][:2] == ["统计范围", "海淀区"]
    header = rows[3]
    table = {(r[0], r[1]): dict(zip(header[2:], r[2:], strict=True)) for r in rows[4:]}
    new = table[("海淀区", "新办")]
    assert (new["草稿"], new["已提交（待初审）"], new["已批准"], new["合计"]) == (1, 3, 1, 5)
    assert not any(k[0] == "朝阳区" for k in table)
    permits = _rows(office["haidian"].get(href), "证件统计")
    by_district = {r[0]: dict(zip(permits[3][1:], r[1:], strict=True)) for r in permits[4:]}
    assert by_district["海淀区"]["有效"] == 1 and "朝阳区" not in by_district


def test_the_city_statistics_cover_every_district(office, cases):
    rows = _rows(office["city"].get("/office/stats.xlsx"), "办件统计")
    table = {(r[0], r[1]): r[-1] for r in rows[4:]}
    assert table[("海淀区", "新办")] == 5 and table[("朝阳区", "新办")] == 1 and table[("合计", "新办")] == 6


def test_a_unit_is_refused_and_a_visitor_sent_to_sign_in(unit_web, client):
    web, _, _ = unit_web()
    for path in ("/office/queue.xlsx", "/office/stats.xlsx"):
        assert web.get(path).status_code == 403
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login")
    assert not AuditEvent.objects.filter(action="export.downloaded").exists()


def test_each_download_is_audited_with_its_filters(office, cases):
    b"".join(office["haidian"].get("/office/queue.xlsx", {"status": "awaiting_collection"}).streaming_content)
    event = AuditEvent.objects.filter(action="export.downloaded").get()
    assert event.actor_username == "hd_reviewer" and event.object_id == "applications.xlsx"
    assert event.after == {"filters": {"status": "approved", "types": ["new", "replacement"]}}
    b"".join(office["city"].get("/office/stats.xlsx").streaming_content)
    event = AuditEvent.objects.filter(action="export.downloaded").latest("pk")
    assert event.actor_username == "city_approver" and event.object_id == "statistics.xlsx"
