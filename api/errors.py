"""How the API fails: the one shape of its errors, as the OpenAPI schema states it, and its parsers.

Every error is `{"detail": message}`, and for refused input also `"errors": {field: [messages]}`
(`api.handlers.api_exception_handler`). The parsers are DRF's, with the body bounded by
DATA_UPLOAD_MAX_MEMORY_SIZE (Django checks that limit only when it reads the body itself; DRF's parsers
read the stream) and a deeply nested JSON body refused as unreadable instead of a crash.

Apart from the views, and importing none, because DRF's settings load the parsers while
`rest_framework.views` is still loading, and the token views (`api.auth`) state their errors too.
"""

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, parsers, serializers

UNREADABLE = gettext_lazy("The request content cannot be parsed: send a JSON object (or form data).")


def too_large() -> str:
    return _("The request content is too large: at most %(limit)d bytes.") % {
        "limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    }


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in Chinese.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Refused input only: the messages by field (`non_field_errors`: the whole request).",
    )


ERROR_DESCRIPTIONS = {
    400: "Refused input: a malformed filter, body or field (see `errors`), or an unreadable body.",
    401: "No credentials, or an unknown or expired token.",
    403: "The user may not do this (the role, the unit or the record's state).",
    404: "No such record among those the user may see, or no such page of a list.",
    409: "Someone else changed the record meanwhile, or it exists already.",
    413: "The request body is larger than the server accepts (DATA_UPLOAD_MAX_MEMORY_SIZE).",
    429: "Too many failed logins: the account is locked for a while.",
    500: "An unexpected error; it is logged.",
    503: "The database is unavailable for a moment; nothing was saved.",
}


def error_responses(*codes) -> dict:
    """The schema's responses for these error statuses, each in the one error shape."""
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]) for code in codes}


def _bounded_body(stream) -> bytes:
    """The body, or RequestDataTooBig (413) past DATA_UPLOAD_MAX_MEMORY_SIZE."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if stream is None:
        return b""
    body = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(body) > limit:
        raise RequestDataTooBig
    return body


class JSONParser(parsers.JSONParser):
    """DRF's, with the body size bounded and a deeply nested body refused (400) instead of a crash."""

    def parse(self, stream, media_type=None, parser_context=None):
        body = io.BytesIO(_bounded_body(stream))
        try:
            return super().parse(body, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(UNREADABLE) from None


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return super().parse(io.BytesIO(_bounded_body(stream)), media_type, parser_context)
