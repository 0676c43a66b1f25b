"""The one attainment read path: approved values only, the target in force, a fixed number of queries;
and the API action that serves it."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from indicators.attainment import Status
from indicators.models import Indicator, ReviewState, TargetRevision
from indicators.selectors import indicator_attainment, indicator_path, indicator_years, target_in_force
from tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def approved(indicator, year, value):
    return IndicatorValueFactory(indicator=indicator, year=year, value=value, state=ReviewState.APPROVED)


def revise(indicator, year, text, user):
    return TargetRevision.objects.create(
        indicator=indicator,
        effective_year=year,
        target_text=text,
        target_value=Decimal(text),
        reason="中期调整",
        decided_on=datetime.date(year, 6, 1),
        created_by=user,
    )


def api_attainment(world, indicator, year=None):
    """The API's attainment action, as the leader of the world's district reads it."""
    client = APIClient()
    client.force_authenticate(world.users["leader"])
    response = client.get(f"/api/indicators/{indicator.pk}/attainment/", {"year": year} if year else {})
    assert response.status_code == 200, response.content
    return response.json()


def judged(indicator, year):
    return indicator_attainment(indicators=[indicator], year=year)[indicator.pk]


def test_approved_value_is_assessed_on_the_path(world):
    approved(world.indicator, 2022, "37")  # PM2.5 42 → 30: the path expects 37.2 in 2022
    result = api_attainment(world, world.indicator, 2022)
    assert (result["status"], result["actual"], result["expected"]) == ("on_track", 37.0, 37.2)


def test_result_has_the_documented_keys(world):
    approved(world.indicator, 2022, "37")
    result = api_attainment(world, world.indicator, 2022)
    assert {
        "status",
        "status_label",
        "progress",
        "expected",
        "actual",
        "forecast",
        "forecast_year",
        "forecast_meets_target",
    } <= set(result)


def test_the_forecast_is_for_the_last_year_of_the_indicators_plan(world):
    world.plan.start_year, world.plan.end_year, world.plan.baseline_year = 2026, 2030, 2025
    world.plan.save()
    approved(world.indicator, 2026, "40")
    approved(world.indicator, 2027, "38")
    result = api_attainment(world, world.indicator, 2027)
    assert (result["forecast_year"], result["forecast"]) == (2030, 32.0)


def test_draft_and_submitted_values_are_not_counted(world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=37, state=ReviewState.DRAFT)
    IndicatorValueFactory(indicator=world.indicator, year=2021, value=38, state=ReviewState.SUBMITTED)
    assert judged(world.indicator, 2022).status == Status.NO_DATA


def test_forecast_comes_from_the_approved_years(world):
    approved(world.indicator, 2021, "40")
    approved(world.indicator, 2022, "38")
    result = judged(world.indicator, 2022).assessment
    assert result.forecast == 32 and result.forecast_meets_target is False


def test_revised_target_in_force_is_used(world):
    revise(world.indicator, 2023, "40", world.users["admin"])
    approved(world.indicator, 2023, "39")
    found = judged(world.indicator, 2023)
    assert (found.status, found.target, found.revised) == (Status.MET, "40", True)


def test_revision_from_a_later_year_is_not_yet_in_force(world):
    revise(world.indicator, 2024, "40", world.users["admin"])
    assert target_in_force(world.indicator, 2023) == "30"
    assert target_in_force(world.indicator, 2024) == "40"


def test_latest_revision_in_force_wins(world):
    revise(world.indicator, 2022, "35", world.users["admin"])
    revise(world.indicator, 2023, "33", world.users["admin"])
    assert target_in_force(world.indicator, 2025) == "33"


def test_year_defaults_to_the_latest_approved_year(world):
    approved(world.indicator, 2021, "40")
    approved(world.indicator, 2023, "36")
    assert api_attainment(world, world.indicator)["year"] == 2023


def test_qualitative_indicator_reports_the_approved_status(world):
    text = IndicatorFactory(plan=world.plan, qualitative=True)
    IndicatorValueFactory(indicator=text, year=2022, value=None, status="done", state=ReviewState.APPROVED)
    assert judged(text, 2022).status == Status.DONE


def test_api_action_returns_the_assessment(world):
    approved(world.indicator, 2022, "37")
    client = APIClient()
    client.force_authenticate(world.users["leader"])
    response = client.get(f"/api/indicators/{world.indicator.pk}/attainment/", {"year": 2022})
    assert response.status_code == 200 and response.json()["status"] == "on_track"


def test_bulk_assessment_covers_every_indicator(world):
    others = [IndicatorFactory(plan=world.plan) for _ in range(3)]
    approved(others[0], 2022, "29")
    result = indicator_attainment(indicators=[world.indicator, *others], year=2022)
    assert set(result) == {world.indicator.pk, *(i.pk for i in others)}
    assert result[others[0].pk].status == Status.MET and result[world.indicator.pk].status == Status.NO_DATA


@pytest.mark.parametrize("count", [5, 50])
def test_bulk_assessment_takes_four_queries_whatever_the_number(world, count, django_assert_num_queries):
    # plans, approved values, revisions, assigned figures: indicators fresh from the database carry no plan yet
    indicators = [IndicatorFactory(plan=world.plan) for _ in range(count)]
    for indicator in indicators:
        approved(indicator, 2021, "40")
        revise(indicator, 2022, "32", world.users["admin"])
    fresh = list(Indicator.objects.filter(pk__in=[i.pk for i in indicators]))
    with django_assert_num_queries(4):
        indicator_attainment(indicators=fresh, year=2022)


def test_bulk_assessment_reuses_plans_already_loaded(world, django_assert_num_queries):
    indicators = list(Indicator.objects.select_related("plan").filter(plan=world.plan))
    with django_assert_num_queries(3):
        indicator_attainment(indicators=indicators, year=2022)


def test_values_of_every_year_come_with_the_assessment(world):
    approved(world.indicator, 2021, "40")
    approved(world.indicator, 2024, "33")
    IndicatorValueFactory(indicator=world.indicator, year=2023, value=35, state=ReviewState.SUBMITTED)
    found = judged(world.indicator, 2022)
    assert found.values == {2021: Decimal("40"), 2024: Decimal("33")}
    assert found.assessment.actual is None and found.year == 2022


def test_every_year_of_the_plan_is_judged_from_one_read(world, django_assert_max_num_queries):
    approved(world.indicator, 2021, "39")
    approved(world.indicator, 2022, "37")
    with django_assert_max_num_queries(3):
        years = indicator_years(indicator=world.indicator)
    assert list(years) == world.plan.years
    assert (years[2021].status, years[2022].status) == (Status.ON_TRACK, Status.ON_TRACK)


def test_year_outside_the_plan_is_judged_at_its_nearest_year(world):
    approved(world.indicator, 2025, "30")
    assert judged(world.indicator, 2031).year == 2025 and judged(world.indicator, 2031).status == Status.MET


def test_path_runs_from_the_baseline_to_the_target_in_force(world):
    path = indicator_path(world.indicator, "30")  # 42 in 2020 → 30 in 2025
    assert path[2020] == 42 and path[2025] == 30 and path[2022] == Decimal("37.2")
