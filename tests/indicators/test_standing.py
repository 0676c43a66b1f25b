"""Where an indicator stands now: the latest approved value up to the year and its assessment, and
figures assigned from above (年度下达目标) fed through the one attainment read path."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from indicators.attainment import Status
from indicators.models import AssignedTarget, ReviewState
from indicators.selectors import indicator_attainment, indicator_years
from tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def approved(indicator, year, value=None, status=""):
    return IndicatorValueFactory(
        indicator=indicator, year=year, value=value, status=status, state=ReviewState.APPROVED
    )


def judged(indicator, year):
    return indicator_attainment(indicators=[indicator], year=year)[indicator.pk]


def assign(indicator, year, value, **kwargs):
    return AssignedTarget.objects.create(
        indicator=indicator, year=year, value=Decimal(value), decided_on=datetime.date(year, 3, 1), **kwargs
    )


def test_the_latest_approved_value_up_to_the_year_is_where_it_stands(world):
    approved(world.indicator, 2021, 40)
    approved(world.indicator, 2022, 38)
    IndicatorValueFactory(indicator=world.indicator, year=2023, value=30, state=ReviewState.SUBMITTED)
    found = judged(world.indicator, 2024)
    assert (found.latest_year, found.latest_value) == (2022, Decimal("38"))
    assert found.assessment.status == Status.NO_DATA  # the year itself
    assert found.status == found.standing.status == Status.BEHIND  # 38 in 2022, where the path expects 37.2
    assert found.standing.actual == Decimal("38")


def test_a_later_approved_value_is_not_the_latest_of_an_earlier_year(world):
    approved(world.indicator, 2021, 40)
    approved(world.indicator, 2024, 33)
    assert judged(world.indicator, 2022).latest_year == 2021


def test_without_any_approved_value_there_is_no_latest_and_no_forecast(world):
    found = judged(world.indicator, 2024)
    assert found.latest_year is None and found.latest_value is None
    assert found.standing.status == Status.NO_DATA and found.standing.forecast is None


def test_the_latest_of_a_text_target_is_its_approved_status(world):
    indicator = IndicatorFactory(plan=world.plan, qualitative=True)
    approved(indicator, 2022, status="in_progress")
    found = judged(indicator, 2023)
    assert (found.latest_year, found.latest_value) == (2022, "in_progress")
    assert found.standing.status == Status.IN_PROGRESS


def test_every_year_of_the_indicator_page_carries_its_latest(world):
    approved(world.indicator, 2021, 40)
    years = indicator_years(indicator=world.indicator)
    assert [years[y].latest_year for y in (2021, 2022, 2024)] == [2021, 2021, 2021]
    # The plan's last year is over and not reported: final, and no older value is judged for it.
    assert years[2025].latest_year is None and years[2025].verdict.unreported


def test_an_assigned_figure_turns_a_text_target_from_no_data_to_met(world):
    indicator = IndicatorFactory(
        plan=world.plan, qualitative=True, target_text="完成市级下达任务", unit="万吨"
    )
    approved(indicator, 2023, Decimal("0.31"))
    assert judged(indicator, 2023).status == Status.NO_DATA
    assign(indicator, 2023, "0.30")
    found = judged(indicator, 2023)
    assert found.status == Status.MET
    assert found.assigned_target.value == Decimal("0.30")


def test_an_assigned_upper_bound_missed_is_not_completed(world):
    indicator = IndicatorFactory(plan=world.plan, qualitative=True, target_text="完成市级下达任务")
    approved(indicator, 2023, Decimal("36"))
    assign(indicator, 2023, "35", at_most=True)
    assert judged(indicator, 2023).status == Status.NOT_DONE


def test_the_api_answers_the_assigned_figure(world):
    indicator = IndicatorFactory(
        plan=world.plan, qualitative=True, target_text="完成市级下达任务", unit="万吨"
    )
    approved(indicator, 2023, Decimal("0.31"))
    assign(indicator, 2023, "0.30", assigned_by="长春市生态环境局")
    client = APIClient()
    client.force_authenticate(world.users["leader"])
    body = client.get(f"/api/indicators/{indicator.pk}/attainment/", {"year": 2023}).json()
    assert body["status"] == "met"
    assert body["target"] == "完成市级下达任务"
    assert body["assigned_target"] == {
        "value": 0.3,
        "unit": "",
        "at_most": False,
        "assigned_by": "长春市生态环境局",
    }
    other = client.get(f"/api/indicators/{indicator.pk}/attainment/", {"year": 2022}).json()
    assert other["assigned_target"] is None
