"""The database itself refuses what must never happen, whatever code path tries it."""

import pytest
from django.db import IntegrityError, transaction

from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    PlanFactory,
    ProjectProgressFactory,
    TaskProgressFactory,
)

pytestmark = pytest.mark.django_db


def refused(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_second_value_for_the_same_year_is_refused():
    value = IndicatorValueFactory(year=2022)
    refused(IndicatorValueFactory, indicator=value.indicator, year=2022)


@pytest.mark.parametrize("year", [1900, 2200])
def test_value_of_an_implausible_year_is_refused(year):
    # Whether a year is one of the plan's is the services' check (`Plan.covers`); the database
    # refuses only years no plan can have.
    refused(IndicatorValueFactory, year=year)


def test_value_with_neither_number_nor_status_is_refused():
    refused(IndicatorValueFactory, value=None, status="")


def test_text_status_alone_is_a_valid_value():
    assert IndicatorValueFactory(value=None, status="done").pk


def test_task_progress_is_one_per_year():
    progress = TaskProgressFactory(year=2023)
    refused(TaskProgressFactory, task=progress.task, year=2023)


def test_task_progress_of_an_implausible_year_is_refused():
    refused(TaskProgressFactory, year=2101)


def test_project_progress_is_one_per_year():
    progress = ProjectProgressFactory(year=2024)
    refused(ProjectProgressFactory, project=progress.project, year=2024)


def test_two_indicators_with_the_same_place_in_a_box_are_refused():
    indicator = IndicatorFactory(seq=3)
    refused(IndicatorFactory, plan=indicator.plan, box=indicator.box, seq=3)


def test_two_goals_with_the_same_sequence_in_a_plan_are_refused():
    goal = IndicatorFactory(goal=True, seq=1)
    refused(IndicatorFactory, plan=goal.plan, goal=True, seq=1)


def test_plan_period_must_end_after_it_starts():
    refused(PlanFactory, start_year=2025, end_year=2021)


def test_plan_baseline_must_precede_the_period():
    refused(PlanFactory, baseline_year=2021)


def test_plan_title_is_unique_in_a_jurisdiction():
    plan = PlanFactory()
    refused(PlanFactory, jurisdiction=plan.jurisdiction, title=plan.title)
