"""One history across successive plans: an indicator's key links a jurisdiction's 十四五 and 十五五 plans."""

from decimal import Decimal

import pytest

from indicators.models import ReviewState
from indicators.selectors import indicator_lineage
from tests.factories import (
    ContinuingIndicatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    JurisdictionFactory,
    NextPlanFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods():
    """宽城区's PM2.5 in its 十四五 plan (42 → 30) and its 十五五 plan (42 in 2025 → 28)."""
    place = JurisdictionFactory(name="宽城区")
    current = IndicatorFactory(plan=PlanFactory(jurisdiction=place, title="宽城区“十四五”规划"), pm25=True)
    return current, ContinuingIndicatorFactory(continues=current, baseline="42", target="28")


def approve(indicator, year, value, state=ReviewState.APPROVED):
    return IndicatorValueFactory(indicator=indicator, year=year, value=value, state=state)


def test_the_lineage_holds_both_plans_in_order_with_their_approved_values(periods):
    current, following = periods
    approve(current, 2024, 41)
    approve(current, 2025, 40)
    approve(following, 2026, 39)
    approve(following, 2027, 37, state=ReviewState.SUBMITTED)  # not checked by a reviewer: not shown
    lineage = indicator_lineage(following)
    assert [p.indicator for p in lineage.periods] == [current, following]
    assert [p.values for p in lineage.periods] == [{2024: 41, 2025: 40}, {2026: 39}]


def test_the_next_baseline_differing_from_the_approved_value_is_a_mismatch(periods):
    current, following = periods
    approve(current, 2025, 40)
    [handover] = indicator_lineage(current).handovers
    assert (handover.year, handover.approved, handover.baseline) == (2025, Decimal(40), Decimal(42))
    assert handover.mismatch


def test_the_next_baseline_equal_to_the_approved_value_is_no_mismatch(periods):
    current, following = periods
    approve(current, 2025, 42)
    [handover] = indicator_lineage(following).handovers
    assert not handover.mismatch


def test_without_an_approved_value_for_the_baseline_year_nothing_is_flagged(periods):
    [handover] = indicator_lineage(periods[1]).handovers
    assert handover.approved is None and not handover.mismatch


def test_plans_of_other_jurisdictions_and_other_keys_are_not_part_of_it(periods):
    current, following = periods
    IndicatorFactory(plan=NextPlanFactory(), pm25=True)
    IndicatorFactory(plan=following.plan, share=True)
    assert [p.indicator for p in indicator_lineage(current).periods] == [current, following]


def test_an_indicator_no_other_plan_prints_has_no_lineage(periods):
    current, _following = periods
    alone = IndicatorFactory(plan=current.plan, hold=True)
    assert indicator_lineage(alone).periods == [] and indicator_lineage(alone).handovers == []


def test_the_lineage_takes_two_queries(periods, django_assert_num_queries):
    current, following = periods
    approve(current, 2025, 40)
    with django_assert_num_queries(2):
        indicator_lineage(following)
