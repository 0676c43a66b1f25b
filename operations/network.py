from django.conf import settings


def client_ip(request):
    """The caller's address; behind our own proxy, the hop it appended to X-Forwarded-For.

    Only the last hop is trusted: earlier ones come from the client and can be forged.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if hops := [hop.strip() for hop in forwarded.split(",") if hop.strip()]:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")
