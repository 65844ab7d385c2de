"""Browser tests: Playwright drives Debian's Chromium against the live test server.

Without /usr/bin/chromium (or CHROMIUM_PATH) every browser test is skipped with a reason.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by test set-up
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Flags for a sandboxed, offline machine: no background traffic, no GPU, root allowed.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"browser tests skipped: no Chromium at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page, password):
    """Log ``user`` in through the login form, as a person would."""

    def log_in(user) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return log_in


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def csp_violations(page) -> Iterator[list[str]]:
    """Every Content-Security-Policy violation the page reports, from the console or the DOM.

    A test that uses this fixture fails at teardown when the list is not empty.
    """
    violations: list[str] = []
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (event) => console.error("
        "`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}"
        " at ${event.sourceFile}:${event.lineNumber}`));"
    )

    def on_console(message) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            violations.append(f"{page.url}: {text}")

    page.on("console", on_console)
    yield violations
    assert violations == []
