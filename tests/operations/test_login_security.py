"""Password guessing is throttled, sessions expire, weak passwords are refused."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext, override

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed login attempts: this account is locked for a while. Try again later or ask an administrator to unlock it."


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_wrong_passwords_lock_the_account_even_for_the_right_password(client, axes_on):
    UserFactory(username="kc_sthj", password="demo-pass-2025")
    for _ in range(3):
        log_in(client, "kc_sthj", "guess")
    response = log_in(client, "kc_sthj", "demo-pass-2025")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_explains_in_the_interface_language(client, axes_on):
    UserFactory(username="kc_sthj")
    for _ in range(3):
        response = log_in(client, "kc_sthj", "guess")
    with override("zh-hans"):
        expected = gettext(LOCKED)
    assert expected in response.content.decode()


def test_failures_below_the_limit_do_not_lock(client, axes_on):
    UserFactory(username="kc_sthj", password="demo-pass-2025")
    for _ in range(2):
        log_in(client, "kc_sthj", "guess")
    response = log_in(client, "kc_sthj", "demo-pass-2025")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_locked_account_does_not_lock_colleagues(client, axes_on):
    UserFactory(username="kc_sthj")
    UserFactory(username="kc_fgj", password="demo-pass-2025")
    for _ in range(3):
        log_in(client, "kc_sthj", "guess")
    assert log_in(client, "kc_fgj", "demo-pass-2025").status_code == 302


def test_the_api_token_endpoint_is_throttled_too(client, axes_on):
    UserFactory(username="kc_sthj", password="demo-pass-2025")
    for _ in range(3):
        client.post(reverse("api-token"), {"username": "kc_sthj", "password": "guess"})
    response = client.post(reverse("api-token"), {"username": "kc_sthj", "password": "demo-pass-2025"})
    assert "token" not in response.content.decode()


def test_the_api_token_endpoint_says_the_account_is_locked(client, axes_on):
    UserFactory(username="kc_sthj", password="demo-pass-2025")
    for _ in range(3):
        client.post(reverse("api-token"), {"username": "kc_sthj", "password": "guess"})
    response = client.post(reverse("api-token"), {"username": "kc_sthj", "password": "demo-pass-2025"})
    with override("zh-hans"):
        expected = gettext(LOCKED)
    assert (response.status_code, response.json()) == (429, {"detail": expected})


def test_test_clients_can_still_log_in_with_a_password(client):
    UserFactory(username="kc_sthj", password="demo-pass-2025")
    assert client.login(username="kc_sthj", password="demo-pass-2025")


def test_the_session_cookie_ends_with_the_browser(client):
    UserFactory(username="kc_sthj", password="demo-pass-2025")
    response = log_in(client, "kc_sthj", "demo-pass-2025")
    cookie = response.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]


def test_a_session_lasts_at_most_a_working_day(client):
    UserFactory(username="kc_sthj", password="demo-pass-2025")
    log_in(client, "kc_sthj", "demo-pass-2025")
    assert client.session.get_expiry_age() == 8 * 60 * 60


@pytest.mark.parametrize("password", ["12345678", "password", "kc_sthj2025", "short"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, user=UserFactory.build(username="kc_sthj2025"))
