"""Browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium — never a
downloaded browser) against pytest-django's live server. `make test` installs Chromium and a CJK
font (fonts-noto-cjk) from Debian when they are missing."""

import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
ROOT = Path(__file__).resolve().parents[3]
# Screenshots go under var/ (untracked): a test run leaves the checkout as it was. `make screenshots`
# (SCREENSHOTS=docs) refreshes the README's, docs/screenshots/ (issue 13, point 11).
SCREENSHOTS = ROOT / ("docs" if os.environ.get("SCREENSHOTS") == "docs" else "var") / "screenshots"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


# What Chromium says when the page's Content-Security-Policy blocks something (an inline script or
# style, an eval, a resource from elsewhere), on the console or as an uncaught error.
CSP_MESSAGE = re.compile(
    r"Content[- ]Security[- ]Policy|Refused to (execute|apply|load|evaluate|connect)", re.IGNORECASE
)


@pytest.fixture
def open_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Open a page in a context of its own (`options` override the context's: a viewport, a zoom)
    under the production Content-Security-Policy (the settings send it in every environment; no
    bypass): the test fails when a page logs a CSP violation, so a page the policy breaks cannot pass.
    axe-core is injected by `page.evaluate` (DevTools evaluation, which CSP does not govern)."""
    opened: list[tuple[Any, Any]] = []

    def open_(**options: Any) -> Any:
        context = browser.new_context(
            **{"locale": "zh-CN", "viewport": {"width": 1280, "height": 900}, "base_url": live_server.url}
            | options
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        blocked: list[str] = []

        def note(text: str) -> None:
            if CSP_MESSAGE.search(text):
                blocked.append(f"{page.url}: {text}")

        page.on("console", lambda message: note(message.text))
        page.on("pageerror", lambda error: note(str(error)))
        page.csp_violations = blocked  # assert_accessible checks it too, so the failure names the page
        opened.append((context, page))
        return page

    yield open_
    blocked = []
    for context, page in opened:
        context.close()
        blocked += page.csp_violations
    if blocked:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(blocked), pytrace=False)


@pytest.fixture
def page(open_page: Callable[..., Any]) -> Any:
    """A page 1280 pixels wide, the guard of `open_page` on it."""
    return open_page()


@pytest.fixture
def zoomed_page(open_page: Callable[..., Any]) -> Any:
    """A page at 200% zoom (WCAG 1.4.4, 1.4.10): a 1280-pixel window seen as 640 CSS pixels."""
    return open_page(viewport={"width": 640, "height": 800}, device_scale_factor=2)


def assert_no_sideways_scroll(page: Any) -> None:
    """Nothing on the page needs horizontal scrolling (WCAG 1.4.10 reflow)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px at 200% zoom"


def assert_no_csp_violation(page: Any) -> None:
    assert not page.csp_violations, "\n".join(page.csp_violations)


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """Run the vendored axe-core in the page; the violations of the given impacts. The source is
    evaluated, not added as a <script> (which the CSP would rightly refuse)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def assert_accessible(page: Any) -> None:
    assert_no_csp_violation(page)
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)


def screenshot(page: Any, name: str) -> None:
    """Save a screenshot of a page (var/screenshots/; docs/screenshots/ for the README with
    `make screenshots`)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
