"""The verify link `make run` prints (load_demo), followed in a real browser as a newcomer would:
the holder's name is printed readable (陈静, not %E9%99%88%E9%9D%99) and the link still works."""

import io

import pytest
from django.core.management import call_command

from web.tests.browser.conftest import assert_accessible, screenshot
from web.tests.browser.pages import Verification

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_printed_demo_link_opens_a_valid_verification(page, live_server):
    out = io.StringIO()
    call_command("load_demo", "--url", live_server.url, stdout=out)
    link = next(line for line in out.getvalue().splitlines() if "/verify?" in line).split(": ", 1)[1]
    name = link.rsplit("name=", 1)[1]
    assert "%" not in name

    page.goto(link)
    verification = Verification(page)
    assert "有效" in verification.result.inner_text()
    assert page.get_by_label("持证人姓名（全名）").input_value() == name
    assert_accessible(page)
    screenshot(page, "verify-demo-link")
