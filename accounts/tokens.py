"""API tokens (DRF authtoken): a token expires API_TOKEN_TTL_DAYS after it was issued, and a password
change or "log out everywhere" revokes every token of the user, so a leaked one stops working."""

import datetime

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


def token_expires_at(token: Token) -> datetime.datetime:
    return token.created + datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS)


def token_for(*, user) -> Token:
    """The user's token, or a new one when there is none or it has expired."""
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=user).first()
        if token is not None and token_expires_at(token) <= timezone.now():
            token.delete()
            token = None
        return token or Token.objects.create(user=user)


def tokens_revoke(*, user) -> int:
    deleted, _by_model = Token.objects.filter(user=user).delete()
    return deleted


def user_sign_out_everywhere(*, user) -> None:
    """Revoke the user's API tokens and end every session the user has, on any browser."""
    tokens_revoke(user=user)
    user_id = str(user.pk)
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == user_id
    ]
    Session.objects.filter(pk__in=ended).delete()


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a token older than API_TOKEN_TTL_DAYS (401)."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expires_at(token) <= timezone.now():
            raise AuthenticationFailed(
                _("This API token has expired: ask for a new one with your username and password.")
            )
        return user, token


class RevokeTokensOnPasswordChange:
    """Listed in AUTH_PASSWORD_VALIDATORS for its `password_changed` hook, which Django calls after
    every password change however it is made (the password page, the admin, `changepassword`); it
    refuses no password."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            tokens_revoke(user=user)

    def get_help_text(self):
        return _("Changing your password revokes your API tokens.")
