from django.db import DatabaseError, connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """For the load balancer: 200 while the database answers, 503 as soon as it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; answer instead of logging a 404.

    The hashed name is looked up per request: at import time (e.g. `check --deploy` before
    collectstatic) the manifest may not exist yet.
    """
    return HttpResponsePermanentRedirect(static("favicon.svg"))
