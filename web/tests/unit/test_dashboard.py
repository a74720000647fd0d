"""The dashboard of what needs the unit's attention, at the boundary dates of each deadline, and
its restrictions explained in plain words with the rule behind them."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from cases.tests.support import pass_employer_change
from notices.models import Notice
from notices.sweep import renewal_window_open
from ops.demo import new_application
from units.sweep import freeze_units
from web.tests.unit.support import html, relogin

pytestmark = pytest.mark.django_db


def _dashboard(client):
    response = client.get("/unit/")
    assert response.status_code == 200
    return html(response)


def _renewals(page):
    """The renewals block only (a card never collected is listed under 可领证 too)."""
    return page.split('id="renew-title"')[1].split("</section>")[0]


def test_r_u03_pending_unit_is_told_what_to_bring_to_which_window(portal, clock):
    client, _, _ = portal(active=False)
    page = _dashboard(client)
    assert "单位注册待核验" in page
    assert "R-U03" in page
    for code in ["REG-01", "REG-02", "REG-03"]:
        assert code in page
    assert "海淀区办理窗口" in page


def test_r_u05_frozen_unit_is_explained(portal, clock):
    client, unit_id, _ = portal()
    year = timezone.now().year + 1  # the unit was verified before 1 April of next year
    clock(f"{year}-05-02")
    assert freeze_units(dt.date(year, 5, 2)) == 1
    relogin(client, unit_id)  # freezing ended the session
    page = _dashboard(client)
    assert "单位账户已冻结" in page
    assert "R-U05" in page and "R-I04" in page
    assert "营业执照原件" in page


@pytest.mark.parametrize(
    ("kind", "title", "rules"),
    [
        ("unit_review_failure", "新办申请权限已暂停", ["R-U06", "R-B04"]),
        ("unit_negligent_review", "新办申请权限已暂停", ["R-U06", "R-B02"]),
        ("unit_false_declaration", "已被取消申报资格", ["R-U07", "R-B03"]),
    ],
)
def test_r_u06_r_u07_restrictions_in_plain_words(portal, clock, officials, kind, title, rules):
    client, unit_id, _ = portal()
    made = officials["city"].post("/penalties", {"kind": kind, "unit_id": unit_id, "note": "抽查发现问题"})
    assert made.status_code == 201, made.content
    page = _dashboard(client)
    assert title in page
    for rule_id in rules:
        assert rule_id in page
    assert "抽查发现问题" in page


def test_r_u04_branch_sees_its_cap(portal, clock):
    client, _, _ = portal(entity_type="branch")
    page = _dashboard(client)
    assert "不超过5人" in page and "R-U04" in page


def test_r_b04_supplement_request_with_what_is_missing_and_the_last_day(
    portal, clock, officials, file_new_case
):
    client, _, api = portal()
    clock("2026-06-15")
    case = file_new_case(api, until="submitted")
    asked = officials["haidian"].post(
        f"/applications/{case['id']}/review",
        {"decision": "request_supplement", "missing": ["NEW-07", "NEW-08"], "note": "请补交"},
    )
    assert asked.status_code == 200
    page = _dashboard(client)
    assert case["number"] in page
    assert "NEW-07" in page and "NEW-08" in page
    assert "请在2026年9月15日前补正（还剩92天）" in page  # 3 months exactly is still in time
    clock("2026-09-15")
    assert "还剩0天" in _dashboard(client)
    clock("2026-09-20")
    late = _dashboard(client)
    assert "已超期 5 天" in late and "还剩-" not in late


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-05-14", "2026-05-15起可以续签"),
        ("2026-05-15", "可以续签，截止2026-07-15"),
        ("2026-07-15", "可以续签，截止2026-07-15"),
    ],
)
def test_r_r01_renewal_window_opens_one_month_before_expiry(portal, clock, file_new_case, today, expected):
    client, _, api = portal()
    clock("2023-06-15")
    permit = file_new_case(api, until="approved")["permit_no"]  # expires 2026-06-15
    clock(today)
    page = _dashboard(client)
    assert permit in page
    assert expected in page


def test_permits_expiring_later_than_three_months_are_not_listed(portal, clock, file_new_case):
    client, _, api = portal()
    clock("2023-06-15")
    permit = file_new_case(api, until="approved")["permit_no"]
    clock("2026-03-14")
    assert permit not in _renewals(_dashboard(client))
    clock("2026-03-15")
    assert permit in _renewals(_dashboard(client))


def test_r_c01_cancellation_clock_of_a_draft(portal, clock, file_new_case):
    client, _, api = portal()
    clock("2026-01-05")
    permit = file_new_case(api, until="approved")["permit_no"]
    clock("2026-06-10")
    assert (
        api.post(
            "/applications", {"type": "cancellation", "permit_no": permit, "left_on": "2026-06-10"}
        ).status_code
        == 201
    )
    clock("2026-06-15")
    page = _dashboard(client)
    assert "须在2026年6月15日前提交（还剩0天）" in page and "R-C01" in page
    clock("2026-06-16")
    assert "已超过期限（2026年6月15日）" in _dashboard(client)


def test_r_e01_employer_change_clock_of_a_draft(portal, clock, file_new_case):
    former, _, former_api = portal()
    client, _, api = portal()
    clock("2026-01-05")
    permit = file_new_case(former_api, until="approved")["permit_no"]
    clock("2026-06-01")
    body = {
        "type": "employer_change",
        "permit_no": permit,
        "left_previous_on": "2026-05-01",
        "starts_on": "2026-06-01",
    }
    assert api.post("/applications", body).status_code == 201
    clock("2026-06-30")
    page = _dashboard(client)
    assert "须在2026年6月30日前提交（还剩0天）" in page and "R-E01" in page
    clock("2026-07-01")
    assert "已超过期限（2026年6月30日）" in _dashboard(client)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-03-31", "还有1天开始"),
        ("2026-04-01", "年检期进行中，5月1日截止（还剩30天）"),
        ("2026-05-01", "年检期进行中，5月1日截止（还剩0天）"),
        ("2026-05-02", "今年的年检期（4月1日至5月1日）已结束"),
    ],
)
def test_r_i01_inspection_season_on_the_dashboard(portal, clock, today, expected):
    client, _, _ = portal()
    clock(today)
    page = _dashboard(client)
    assert expected in page
    assert ('href="/unit/inspection"' in page.split("年检</h2>")[1]) == ("进行中" in expected)


def test_latest_reminders_and_unread_count(portal, clock, file_new_case):
    client, unit_id, api = portal()
    clock("2023-06-15")
    permit = file_new_case(api, until="approved")["permit_no"]
    Notice.objects.filter(unit_id=unit_id).update(read_at=timezone.now())  # the approval's, read
    clock("2026-05-20")
    assert renewal_window_open(dt.date(2026, 5, 20)) == 1
    page = _dashboard(client)
    assert f"工作居住证可以续签了（{permit}）" in page
    assert "<strong>1</strong> 条未读提醒" in page


def test_draft_counts(portal, clock):
    client, _, api = portal()
    assert (
        api.post("/applications", {"type": "new", **new_application(dt.date(2026, 6, 15))}).status_code == 201
    )
    assert "<strong>1</strong> 件草稿" in _dashboard(client)


def test_each_case_counter_counts_what_its_link_lists(portal, clock, file_new_case):
    client, _, api = portal()
    submitted = file_new_case(api, until="submitted")
    passed = file_new_case(api, until="district_passed")
    page = _dashboard(client)
    counters = page.split('class="counters"')[1].split("</ul>")[0]
    expected = [("submitted", "件待初审", submitted), ("district_passed", "件待审批", passed)]
    for status, label, case in expected:
        link = f'<a href="/unit/cases?status={status}"><strong>1</strong> {label}</a>'
        assert link in counters
        listed = html(client.get("/unit/cases", {"status": status}))
        assert case["number"] in listed
        assert listed.count('<th scope="row"><a href="/unit/cases/') == 1


def _verified_on(unit_id: int, day: str) -> None:
    from core.clock import SHANGHAI
    from units.models import Unit

    verified = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(10), tzinfo=SHANGHAI)
    Unit.objects.filter(pk=unit_id).update(verified_at=verified)


def _season_panel(client) -> str:
    return _dashboard(client).split('id="season-title"')[1].split("</section>")[0]


def test_r_i02_r_i03_nothing_to_inspect_says_so_and_warns_of_no_freezing(portal, clock, file_new_case):
    client, unit_id, api = portal()
    clock("2026-04-10")
    file_new_case(api, until="approved")  # issued on 10 April: no inspection this year (R-I03)
    _verified_on(unit_id, "2026-04-02")  # verified after 1 April: no unit inspection this year (R-I02)
    clock("2026-04-20")
    panel = _season_panel(client)
    assert "年检期进行中" in panel
    assert "今年无需年检" in panel
    assert "人员年检：今年没有需要年检的证件" in panel and "未完成" not in panel
    assert "将于5月2日被冻结" not in panel


def test_r_i03_only_permits_that_need_inspection_are_counted_and_the_warning_ends_with_the_season(
    portal, clock, file_new_case
):
    client, unit_id, api = portal()
    clock("2026-02-02")
    file_new_case(api, until="approved")  # issued before 1 April: inspected this season (R-I03)
    clock("2026-04-10")
    file_new_case(api, until="approved")  # issued in the season: no inspection this year
    _verified_on(unit_id, "2026-01-10")
    clock("2026-04-20")
    panel = _season_panel(client)
    assert "单位年检：未完成" in panel
    assert "人员年检：已完成0人，未完成1人" in panel
    assert "将于5月2日被冻结（R-I02、R-I03）" in panel
    clock("2026-05-10")  # after the season the missed permit is frozen; no warning of a coming 2 May
    panel = _season_panel(client)
    assert "已结束" in panel and "将于5月2日被冻结" not in panel
    assert "1张证件因未年检已冻结" in panel


def test_a_frozen_unit_is_told_it_files_its_inspection_once_unfrozen(portal, clock):
    from units.models import Unit

    client, unit_id, _ = portal()
    Unit.objects.filter(pk=unit_id).update(status="frozen")  # last year's miss (R-I02)
    clock("2026-04-20")
    panel = _season_panel(client)
    assert "单位年检：未完成（账户冻结期间不能办理，解冻后办理）" in panel
    assert 'href="/unit/inspection"' in panel  # the season is open; the page says why it refuses


def _collect_panel(page):
    assert '<h2 id="collect-title">可领证</h2>' in page
    return page.split('id="collect-title"')[1].split("</section>")[0]


def test_r_w04_a_card_waiting_at_the_window_is_listed_until_it_is_collected(
    portal, clock, file_new_case, officials
):
    client, _, api = portal()
    clock("2026-06-13")  # a Saturday: the window's next open hours are Monday's, whatever the time
    case = file_new_case(api, until="approved")
    submitted = file_new_case(api, until="district_passed")
    panel = _collect_panel(_dashboard(client))
    assert case["number"] in panel and case["permit_no"] in panel
    assert submitted["number"] not in panel  # not approved yet: no card
    assert "海淀区办理窗口" in panel and "海淀区人事局调配科" in panel and "62615183" in panel
    assert "2026年6月15日（星期一）09:00–17:00" in panel
    assert "R-W04" in panel and "R-W08" in panel
    collected = officials["haidian"].post(f"/applications/{case['id']}/collection",
                                          {"collected_by": "operator"})
    assert collected.status_code == 200, collected.content
    assert 'id="collect-title"' not in _dashboard(client)


def test_r_w04_a_card_for_a_permit_that_moved_is_not_listed(held, make_unit, clock, officials):
    """R-E03: the former unit's card still to collect is refused at the window; the page does not
    send the unit there."""
    former = Client()
    former.force_login(User.objects.get(unit_id=held.unit_id))
    assert held.case["number"] in _collect_panel(_dashboard(former))
    new, _ = make_unit("haidian")
    clock("2026-08-01")
    pass_employer_change(new, officials["haidian"], held.permit_no, "2026-07-31", "2026-08-01")
    assert 'id="collect-title"' not in _dashboard(former)
