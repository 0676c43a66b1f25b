from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view
from rest_framework.response import Response

from indicators.api_errors import error_responses

from .tokens import token_expires_at, token_for, user_sign_out_everywhere


@require_POST
@login_required
def logout_everywhere(request):
    """Ends this session and every other one of the user, and revokes the user's API tokens."""
    user_sign_out_everywhere(user=request.user)
    logout(request)
    return redirect("login")


@extend_schema(request=None, responses={204: None, **error_responses(401, 403, 500, 503)})
@api_view(["POST"])
def api_logout_everywhere(request):
    user_sign_out_everywhere(user=request.user)
    return Response(status=status.HTTP_204_NO_CONTENT)


class ObtainExpiringAuthToken(ObtainAuthToken):
    """DRF's token view, answering with a fresh token once the old one expired, and when it expires."""

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = token_for(user=serializer.validated_data["user"])
        return Response({"token": token.key, "expires": token_expires_at(token)})
