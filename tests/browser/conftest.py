"""Real-browser fixtures: Debian's Chromium driven by Playwright against the live server."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, ViewportSize, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from accounts.permissions import has_staff_role
from tests.conftest import give_totp
from tests.factories import PASSWORD, current_totp_code

# Playwright's sync API runs an event loop in this thread; Django would refuse ORM
# calls from the test body otherwise.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 360, "height": 740}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Anything slower than this is a hang, not a slow page; fail fast instead of waiting 30 s.
TIMEOUT_MS = 10_000

_axe = Axe()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser: Browser, live_server: Any) -> Iterator[Callable[..., BrowserContext]]:
    """Open browser contexts (German, desktop size) that are closed after the test."""
    contexts: list[BrowserContext] = []

    def make(**kwargs: Any) -> BrowserContext:
        options: dict[str, Any] = {"base_url": live_server.url, "locale": "de-DE", "viewport": DESKTOP, **kwargs}
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


def login(page: Page, user: Any, *, check: bool = True) -> None:
    """Sign in through the real login form; staff also type their current TOTP code.

    ``check`` scans the sign-in pages with axe (off where the browser runs no JavaScript).
    """
    staff = has_staff_role(user)
    if staff and not Authenticator.objects.filter(user=user).exists():
        give_totp(user)
    page.goto(reverse("account_login"))
    if check:
        axe_check(page)
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    if staff:
        page.wait_for_url(f"**{reverse('mfa_authenticate')}")
        if check:
            axe_check(page)
        _type_totp_code(page, user)
    page.wait_for_url(lambda url: reverse("account_login") not in url and reverse("mfa_authenticate") not in url)


def _type_totp_code(page: Page, user: Any) -> None:
    """Type the current code; a code is good once, so a second sign-in within the same 30 s waits for the next."""
    for _ in range(2):
        page.fill("input[name=code]", current_totp_code(user))
        page.locator("form:has(input[name=code]) button[type=submit]:not([form])").click()
        try:
            page.wait_for_url(lambda url: reverse("mfa_authenticate") not in url, timeout=TIMEOUT_MS)
            return
        except PlaywrightTimeoutError:
            time.sleep(30 - time.time() % 30 + 0.5)


def axe_check(page: Page) -> None:
    """Fail with a readable list when axe-core finds any WCAG 2.1 A/AA violation on the page."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    {' > '.join(str(part) for part in node['target'])}: {node['failureSummary']}")
        pytest.fail("\n".join(lines))
    assert_large_targets(page)


# Controls people tap. Links inside running text are exempt (WCAG 2.5.5 allows inline links).
TARGETS = (
    "button, select, textarea, summary, a.button, nav a, .inline-actions a,"
    " input:not([type=hidden]):not([type=checkbox]):not([type=radio])"
)
SMALL_TARGETS = """targets => [...document.querySelectorAll(targets)]
  .filter(e => e.getClientRects().length && !e.closest('[aria-hidden=true], .visually-hidden, .skip-link'))
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width < 44 || r.height < 44)
  .map(([e, r]) => `${e.outerHTML.slice(0, 80)} is ${Math.round(r.width)} x ${Math.round(r.height)} px`)"""


def assert_large_targets(page: Page) -> None:
    """Fail when a button, field or navigation link on the page is smaller than 44 x 44 CSS pixels."""
    small = page.evaluate(SMALL_TARGETS, TARGETS)
    assert not small, f"Targets smaller than 44 px on {page.url}:\n" + "\n".join(small)


def axe_check_as_rendered_without_javascript(page: Page) -> None:
    """Scan what a browser without JavaScript shows at ``page.url``.

    axe-core is itself JavaScript, so it cannot run where JavaScript is off. Instead the
    same address opens in a second context of the same person whose pages may run no
    script of the site (every .js request is refused); axe is injected by the test driver.
    """
    browser = page.context.browser
    assert browser is not None
    scan = browser.new_context(
        base_url=None, locale="de-DE", viewport=DESKTOP, storage_state=page.context.storage_state()
    )
    try:
        scan.set_default_timeout(TIMEOUT_MS)
        scan.route("**/*.js", lambda route: route.abort())
        scan_page = scan.new_page()
        scan_page.goto(page.url)
        axe_check(scan_page)
    finally:
        scan.close()


def screenshot(page: Page, name: str) -> None:
    """Save the whole page at desktop and phone width as var/screenshots/<name>-desktop.png / -phone.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for suffix, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{suffix}.png"), full_page=True)
    if original is not None:
        page.set_viewport_size(original)
