"""Reading indicators and yearly records as a given user may see them."""

from django.db.models import Max, Q

from plans.models import Task

from . import permissions
from .models import Indicator, IndicatorValue, ReviewState
from .years import clamp, current_year


def indicators_visible_to(user):
    visible = permissions.visible_jurisdiction_ids(user)
    qs = Indicator.objects.select_related("plan__jurisdiction", "box").prefetch_related("units")
    if visible is None:
        return qs
    return qs.filter(
        Q(plan__jurisdiction_id__in=visible) | Q(units__in=permissions.user_unit_ids(user))
    ).distinct()


def values_visible_to(user):
    visible = permissions.visible_jurisdiction_ids(user)
    qs = IndicatorValue.objects.select_related(
        "indicator__plan__jurisdiction", "reported_by", "reviewed_by"
    ).prefetch_related("indicator__units")
    if visible is None:
        return qs
    return qs.filter(
        Q(indicator__plan__jurisdiction_id__in=visible)
        | Q(indicator__units__in=permissions.user_unit_ids(user))
    ).distinct()


def indicators_for_entry(user):
    """What a reporter enters: indicators of their own units."""
    return (
        Indicator.objects.filter(units__in=permissions.user_unit_ids(user))
        .select_related("plan__jurisdiction", "box")
        .prefetch_related("units")
        .distinct()
        .order_by("plan__jurisdiction__name", "plan_id", "box__number", "seq")
    )


def tasks_for_entry(user):
    return (
        Task.objects.filter(units__in=permissions.user_unit_ids(user))
        .select_related("section__chapter__plan")
        .prefetch_related("units", "responsibilities__unit")
        .distinct()
        .order_by("section__chapter__plan_id", "section__chapter__number", "section__number", "order")
    )


def default_year(user) -> int:
    """The year a page opens on: the latest year with approved values the user may see, else the
    current year kept inside the plan period. The entry page, the import template and the dashboard
    share this rule."""
    approved = IndicatorValue.objects.filter(state=ReviewState.APPROVED)
    visible = permissions.visible_jurisdiction_ids(user)
    if visible is not None:
        approved = approved.filter(
            Q(indicator__plan__jurisdiction_id__in=visible)
            | Q(indicator__units__in=permissions.user_unit_ids(user))
        )
    latest = approved.aggregate(latest=Max("year"))["latest"]
    return clamp(latest) if latest is not None else current_year()
