"""Content-Security-Policy on every response; no page carries inline script for it to block."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.operations.pages import page_urls
from tests.operations.test_escaping import hostile, superuser_client  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

# A <script> element with content, or an on…= handler attribute: both need 'unsafe-inline' to run.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|\son[a-z]+\s*=", re.I
)


def policy(response):
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict(response, url):
    directives = policy(response)
    assert directives.get("script-src") == ["'self'"], url
    assert directives.get("default-src") == ["'self'"], url
    assert directives.get("object-src") == ["'none'"], url
    assert directives.get("frame-ancestors") == ["'none'"], url
    assert directives.get("base-uri") == ["'self'"], url
    assert directives.get("form-action") == ["'self'"], url


def test_the_login_page_and_a_missing_page_carry_the_policy(client):
    for url in ("/accounts/login/", "/no-such-page/"):
        assert_strict(client.get(url), url)


def test_the_api_and_the_health_check_carry_the_policy(superuser_client):  # noqa: F811
    for url in ("/api/values/", "/api/nothing/", "/healthz"):
        assert_strict(superuser_client.get(url), url)


def test_every_page_carries_the_policy_and_no_inline_script(superuser_client, hostile):  # noqa: F811
    urls = page_urls(hostile)
    assert len(urls) > 5
    for url in urls:
        response = superuser_client.get(url)
        assert_strict(response, url)
        if "html" in response.get("Content-Type", ""):
            assert not INLINE_SCRIPT.search(response.content.decode()), url


def test_every_admin_changelist_and_change_page_carries_no_inline_script(superuser_client, hostile):  # noqa: F811
    for model in admin.site._registry:
        opts = model._meta
        urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
        if obj := model._default_manager.first():
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        for url in urls:
            response = superuser_client.get(url)
            assert_strict(response, url)
            assert not INLINE_SCRIPT.search(response.content.decode()), url


def test_the_spreadsheet_export_page_of_the_admin_carries_no_inline_script(superuser_client, hostile):  # noqa: F811
    response = superuser_client.get(reverse("admin:indicators_indicatorvalue_export"))
    assert response.status_code == 200
    assert not INLINE_SCRIPT.search(response.content.decode())
