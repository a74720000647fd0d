"""Browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium — never a
downloaded browser) against pytest-django's live server. `make test` installs Chromium and a CJK
font (fonts-noto-cjk) from Debian when they are missing."""

import json
import os
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


@pytest.fixture
def open_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Open a page in a context of its own (`options` override the context's: a viewport, a zoom)
    under the production Content-Security-Policy (the settings send it in every environment; no
    bypass). The test fails when a page logs any error to the console or throws one — a script that
    breaks, an htmx swap without its target, what the CSP blocks (an inline script or style, an eval,
    a resource from elsewhere), a resource that fails to load: no error is allowed. axe-core is
    injected by `page.evaluate` (DevTools evaluation, which CSP does not govern)."""
    opened: list[tuple[Any, Any]] = []

    def open_(**options: Any) -> Any:
        context = browser.new_context(
            **{"locale": "zh-CN", "viewport": {"width": 1280, "height": 900}, "base_url": live_server.url}
            | options
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []

        def console(message: Any) -> None:
            if message.type == "error":
                errors.append(f"{page.url}: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        page.console_errors = errors  # assert_accessible checks it too, so the failure names the page
        opened.append((context, page))
        return page

    yield open_
    errors = []
    for context, page in opened:
        context.close()
        errors += page.console_errors
    if errors:
        pytest.fail("Errors on the browser's console:\n" + "\n".join(errors), pytrace=False)


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


def assert_no_console_error(page: Any) -> None:
    assert not page.console_errors, "\n".join(page.console_errors)


def refused(page: Any, status: int) -> None:
    """The page shown is a form's refusal, answered `status` as the API answers it (400 malformed,
    422 a rule…): Chromium reports that status of the page's own document on the console. The test
    that meant the refusal says so here, which checks the status and takes that one line off the
    page's errors (any other error still fails the test, as the CSP test clears the violation it
    provokes)."""
    line = f"{page.url}: Failed to load resource: the server responded with a status of {status} "
    for _ in range(20):  # the console message comes asynchronously
        seen = [e for e in page.console_errors if e.startswith(line)]
        if seen:
            break
        page.wait_for_timeout(50)
    assert seen, f"{page.url} was not answered {status}: {page.console_errors}"
    page.console_errors.remove(seen[0])


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
    assert_no_console_error(page)
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)


def screenshot(page: Any, name: str) -> None:
    """Save a screenshot of a page (var/screenshots/; docs/screenshots/ for the README with
    `make screenshots`)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
