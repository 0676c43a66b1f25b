"""A structured log line for every request, a second one for every refusal (HTTP 403), a clear
answer instead of a crash when the database goes away in the middle of a request, and the
Content-Security-Policy header on every response."""

import logging
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.functional import empty
from django.utils.translation import gettext as _

from .text import control_characters_message, has_control_characters

request_log = logging.getLogger("operations.requests")
denial_log = logging.getLogger("operations.security")


def _user_id(request, *, resolve=False):
    """The user's id; for ordinary lines only if authentication already ran (no query just to log)."""
    user = getattr(request, "user", None)
    if user is None or (not resolve and getattr(user, "_wrapped", None) is empty):
        return None
    return user.pk if user.is_authenticated else None


def _denial_reason(request, response):
    if reason := getattr(request, "_denial_reason", None):
        return reason
    data = getattr(response, "data", None)  # DRF responses keep their payload
    if isinstance(data, dict) and data.get("detail"):
        return str(data["detail"])
    return getattr(response, "reason_phrase", "")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
            "user_id": _user_id(request),
        }
        request_log.info("request", extra=fields)
        if response.status_code == 403:
            fields["user_id"] = _user_id(request, resolve=True)
            denial_log.warning(
                "permission_denied", extra={**fields, "reason": _denial_reason(request, response)}
            )
        return response

    def process_exception(self, request, exception):
        # Django turns PermissionDenied into a bare 403 page; keep its message for the log line.
        if isinstance(exception, PermissionDenied):
            request._denial_reason = str(exception) or "PermissionDenied"
        elif isinstance(exception, OperationalError | InterfaceError):
            return database_unavailable(request, exception)
        return None


def database_unavailable(request, exception):
    """503 with a message; every write runs in a transaction, so the failed one left nothing behind."""
    request_log.error(
        "database_unavailable",
        extra={"method": request.method, "path": request.path, "error": str(exception).strip()},
    )
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and connection.errors_occurred and not connection.is_usable():
            connection.close()  # the next query reconnects once the server is back
    message = _(
        "The database is temporarily unavailable, so nothing was saved. Please try again in a moment."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=503)
    return render(request, "operations/database_unavailable.html", {"message": message}, status=503)


class ContentSecurityPolicyMiddleware:
    """Sends settings.CONTENT_SECURITY_POLICY (Django 5.2 has no CSP of its own) unless a view set one."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{directive} {' '.join(sources)}"
            for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class ControlCharacterMiddleware:
    """400 for a path, a query parameter or a posted form field holding control characters (NUL among
    them), before any view reads it (`operations.text`). API bodies are checked by the write services,
    as the API's own parsers read them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._refused(request):
            message = control_characters_message()
            denial_log.warning("control_characters", extra={"method": request.method, "path": request.path})
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _refused(request) -> bool:
        if has_control_characters(request.path, multiline=False):
            return True
        if any(
            has_control_characters(text, multiline=False)
            for key, values in request.GET.lists()
            for text in (key, *values)
        ):
            return True
        if request.method != "POST" or request.path.startswith("/api/"):
            return False
        if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return False
        return any(
            has_control_characters(text) for key, values in request.POST.lists() for text in (key, *values)
        )
