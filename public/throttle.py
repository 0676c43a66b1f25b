"""A per-client limit on the public pages, counted in Django's cache (`settings.PUBLIC_THROTTLE`)."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.translation import gettext as _

from operations.network import client_ip


def throttled(view):
    """At most `requests` per client in each window of `seconds`, else 429 with Retry-After. A reverse
    proxy in front answers most requests from its cache, so this bounds what reaches the application."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        requests, seconds = settings.PUBLIC_THROTTLE
        window = int(time.time() // seconds)
        key = f"public-throttle:{client_ip(request)}:{window}"
        cache = caches[settings.PUBLIC_THROTTLE_CACHE]
        cache.add(key, 0, timeout=seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=seconds)
            count = 1
        if count > requests:
            response = HttpResponse(
                _("Too many requests: please try again shortly."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(seconds - int(time.time()) % seconds)
            response["Cache-Control"] = "no-store"  # one client's refusal, not the page
            return response
        return view(request, *args, **kwargs)

    return wrapper
