"""The API's parsers: DRF's, with the body bounded by DATA_UPLOAD_MAX_MEMORY_SIZE (Django checks that
limit only when it reads the body itself; DRF's parsers read the stream) and a deeply nested JSON body
refused as unreadable instead of a crash. Apart from `api.py` because DRF's settings import them while
`rest_framework.views` is still loading."""

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, parsers

UNREADABLE = gettext_lazy("The request content cannot be parsed: send a JSON object (or form data).")


def too_large() -> str:
    return _("The request content is too large: at most %(limit)d bytes.") % {
        "limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    }


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
