"""The API's docs page draws the whole API in the browser under the Content-Security-Policy (the
`session` fixture fails the test on any console error, which is how Chromium reports a violation)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_draws_every_endpoint_under_the_policy(session):
    tab = session()
    response = tab.go("/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    tab.page.wait_for_selector(".opblock", timeout=15_000)
    paths = tab.page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/values/{id}/approve/" in [path.replace("\u200b", "") for path in paths]
