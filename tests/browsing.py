"""What every browser test shares: Debian's Chromium driven by Playwright, and axe-core.

Uses /usr/bin/chromium (never a downloaded browser): tests are skipped when it is absent,
except in CI (CI=true), where its absence is a failure. The `browser` and `page` fixtures are
registered by tests/conftest.py; test modules import `assert_no_axe_violations` and `watch`
(what went wrong while pages loaded).
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # Without these, Chromium keeps calling hosts this closed network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def french_environment() -> dict[str, str]:
    """Chromium draws its own widgets (the date input's jj/mm/aaaa) in the language of its
    environment, not of the page's context: a French visitor's browser is French. It needs
    Debian's chromium-l10n for that; without it the widgets stay in English."""
    return {**os.environ, "LANG": "fr_FR.UTF-8", "LANGUAGE": "fr_FR:fr"}


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        message = "Chromium absent: apt-get install chromium"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test's thread; the ORM calls made by the
    # fixtures around it are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env=french_environment()
            )
            yield launched
            launched.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    """Where a test saves what it shows: $SCREENSHOTS_DIR when set (for a person to look at the
    pages), else the test's own temporary folder (the screenshot is still taken)."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def assert_no_axe_violations(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


QUIET = {"console": [], "failed": [], "refused": [], "elsewhere": []}


def watch(page, *, site: str = "") -> dict[str, list[str]]:
    """What goes wrong while the page loads, as lists that stay empty (`QUIET`) when all is
    well: console errors and uncaught exceptions, failed requests, answers ≥ 400 to the
    page's resources, and, given the site's address, requests anywhere else (data: aside)."""
    seen: dict[str, list[str]] = {key: [] for key in QUIET}

    def console(message) -> None:
        # A 404 page's own status is logged too: not a resource of the page that failed.
        own = message.location.get("url") == page.url and "status of 404" in message.text
        if message.type == "error" and not own:
            seen["console"].append(message.text)

    navigations = [0]  # the main frame's navigations started so far
    started_during: dict = {}

    def request(request) -> None:
        if site and not request.url.startswith((site + "/", "data:")):
            seen["elsewhere"].append(request.url)
        if request.is_navigation_request() and request.frame == page.main_frame:
            navigations[0] += 1
        started_during[request] = navigations[0]

    page.on("console", console)
    page.on("pageerror", lambda error: seen["console"].append(str(error)))

    def failed(request) -> None:
        # A click that leaves the page cancels what the page was still loading (the favicon,
        # an icon of a late stylesheet: net::ERR_ABORTED). Not a failed resource: a missing one
        # still shows, its 404 is `refused`; a cancellation without leaving the page is kept.
        left = navigations[0] > started_during.get(request, navigations[0])
        if request.failure == "net::ERR_ABORTED" and left:
            return
        seen["failed"].append(f"{request.url}: {request.failure}")

    page.on("requestfailed", failed)
    page.on(
        "response",
        lambda r: r.status >= 400 and r.url != page.url and seen["refused"].append(r.url),
    )
    page.on("request", request)
    return seen
