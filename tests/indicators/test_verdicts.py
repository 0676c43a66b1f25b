"""When a verdict is final, and what it says of the target it was judged against."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from indicators.attainment import Status
from indicators.selectors import indicator_attainment
from indicators.verdicts import TargetSource
from tests.factories import add_values

pytestmark = pytest.mark.django_db


def verdict(indicator, year, today):
    return indicator_attainment(indicators=[indicator], year=year, today=today)[indicator.pk].verdict


def test_the_last_year_while_it_runs_is_judged_on_the_latest_value_with_a_forecast(world):
    add_values(world.indicator, {2021: 40, 2022: 39, 2023: 38, 2024: 37})
    found = verdict(world.indicator, 2025, today=datetime.date(2025, 6, 1))
    assert not found.final
    assert (found.value_year, found.value, found.status) == (2024, Decimal("37"), Status.BEHIND)
    assert found.forecast is not None


def test_the_last_year_once_over_is_final_and_unreported_without_its_value(world):
    add_values(world.indicator, {2021: 40, 2022: 39, 2023: 38, 2024: 37})
    found = verdict(world.indicator, 2025, today=datetime.date(2026, 1, 1))
    assert found.final and found.unreported
    assert (found.value_year, found.value, found.status, found.forecast) == (None, None, Status.NO_DATA, None)
    with translation.override("zh-hans"):
        assert found.label == "2025年数据未报"  # the plan's own last year


def test_an_approved_last_year_is_final_whatever_the_date(world):
    add_values(world.indicator, {2025: 29})
    found = verdict(world.indicator, 2025, today=datetime.date(2025, 12, 31))
    assert found.final and found.status == Status.MET and found.value_year == 2025


def test_a_year_past_the_plan_is_its_last_year(world):
    add_values(world.indicator, {2025: 31})
    found = verdict(world.indicator, 2027, today=datetime.date(2028, 1, 1))
    assert (found.year, found.final, found.status) == (2025, True, Status.NOT_MET)


def test_earlier_years_keep_their_mid_period_judgement_after_the_period(world):
    add_values(world.indicator, {2021: 40, 2022: 39})
    found = verdict(world.indicator, 2023, today=datetime.date(2026, 12, 1))
    assert not found.final and found.value_year == 2022 and found.forecast is not None


def test_a_revision_says_when_and_why_and_is_the_target_judged_against(world):
    world.indicator.revisions.create(
        effective_year=2024,
        target_text="25",
        target_value=25,
        reason="省考核目标提高",
        decided_on=datetime.date(2024, 6, 30),
        created_by=world.users["admin"],
    )
    add_values(world.indicator, {2025: 27})  # would meet the printed 30
    found = verdict(world.indicator, 2025, today=datetime.date(2026, 1, 1))
    target = found.target
    assert (target.source, target.text, target.printed, target.number) == (
        TargetSource.REVISED,
        "25",
        "30",
        Decimal("25"),
    )
    assert (target.revised_from, target.revised_on, target.reason) == (
        2024,
        datetime.date(2024, 6, 30),
        "省考核目标提高",
    )
    assert found.status == Status.NOT_MET
    assert (
        verdict(world.indicator, 2023, today=datetime.date(2026, 1, 1)).target.source == TargetSource.PRINTED
    )


def test_the_open_sdg_measure_is_given_mid_period_only(world):
    add_values(world.indicator, {2021: 40, 2022: 39, 2023: 38, 2025: 31})
    running = verdict(world.indicator, 2023, today=datetime.date(2026, 12, 1))
    assert running.sdg_measure is not None and running.sdg_measure.label
    final = verdict(world.indicator, 2025, today=datetime.date(2026, 12, 1))
    assert final.final and final.assessment.sdg_category is not None  # measured, but not a judgement now
    assert final.sdg_measure is None
