"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Any console error or uncaught page error fails the test. Screenshots go to test-artifacts/browser/.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PASSWORD = "demo-pass-2025"  # tests.factories.UserFactory's

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from such a
# thread unless told that this is deliberate (the live server runs in its own thread anyway).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing and REQUIRE_BROWSER is set (scripts/install_chromium.sh)")
        pytest.skip(f"{CHROMIUM} is missing (scripts/install_chromium.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Session:
    """One person's browser tab; records console and page errors."""

    def __init__(self, browser, base_url, width):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        self.page = self.context.new_page()
        self.base_url = base_url
        self.width = width
        self.errors = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def go(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.status < 400, (path, response.status)
        self.page.wait_for_load_state("load")
        return response

    def log_in(self, username):
        self.go("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("form[action$='/accounts/login/'] button[type=submit]")
        self.page.wait_for_load_state("load")
        assert "/accounts/login/" not in self.page.url, f"{username} could not log in"

    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}_{self.width}.png"), full_page=True)


@pytest.fixture
def session(browser, live_server):
    """session(width=1366) → a fresh tab; fails the test on any console or page error."""
    opened = []

    def open_session(width=1366):
        opened.append(Session(browser, live_server.url, width))
        return opened[-1]

    yield open_session
    errors = [error for s in opened for error in s.errors]
    for s in opened:
        s.context.close()
    assert not errors, f"JavaScript console or page errors: {errors}"
