"""API tokens expire, and a password change or "log out everywhere" revokes them."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

PASSWORD = "demo-pass-2025"  # tests.factories.UserFactory's


@pytest.fixture
def reporter(world):
    return world.users["reporter_own"]


def api_get(token, url="/api/values/"):
    return Client().get(url, HTTP_AUTHORIZATION=f"Token {token.key}")


def issued_days_ago(token, days):
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - datetime.timedelta(days=days))


def test_a_fresh_token_is_accepted(reporter):
    assert api_get(Token.objects.create(user=reporter)).status_code == 200


def test_a_token_older_than_the_ttl_is_refused_with_401_json(reporter, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    token = Token.objects.create(user=reporter)
    issued_days_ago(token, 31)
    response = api_get(token)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "已过期" in response.json()["detail"]


def test_a_token_within_the_ttl_still_works(reporter, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    token = Token.objects.create(user=reporter)
    issued_days_ago(token, 29)
    assert api_get(token).status_code == 200


def test_asking_again_after_expiry_issues_a_new_token(reporter, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    old = Token.objects.create(user=reporter)
    issued_days_ago(old, 31)
    response = Client().post(reverse("api-token"), {"username": reporter.username, "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token"] != old.key and "expires" in body
    assert api_get(Token.objects.get(key=body["token"])).status_code == 200


def test_asking_again_before_expiry_returns_the_same_token(reporter):
    token = Token.objects.create(user=reporter)
    response = Client().post(reverse("api-token"), {"username": reporter.username, "password": PASSWORD})
    assert response.json()["token"] == token.key


def test_changing_the_password_on_the_password_page_revokes_the_tokens(client, reporter):
    token = Token.objects.create(user=reporter)
    client.force_login(reporter)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "青山绿水-2026-new",
            "new_password2": "青山绿水-2026-new",
        },
    )
    assert response.status_code == 302
    assert not Token.objects.filter(user=reporter).exists()
    assert api_get(token).status_code == 401


def test_a_password_set_anywhere_else_revokes_the_tokens_too(reporter, world):
    Token.objects.create(user=reporter)
    other = Token.objects.create(user=world.users["reviewer"])
    reporter.set_password("青山绿水-2026-admin")  # as the admin's form and `changepassword` do
    reporter.save()
    assert not Token.objects.filter(user=reporter).exists()
    assert Token.objects.filter(pk=other.pk).exists()


def test_saving_a_user_without_a_password_change_keeps_the_tokens(reporter):
    Token.objects.create(user=reporter)
    reporter.first_name = "明"
    reporter.save()
    assert Token.objects.filter(user=reporter).exists()


def test_log_out_everywhere_ends_every_session_and_revokes_the_tokens(client, reporter, world):
    token = Token.objects.create(user=reporter)
    elsewhere = Client()
    elsewhere.force_login(reporter)
    bystander = Client()
    bystander.force_login(world.users["reviewer"])
    client.force_login(reporter)
    response = client.post(reverse("logout-everywhere"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert api_get(token).status_code == 401
    assert elsewhere.get("/").status_code == 302  # sent to the login page
    assert client.get("/").status_code == 302
    assert bystander.get("/").status_code == 200
    assert Session.objects.count() == 1


def test_log_out_everywhere_is_a_post(client, reporter):
    client.force_login(reporter)
    assert client.get(reverse("logout-everywhere")).status_code == 405


def test_log_out_everywhere_through_the_api(reporter):
    token = Token.objects.create(user=reporter)
    response = Client().post(reverse("api-logout-everywhere"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 204
    assert api_get(token).status_code == 401


def test_the_admin_logs_a_user_out_everywhere(client, reporter, world):
    Token.objects.create(user=reporter)
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "sign_out_everywhere", "_selected_action": [reporter.pk]},
    )
    assert response.status_code == 302
    assert not Token.objects.filter(user=reporter).exists()
