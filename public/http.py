"""How every public response goes out: Simplified Chinese, cacheable by anyone (`Cache-Control: public`),
with an ETag made from the published snapshots it shows, and no cookie (no session, no CSRF token), so
a reverse proxy or CDN may keep it.

The application keeps the rendered answers too (`settings.PUBLIC_CACHE`), keyed by their ETag: a page
is rendered once per publication, whoever asks, and a publication makes a new ETag, so nothing stale is
ever served and nothing needs clearing."""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from .snapshot import LANGUAGE
from .throttle import throttled


def etag_of(*parts) -> str:
    """An ETag from the snapshots' digests (and whatever else the page depends on)."""
    return quote_etag(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32])


def _rendered(etag: str, build):
    cache = caches[settings.PUBLIC_CACHE]
    key = f"public-page:{etag}"
    response = cache.get(key)
    if response is None:
        response = build()
        cache.set(key, response, timeout=None)
    return response


def public(view):
    """A public view: GET/HEAD only, throttled, in the public site's language. The view returns
    `(etag, build)`; `build()` makes the response only when the client's copy is not current."""

    @require_safe
    @throttled
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override(LANGUAGE):
            etag, build = view(request, *args, **kwargs)
            response = get_conditional_response(request, etag=etag) or _rendered(etag, build)
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
        return response

    return wrapper
