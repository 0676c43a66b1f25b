"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Any console error or uncaught page error fails the test. Screenshots go to test-artifacts/browser/.
"""

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PASSWORD = "demo-pass-2025"  # tests.factories.UserFactory's


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
