"""Attainment of indicators read from the database: feeds `attainment.assess` prefetched numbers.

Only APPROVED values count: a draft or a submitted figure has not been checked by a reviewer, so
the API, the dashboard and reports judge the same reviewed numbers. The target is the one in force
for the year: the latest target revision (中期调整) in force by then, else the printed 2025 target.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from plans.models import Plan

from .attainment import Assessment, assess
from .models import Indicator, IndicatorValue, ReviewState, TargetRevision
from .validation import is_percentage, measures_change

PLACES = Decimal("0.0001")


def target_in_force(indicator, year: int, revisions=None) -> str:
    """The printed target for `year`: the latest revision effective by then, else the plan's own."""
    if revisions is None:
        revisions = indicator.revisions.all()
    in_force = [r for r in revisions if r.effective_year <= year]
    if in_force:
        return max(in_force, key=lambda r: r.effective_year).target_text
    return indicator.target_text


def _assess_one(indicator, plan, year, values, statuses, revisions) -> Assessment:
    return assess(
        direction=indicator.direction,
        baseline=indicator.baseline_text or indicator.baseline_value,
        target=target_in_force(indicator, year, revisions),
        values=values,
        year=year,
        text_status=statuses.get(year),
        attribute=indicator.attribute,
        start_year=plan.start_year,
        end_year=plan.end_year,
        baseline_year=plan.baseline_year,
        **bounds(indicator),
    )


def bounds(indicator) -> dict:
    """What the measure can physically be: changes may fall below zero, shares stop at 100."""
    return {
        "floor": None if measures_change(indicator.name) else 0,
        "ceiling": 100 if is_percentage(indicator.unit) else None,
    }


def _clamp_year(year: int, plan) -> int:
    return min(max(year, plan.start_year), plan.end_year)


def attainment_for_indicators(*, indicators, year: int) -> dict[int, Assessment]:
    """{indicator id: Assessment} for `year` from approved values, in at most three queries whatever the number."""
    indicators = list(indicators)
    ids = [indicator.pk for indicator in indicators]
    plans = {i.plan_id: i.plan for i in indicators if Indicator.plan.is_cached(i)}
    missing = {indicator.plan_id for indicator in indicators} - set(plans)
    if missing:
        plans.update(Plan.objects.in_bulk(missing))
    values, statuses = defaultdict(dict), defaultdict(dict)
    rows = IndicatorValue.objects.filter(
        indicator_id__in=ids, state=ReviewState.APPROVED, year__lte=year
    ).values_list("indicator_id", "year", "value", "status")
    for indicator_id, value_year, value, status in rows:
        if value is not None:
            values[indicator_id][value_year] = value
        if status:
            statuses[indicator_id][value_year] = status
    revisions = defaultdict(list)
    for revision in TargetRevision.objects.filter(indicator_id__in=ids, effective_year__lte=year):
        revisions[revision.indicator_id].append(revision)
    result = {}
    for indicator in indicators:
        plan = plans[indicator.plan_id]
        result[indicator.pk] = _assess_one(
            indicator,
            plan,
            _clamp_year(year, plan),
            values[indicator.pk],
            statuses[indicator.pk],
            revisions[indicator.pk],
        )
    return result


def default_year(indicator) -> int:
    """The latest year with an approved value, else the last finished year of the plan period."""
    latest = (
        IndicatorValue.objects.filter(indicator=indicator, state=ReviewState.APPROVED)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if latest:
        return latest
    return timezone.localdate().year - 1


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(PLACES))


def indicator_attainment(*, indicator, year: int | None = None) -> dict:
    """What the API's attainment action returns: the assessment of one indicator for one year."""
    plan = indicator.plan
    year = _clamp_year(year if year is not None else default_year(indicator), plan)
    result = attainment_for_indicators(indicators=[indicator], year=year)[indicator.pk]
    return {
        "indicator": indicator.pk,
        "year": year,
        "basis": "approved",
        "target": target_in_force(indicator, year, list(indicator.revisions.all())),
        "status": str(result.status),
        "status_label": str(result.status.label),
        "progress": _number(result.progress),
        "expected": _number(result.expected),
        "actual": _number(result.actual),
        "forecast_2025": _number(result.forecast_2025),
        "forecast_meets_target": result.forecast_meets_target,
        "warning": result.warning,
        "sdg_ratio": _number(result.sdg_ratio),
        "sdg_category": str(result.sdg_category) if result.sdg_category else None,
    }
