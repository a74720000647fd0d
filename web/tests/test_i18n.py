"""Issue 6: zh-hans first, with English available. The header's language switcher posts to Django's
set_language view; Accept-Language: en also gives English; without either the pages stay Chinese; and
the compiled catalogue (locale/en/LC_MESSAGES/django.mo, kept in the repository for machines without
gettext) says exactly what django.po says."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"

# Per page: (English that must appear, Chinese that must be gone). Data from the database and the
# rules (district names, case-type labels, checklist titles) is not part of the UI catalogue.
PAGES = {
    "/": (
        [
            "Beijing Work Residence Permit Management System",
            "Who uses this system",
            "District HR and social security bureaus",
            "Service window hours",
            "Skip to main content",
            "Verify a permit",
        ],
        ["谁在使用本系统", "窗口受理时间", "跳到正文", "真伪验证", "北京市工作居住证管理系统"],
    ),
    "/verify": (
        [
            "Verify a Work Residence Permit",
            "Enter the number on the permit and the holder",
            "Work Residence Permit number",
            "Permit holder&#x27;s name (full name)",
        ],
        ["工作居住证真伪验证", "请输入证件上的编号", "工作居住证编号", "持证人姓名（全名）"],
    ),
    "/materials": (
        ["Required materials list", "When needed", "bring the original and one A4 photocopy"],
        ["申报材料清单", "何时需要", "每项材料均须提供原件"],
    ),
}


def _set_language(client: Client, code: str, next_url: str = "/") -> None:
    response = client.post("/i18n/setlang/", {"language": code, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url


@pytest.mark.parametrize("path", PAGES)
def test_pages_in_english_after_choosing_it_in_the_switcher(client, path):
    _set_language(client, "en", path)
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    english, chinese = PAGES[path]
    for text in english:
        assert text in html, text
    for text in chinese:
        assert text not in html, text


@pytest.mark.parametrize("path", PAGES)
def test_accept_language_en_gives_english(client, path):
    html = client.get(path, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    english, chinese = PAGES[path]
    assert '<html lang="en">' in html
    assert english[0] in html and chinese[0] not in html


@pytest.mark.parametrize("path", PAGES)
def test_chinese_is_the_default(client, path):
    html = client.get(path).content.decode()
    english, chinese = PAGES[path]
    assert '<html lang="zh-hans">' in html
    for text in chinese:
        assert text in html, text
    assert english[0] not in html


def test_a_language_without_a_catalogue_falls_back_to_chinese(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in html and "谁在使用本系统" in html


def test_switching_back_to_chinese(client):
    _set_language(client, "en")
    assert "Who uses this system" in client.get("/").content.decode()
    _set_language(client, "zh-hans")
    html = client.get("/").content.decode()
    assert "谁在使用本系统" in html and "Who uses this system" not in html


def test_verification_answer_in_english(client):
    """The answers of R-S01 are lazy translations in a module-level table: they follow the request."""
    _set_language(client, "en", "/verify")
    html = client.get("/verify", {"permit_no": "BJ20269999999", "name": "无此人"}).content.decode()
    assert "Result: Not found" in html
    assert "No Work Residence Permit matches both the number and the name." in html
    assert "未找到" not in html


def test_switcher_in_the_header(client):
    html = client.get("/materials?x=1").content.decode()
    form = re.search(
        r'<form method="post" action="/i18n/setlang/" class="lang-switch">(.*?)</form>', html, re.S
    )
    assert form, "language switcher missing"
    body = form.group(1)
    assert 'name="csrfmiddlewaretoken"' in body
    assert '<input type="hidden" name="next" value="/materials?x=1">' in body
    assert '<label for="lang-select"' in body and "语言 / " in body and "Language" in body
    assert '<select id="lang-select" name="language">' in body
    assert re.search(r'<option value="zh-hans" lang="zh-hans" selected>简体中文</option>', body)
    assert re.search(r'<option value="en" lang="en">English</option>', body)
    assert '<button type="submit"' in body
    assert "onchange" not in body and "<script" not in body  # the CSP forbids inline script

    _set_language(client, "en", "/materials")
    body = client.get("/materials").content.decode()
    assert '<option value="en" lang="en" selected>English</option>' in body


def test_setlang_refuses_to_redirect_elsewhere(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


# The catalogue itself.


def _po_entries(path: Path) -> list[dict[str, object]]:
    """The live entries of a .po file: {"msgctxt", "msgid", "msgid_plural", "msgstr": [..], "flags":
    set}. A small reader so that the test needs neither polib nor GNU gettext."""
    entries: list[dict[str, object]] = []
    current: dict[str, object] = {}
    field: str | None = None

    def finish() -> None:
        if "msgid" in current:
            entries.append(current)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):  # obsolete, with its flags
            if "msgid" not in current:
                current = {}
            continue
        if line.startswith("#,"):
            finish()
            current, field = {"flags": {f.strip() for f in line[2:].split(",")}}, None
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            value = ast.literal_eval(line)
            assert field is not None
            if field.startswith("msgstr"):
                strs = current["msgstr"]
                assert isinstance(strs, list)
                strs[-1] += value
            else:
                current[field] = str(current[field]) + value
            continue
        value = ast.literal_eval(rest)
        if keyword == "msgctxt":  # a context opens its entry: the msgid that follows belongs to it
            if "msgid" in current:
                finish()
                current = {}
            current["msgctxt"], field = value, "msgctxt"
        elif keyword == "msgid":
            if "msgid" in current:
                finish()
                current = {}
            current.setdefault("flags", set())
            current["msgid"], current["msgstr"] = value, []
            field = "msgid"
        elif keyword == "msgid_plural":
            current["msgid_plural"], field = value, "msgid_plural"
        elif keyword.startswith("msgstr"):
            strs = current["msgstr"]
            assert isinstance(strs, list)
            strs.append(value)
            field = keyword
        else:
            raise AssertionError(f"unexpected line in {path}: {raw}")
    finish()
    return entries


def test_po_is_complete():
    entries = [e for e in _po_entries(LOCALE / "django.po") if e["msgid"]]
    assert len(entries) > 600
    for e in entries:
        assert "fuzzy" not in e["flags"], e["msgid"]
        strs = e["msgstr"]
        assert isinstance(strs, list) and strs and all(strs), f"untranslated: {e['msgid']}"
        placeholders = sorted(re.findall(r"%\(\w+\)[sd]", str(e["msgid"])))
        for s in strs:
            assert sorted(re.findall(r"%\(\w+\)[sd]", s)) == placeholders, e["msgid"]


def test_mo_is_compiled_from_the_current_po():
    """`manage.py compilemessages` has been run after the last change to django.po."""
    with (LOCALE / "django.mo").open("rb") as f:
        mo = gettext.GNUTranslations(f)
    entries = [e for e in _po_entries(LOCALE / "django.po") if e["msgid"]]
    for e in entries:
        msgid, strs = str(e["msgid"]), e["msgstr"]
        assert isinstance(strs, list)
        if "msgctxt" in e:
            assert mo.pgettext(str(e["msgctxt"]), msgid) == strs[0], msgid
        elif "msgid_plural" in e:
            plural = str(e["msgid_plural"])
            assert mo.ngettext(msgid, plural, 1) == strs[0], msgid
            assert mo.ngettext(msgid, plural, 2) == strs[1], msgid
        else:
            assert mo.gettext(msgid) == strs[0], msgid
    # …and nothing in the .mo that the .po no longer has.
    assert len(mo._catalog) == len(entries) + sum("msgid_plural" in e for e in entries) + 1  # type: ignore[attr-defined]


def test_django_uses_the_catalogue():
    with translation.override("en"):
        assert (
            translation.gettext("北京市工作居住证管理系统")
            == "Beijing Work Residence Permit Management System"
        )
        assert translation.gettext("工作居住证") == "Work Residence Permit"
        assert translation.gettext("统一社会信用代码") == "Unified social credit code (USCC)"
        assert translation.gettext("随往人员") == "Accompanying family members"
        assert translation.gettext("第 %(n)s 页，共 %(total)s 页") % {"n": 2, "total": 5} == "Page 2 of 5"
        assert (
            translation.ngettext("还有 %(n)s 项不符合办理条件。", "还有 %(n)s 项不符合办理条件。", 1)
            % {"n": 1}
            == "1 eligibility condition is not yet met."
        )
    with translation.override("zh-hans"):
        assert translation.gettext("北京市工作居住证管理系统") == "北京市工作居住证管理系统"
