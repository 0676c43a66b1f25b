"""How errors answer: JSON with a Chinese `detail` under /api/ (the shape `api.errors` declares),
Django's own pages elsewhere. DRF calls `api_exception_handler`; `config.urls` names the others."""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from indicators import services

from .errors import UNREADABLE, too_large

logger = logging.getLogger(__name__)

SERVER_ERROR = gettext_lazy(
    "Internal server error: the request was not completed. The error has been logged."
)


def _messages(detail) -> list[str]:
    """The messages of an error detail (a message, or lists and dicts of them), in order."""
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list | tuple):
        return [message for value in detail for message in _messages(value)]
    return [str(detail)]


def _invalid(errors) -> Response:
    set_rollback()
    return Response(
        {"detail": " ".join(_messages(errors)), "errors": errors}, status=status.HTTP_400_BAD_REQUEST
    )


# The services' ValidationError codes that name a field answer under that field.
CODE_FIELDS = {"year": "year", "not_ended": "year", "note_too_long": "note", "note_required": "note"}


def api_exception_handler(exc, context):
    """Django's own errors from the services become JSON with their (Chinese) message; an unexpected
    error is logged and answers a JSON 500."""
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": too_large()}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, exceptions.ParseError | SuspiciousOperation):
        return Response({"detail": str(UNREADABLE)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):  # Django's own message names the model, in English
        return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or _("Permission denied.")}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return _invalid(exc.message_dict)
        return _invalid({CODE_FIELDS.get(getattr(exc, "code", None), "non_field_errors"): exc.messages})
    if isinstance(exc, serializers.ValidationError):
        return _invalid(exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail})
    if isinstance(exc, services.ConflictError):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    response = exception_handler(exc, context)
    if response is not None or isinstance(exc, OperationalError | InterfaceError):
        return response  # a lost database answers 503 (operations.middleware)
    request = context["request"]
    logger.error("Internal Server Error: %s", request.path, exc_info=exc)
    set_rollback()
    return Response({"detail": str(SERVER_ERROR)}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)


# --- errors outside the API's views: an unknown address, a refusal in a middleware --------------------


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request, exception):
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse({"detail": too_large()}, status=413)
    return JsonResponse({"detail": str(UNREADABLE)}, status=400)


def permission_denied(request, exception):
    if not _is_api(request):
        return defaults.permission_denied(request, exception)
    return JsonResponse({"detail": str(exception) or _("Permission denied.")}, status=403)


def page_not_found(request, exception):
    if not _is_api(request):
        return defaults.page_not_found(request, exception)
    return JsonResponse({"detail": _("Not found.")}, status=404)


def server_error(request):
    if not _is_api(request):
        return defaults.server_error(request)
    return JsonResponse({"detail": str(SERVER_ERROR)}, status=500)
