"""What every page shows of the reporting cycle: the open rounds with the days left, and the number of
unread notifications (one query each, only when a page renders them)."""

from . import selectors


def reporting_cycle(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "round_banners": lambda: selectors.banners_for(user),
        "unread_notifications": lambda: selectors.unread_count(user),
    }
