"""Helpers for browser tests (Playwright on Debian's Chromium; see conftest.py).

Typical use in a test marked ``@pytest.mark.browser``::

    from nama.testing.browser import assert_no_axe_violations, save_screenshots, watch_page

    def test_login_page(page, live_server, screenshot_dir):
        problems = watch_page(page)
        page.goto(f"{live_server.url}/ar/accounts/login/")
        assert_no_axe_violations(page)
        save_screenshots(page, screenshot_dir, "accounts-login-ar")
        problems.assert_none()
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page, Response

# axe-core is vendored for the tests only (scripts/vendor_assets.sh); it is
# never served by the application.
AXE_JS = Path(__file__).resolve().parent.parent / "portal/tests/browser/vendor/axe.min.js"
WCAG_AA_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
PHONE_WIDTH = 360
DESKTOP_WIDTH = 1280


def inject_axe(page: Page) -> None:
    """Make ``window.axe`` available in the page.

    ``page.add_script_tag`` would add an inline script, which the pages' CSP
    (``script-src 'self'``) rightly refuses. ``page.evaluate`` runs through the
    DevTools protocol, which the CSP does not govern, so the CSP under test
    stays exactly as the server sent it.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))


def run_axe(page: Page, *, tags: tuple[str, ...] = WCAG_AA_TAGS) -> list[dict[str, Any]]:
    """The axe-core violations of the page as it is now, for rules with these tags."""
    inject_axe(page)
    result = page.evaluate(
        "async (options) => await window.axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]},
    )
    return result["violations"]


def format_axe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node['failureSummary']}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, *, tags: tuple[str, ...] = WCAG_AA_TAGS) -> None:
    """Fail with a readable list when axe-core finds WCAG 2.1 A/AA violations."""
    violations = run_axe(page, tags=tags)
    assert not violations, f"axe-core on {page.url}:\n{format_axe_violations(violations)}"


@dataclass
class PageProblems:
    """Console errors (CSP refusals show up there), page errors and failed responses."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)

    def assert_none(self) -> None:
        problems = self.console_errors + self.page_errors + self.failed_responses
        assert not problems, "\n".join(problems)


def watch_page(page: Page, *, allowed_statuses: tuple[int, ...] = ()) -> PageProblems:
    """Start recording what goes wrong in the page; check with ``.assert_none()``."""
    problems = PageProblems()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.console_errors.append(f"console: {message.text}")

    def on_response(response: Response) -> None:
        if response.status >= 400 and response.status not in allowed_statuses:
            problems.failed_responses.append(f"HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(f"page error: {error}"))
    page.on("response", on_response)
    return problems


def save_screenshots(
    page: Page,
    directory: Path,
    name: str,
    *,
    widths: tuple[int, ...] = (PHONE_WIDTH, DESKTOP_WIDTH),
    height: int = 800,
) -> list[Path]:
    """Full-page screenshots of the current page at each width: ``<name>-<width>.png``.

    Waits for the web fonts, so a screenshot shows the real glyphs.
    """
    paths = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("async () => { await document.fonts.ready; }")
        path = directory / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    return paths


def has_horizontal_overflow(page: Page) -> bool:
    """True when the page is wider than the viewport (content cut off on a phone)."""
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
    )


def use_staff_session(page: Page, base_url: str, user: Any) -> None:
    """Give the browser a session of ``user`` already past the second factor.

    The sign-in itself is tested in nama/accounts/tests/browser/; other browser
    tests start signed in.
    """
    from django.conf import settings

    from nama.testing.fixtures import login_client

    client = login_client(user, verified=True)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
    )
