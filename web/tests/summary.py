"""Reading a page's error summary (templates/web/_error_summary.html, issue 13 point 1) as a clerk
meets it: right under the page's heading, before the forms, each error a link to a control that is
on the page."""

import re
from html import unescape
from typing import NamedTuple

SUMMARY = re.compile(r'<div class="error-summary"[^>]*data-error-summary[^>]*>(?P<body>.*?)</div>', re.S)
ITEM = re.compile(r"<li>(?P<item>.*?)</li>", re.S)
HREF = re.compile(r'<a href="#(?P<id>[^"]+)">')
TAG = re.compile(r"<[^>]+>")


class Item(NamedTuple):
    target: str  # the id of the control the item links to ("" when it names none)
    text: str


class Summary(NamedTuple):
    title: str
    items: list[Item]

    @property
    def text(self) -> str:
        return " ".join(i.text for i in self.items)

    def target_of(self, fragment: str) -> str:
        """The control linked by the item that says `fragment`."""
        return next(i.target for i in self.items if fragment in i.text)


def error_summary(html: str) -> Summary:
    """The page's one error summary; asserts it sits under the <h1> and before the page's forms,
    and that each link's target is an element of the page."""
    found = list(SUMMARY.finditer(html))
    assert len(found) == 1, "one error summary on the page"
    at = found[0].start()
    heading = html.index("</h1>")
    assert heading < at, "the summary is under the page's heading"
    main_forms = [m.start() for m in re.finditer(r"<form\b", html) if m.start() > heading]
    assert not main_forms or at < main_forms[0], "the summary comes before the forms"
    body = found[0].group("body")
    title = unescape(TAG.sub("", re.search(r"<h2[^>]*>(.*?)</h2>", body, re.S).group(1))).strip()  # type: ignore[union-attr]
    items = []
    for m in ITEM.finditer(body):
        link = HREF.search(m.group("item"))
        target = link.group("id") if link else ""
        if target:
            assert f'id="{target}"' in html, f"the summary links #{target}, which is on the page"
        items.append(Item(target, unescape(TAG.sub("", m.group("item"))).strip()))
    assert items, "the summary lists the errors"
    return Summary(title, items)


def no_error_summary(html: str) -> bool:
    return not SUMMARY.search(html)
