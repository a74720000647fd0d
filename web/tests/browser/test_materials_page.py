"""Issue 11 point 6 in a real browser: /materials in Chinese and in English logs nothing on the console,
passes axe, and shows R-D02's condition beside NEW-10E and the proofs of NEW-05 by housing type."""

import pytest

from web.tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("language", "condition", "owned"), [
    ("zh-hans", "随往子女中有年满17周岁（超过16周岁）的", "自有住房：房产证或购房合同"),
    ("en", "A child who has turned 17 (older than 16", "Own home: Property ownership certificate"),
])
def test_materials_page_without_console_errors_in_both_languages(page, language, condition, owned):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/materials")
    if language == "en":  # the header's language switcher, as a reader would
        page.select_option("#lang-select", "en")
        page.locator("form.lang-switch button[type=submit]").click()
        page.wait_for_url("**/materials")
    assert page.locator("html").get_attribute("lang") == language
    assert condition in page.get_by_role("row", name="NEW-10E").inner_text()
    assert owned in page.get_by_role("row", name="NEW-05").inner_text()
    assert page.get_by_role("heading", level=2).count() == 11  # registration, 9 case types, password reset
    assert_accessible(page)
    assert not errors, errors
