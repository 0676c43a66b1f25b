"""Forms and session-authenticated API calls need the CSRF token; only token-authenticated API calls do not."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token
from rest_framework.views import APIView

from tests.factories import UserFactory
from tests.operations.pages import any_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def value_payload(world, year=2022):
    return {"indicator": world.indicator.pk, "year": year, "value": "35"}


def test_login_form_without_csrf_token_is_refused(csrf_client):
    UserFactory(username="kc_sthj", password="demo-pass-2025")
    response = csrf_client.post(reverse("login"), {"username": "kc_sthj", "password": "demo-pass-2025"})
    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session


def test_login_form_with_its_csrf_token_logs_in(csrf_client):
    UserFactory(username="kc_sthj", password="demo-pass-2025")
    csrf_client.get(reverse("login"))
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(
        reverse("login"), {"username": "kc_sthj", "password": "demo-pass-2025", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_session_api_write_without_csrf_token_is_refused(csrf_client, world):
    csrf_client.force_login(world.users["reporter_own"])
    response = csrf_client.post(
        reverse("api-value-list"), value_payload(world), content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not world.indicator.values.exists()


def test_session_api_write_with_csrf_token_is_accepted(csrf_client, world):
    csrf_client.force_login(world.users["reporter_own"])
    csrf_client.get(reverse("login"))  # any page with a form sets the cookie
    response = csrf_client.post(
        reverse("api-value-list"),
        value_payload(world),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf_client.cookies["csrftoken"].value,
    )
    assert response.status_code == 201


def test_token_api_write_needs_no_csrf_token(csrf_client, world):
    token = Token.objects.create(user=world.users["reporter_own"])
    response = csrf_client.post(
        reverse("api-value-list"),
        value_payload(world),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 201


def walk(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            yield entry


def test_no_page_opts_out_of_csrf_protection():
    """DRF views are exempt from Django's middleware but enforce CSRF themselves for session logins."""
    exempt = [
        str(entry.pattern)
        for entry in walk(get_resolver().url_patterns)
        if getattr(entry.callback, "csrf_exempt", False)
        and not issubclass(getattr(entry.callback, "cls", object), APIView)
    ]
    assert exempt == []


def test_every_page_and_action_refuses_a_post_without_csrf_token(csrf_client, world):
    """Logged in as an administrator, so only the missing token can be the reason for the refusal."""
    csrf_client.force_login(world.users["admin"])
    urls = any_urls(skipped=("api/", "healthz"))
    urls += [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        for model in admin.site._registry
    ]
    assert len(urls) > 10
    for url in urls:
        assert csrf_client.post(url, {}).status_code == 403, url
