"""Files the site hands out (reports, templates): an attachment whose Chinese name survives every browser."""

from urllib.parse import quote

from django.http import HttpResponse


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
