"""GET /exports/{permits,applications,statistics}.xlsx — scoped, masked (R-S02), audited, streamed."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from audit.models import AuditEvent
from core.crypto import mask_id

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def _rows(response, sheet=None):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = book[sheet] if sheet else book.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.fixture
def world(make_unit, file_new_case, clock):
    """Two Haidian units and a Chaoyang unit, each holding one permit and one open draft."""
    clock(TODAY)
    out = {}
    for key, district in (("a", "haidian"), ("b", "haidian"), ("c", "chaoyang")):
        client, unit_id = make_unit(district)
        case = file_new_case(client, reviewer=district)
        draft = file_new_case(client, until="draft")
        out[key] = {"client": client, "case": case, "draft": draft, "unit_id": unit_id}
    return out


def test_r_s02_a_unit_exports_its_own_permits_masked(world):
    a, b = world["a"], world["b"]
    rows = _rows(a["client"].get("/exports/permits.xlsx"))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["证件编号", "状态", "状态代码", "持证人姓名", "身份证号码（脱敏）"]
    assert [r[0] for r in body] == [a["case"]["permit_no"]]
    full = a["case"]["data"]["person"]["id_number"]
    assert body[0][4] == mask_id(full) and full not in str(rows)
    assert body[0][1:3] == ["有效", "valid"] and body[0][header.index("有效期至")] == dt.datetime(2029, 6, 15)
    assert b["case"]["permit_no"] not in str(rows)


def test_r_s02_applications_export_is_scoped_to_the_district_and_masked(world, officials):
    rows = _rows(officials["haidian"].get("/exports/applications.xlsx"))
    numbers = {r[0] for r in rows[1:]}
    mine = {world[k][c]["number"] for k in ("a", "b") for c in ("case", "draft")}
    assert numbers == mine
    assert world["c"]["case"]["number"] not in numbers
    ids = [r[rows[0].index("身份证号码（脱敏）")] for r in rows[1:]]
    assert all("*" in i for i in ids)
    for k in ("a", "b"):
        assert world[k]["draft"]["data"]["person"]["id_number"] not in str(rows)


def test_an_officials_queue_by_status_and_the_city_sees_all(world, officials):
    queue = _rows(officials["city"].get("/exports/applications.xlsx", status="draft"))
    assert {r[0] for r in queue[1:]} == {world[k]["draft"]["number"] for k in "abc"}
    permits = _rows(officials["city"].get("/exports/permits.xlsx"))
    assert len(permits) == 4


def test_statistics_by_district_type_and_status_within_scope(world, officials):
    rows = _rows(officials["haidian"].get("/exports/statistics.xlsx"), "办件统计")
    assert rows[0][:2] == ["统计日期", dt.datetime(2026, 6, 15)] and rows[1][:2] == ["统计范围", "海淀区"]
    header = rows[3]
    table = {(r[0], r[1]): dict(zip(header[2:], r[2:], strict=True)) for r in rows[4:]}
    assert table[("海淀区", "新办")]["已批准"] == 2 and table[("海淀区", "新办")]["草稿"] == 2
    assert table[("合计", "新办")]["合计"] == 4 and not any(k[0] == "朝阳区" for k in table)
    permits = _rows(officials["city"].get("/exports/statistics.xlsx"), "证件统计")
    by_district = {r[0]: dict(zip(permits[3][1:], r[1:], strict=True)) for r in permits[4:]}
    assert by_district["海淀区"]["有效"] == 2 and by_district["朝阳区"]["有效"] == 1
    assert by_district["合计"]["合计"] == 3


def test_roles(world, officials):
    unit = world["a"]["client"]
    assert unit.get("/exports/statistics.xlsx").status_code == 403
    for path in ("/exports/permits.xlsx", "/exports/applications.xlsx", "/exports/statistics.xlsx"):
        assert officials["admin"].get(path).status_code == 403


def test_every_export_is_audited_with_its_filters(world, officials):
    officials["haidian"].get("/exports/applications.xlsx", status="submitted")
    event = AuditEvent.objects.filter(action="export.downloaded").get()
    assert event.object_id == "applications.xlsx" and event.after == {"filters": {"status": "submitted"}}


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        b"".join(response.streaming_content)
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(world, officials, file_new_case):
    city = officials["city"]
    before = {p: _queries(city, p) for p in ("/exports/permits.xlsx", "/exports/applications.xlsx")}
    for _ in range(3):
        file_new_case(world["a"]["client"])
    after = {p: _queries(city, p) for p in before}
    assert after == before
