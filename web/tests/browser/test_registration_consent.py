"""PIPL arts. 14 and 17 at registration, in a real browser: 确认, the last of the four steps, shows the
personal-data notice (what, why, how long, who sees it); without its tick the registration is refused
in the error summary and beside the box; ticked, the unit registers. Screenshot registration-consent;
axe-core on the page."""

import re

import pytest
from playwright.sync_api import expect

from ops.demo import registration
from units.consent import VERSION
from units.models import Unit
from web.tests.browser.conftest import assert_accessible, refused, screenshot
from web.tests.browser.pages import Registration

pytestmark = pytest.mark.django_db(transaction=True)


def test_pipl_registration_without_consent_is_refused_then_with_it_goes_through(page, clock):
    body = registration("consent_hr", password="Zhiqing-tongyi-2026", name="北京知情同意科技有限公司")
    form = Registration(page)
    # when: every step answered, 提交注册 on 确认 without the tick
    form.register(body, consent=False)
    # then: refused, the reason in the summary and beside the box, nothing registered
    expect(page.locator("#e-consent")).to_contain_text("勾选同意后再提交注册")
    refused(page, 400)
    expect(form.summary).to_be_focused()
    form.summary.get_by_role("link", name=re.compile("勾选同意后再提交注册")).click()
    tick = page.get_by_role("checkbox", name=re.compile("^我已阅读并同意"))
    expect(tick).to_be_focused()
    expect(tick).to_have_attribute("aria-invalid", "true")
    notice = page.locator("main").inner_text()
    for words in ("个人信息处理告知书", "收集哪些信息", "为什么收集", "保存多久", "谁能看到",
                  f"版本：{VERSION}"):
        assert words in notice, words
    assert not Unit.objects.exists()
    assert_accessible(page)
    page.locator("#notice-title").scroll_into_view_if_needed()
    screenshot(page, "registration-consent")
    # when: the box ticked (the answers of the earlier steps are kept)
    form.submit()
    # then
    expect(page.locator("h1")).to_have_text("注册已提交，请到窗口核验")
    assert Unit.objects.get().consent_version == VERSION
