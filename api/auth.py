"""The API's own sign-in and sign-out: expiring tokens (`accounts.tokens`)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view
from rest_framework.response import Response

from accounts.tokens import token_expires_at, token_for, user_sign_out_everywhere

from .errors import error_responses


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
