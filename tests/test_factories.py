"""The shared factories of a jurisdiction's next plan build what the tests that use them say they do."""

from decimal import Decimal

import pytest

from tests.factories import (
    ContinuingIndicatorFactory,
    IndicatorFactory,
    JurisdictionFactory,
    NextPlanFactory,
    PlanFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def test_the_next_plan_follows_the_plan_before_in_its_jurisdiction():
    current = PlanFactory(jurisdiction=JurisdictionFactory(name="宽城区"))
    following = NextPlanFactory(after=current)
    assert following.jurisdiction_id == current.jurisdiction_id
    assert (following.start_year, following.end_year, following.baseline_year) == (2026, 2030, 2025)
    assert following.title == "宽城区生态环境保护“十五五”规划"
    assert NextPlanFactory(after=following).years == [2031, 2032, 2033, 2034, 2035]


def test_a_continuing_indicator_keeps_the_key_and_units_and_reads_its_figures():
    unit = UnitFactory()
    current = IndicatorFactory(share=True)
    current.units.add(unit)
    following = ContinuingIndicatorFactory(continues=current, baseline="88.5", target="≥92")
    assert following.plan.baseline_year == current.plan.end_year
    assert (following.key, following.name, following.unit, following.direction) == (
        current.key,
        current.name,
        current.unit,
        current.direction,
    )
    assert list(following.units.all()) == [unit]
    assert (following.baseline_text, following.baseline_value) == ("88.5", Decimal("88.5"))
    assert (following.target_text, following.target_value) == ("≥92", 92)
    assert (
        ContinuingIndicatorFactory(continues=current, plan=following.plan).target_text == current.target_text
    )
