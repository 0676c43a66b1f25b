"""Template context every page needs."""

from .models import IndicatorValue


def demo_data(request):
    """Whether demo values are present, so every page can say so (one indexed EXISTS query, lazily)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"has_demo_data": lambda: IndicatorValue.objects.filter(is_demo=True).exists()}
