"""Template context every page needs."""

from . import permissions
from .models import IndicatorValue


def demo_data(request):
    """Whether demo values are present, so every page can say so (one indexed EXISTS query, lazily)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"has_demo_data": lambda: IndicatorValue.objects.filter(is_demo=True).exists()}


def navigation(request):
    """Which links the site header shows: each only to users `permissions` lets through."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "entry": permissions.may_enter_any(user),
            "import": permissions.may_import_values(user) and not permissions.may_enter_any(user),
            "review": permissions.may_see_review_queue(user),
            "plan_import": permissions.is_admin(user),
        }
    }
