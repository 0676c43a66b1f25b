"""One rule for the year a page opens on (`indicators.years.default_year`) and one parser for `?year=`."""

from datetime import date
from urllib.parse import unquote

import pytest
from django.urls import reverse

from indicators.models import ReviewState
from indicators.years import default_year, year_or_default
from operations.params import parse_year
from tests.factories import IndicatorFactory, IndicatorValueFactory, NextPlanFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "year"),
    [
        ("2023", 2023),
        (" 2021 ", 2021),
        ("2030", 2030),
        ("x", None),
        (None, None),
        ("²⁰²⁴", None),  # superscript digits pass str.isdigit()
        ("２０２４", None),
        ("9" * 23, None),
        ("1900", None),
    ],
)
def test_only_plausible_years_in_ascii_digits_are_read_from_a_request(raw, year):
    assert parse_year(raw) == year


def test_a_year_outside_every_plan_of_the_user_opens_the_default(world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, state=ReviewState.APPROVED)
    reviewer = world.users["reviewer"]
    assert year_or_default("2024", reviewer) == 2024
    assert year_or_default("2030", reviewer) == 2022  # the plan runs 2021–2025


def test_next_period_plans_extend_the_years(world):
    NextPlanFactory(after=world.plan)
    assert year_or_default("2030", world.users["reviewer"]) == 2030


def test_default_is_the_latest_approved_year_the_user_may_see(world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, state=ReviewState.APPROVED)
    elsewhere = IndicatorFactory(plan=PlanFactory(jurisdiction=world.sibling))
    IndicatorValueFactory(indicator=elsewhere, year=2024, state=ReviewState.APPROVED)
    assert default_year(world.users["reviewer"]) == 2022
    assert default_year(world.users["reviewer_other"]) == 2024
    assert default_year(world.users["admin"]) == 2024


def test_import_template_form_defaults_to_a_year_it_accepts_after_the_period(client, world, monkeypatch):
    monkeypatch.setattr("indicators.years.timezone.localdate", lambda: date(2027, 1, 10))
    client.force_login(world.users["reporter_own"])
    html = client.get(reverse("spreadsheets:import")).content.decode()
    assert '<option value="2025" selected>' in html


def test_one_approval_of_a_new_year_does_not_move_the_default(world):
    """Two of three indicators approved for 2022, one for 2024: pages stay on 2022."""
    others = [IndicatorFactory(plan=world.plan, share=True), IndicatorFactory(plan=world.plan, hold=True)]
    for indicator in (world.indicator, others[0]):
        IndicatorValueFactory(indicator=indicator, year=2022, state=ReviewState.APPROVED)
    IndicatorValueFactory(indicator=others[1], year=2024, state=ReviewState.APPROVED)
    assert default_year(world.users["leader"]) == 2022
    assert default_year(world.users["admin"]) == 2022


def test_the_default_moves_once_half_of_a_year_is_approved(world):
    others = [IndicatorFactory(plan=world.plan, share=True), IndicatorFactory(plan=world.plan, hold=True)]
    for indicator in (world.indicator, others[0]):
        IndicatorValueFactory(indicator=indicator, year=2022, state=ReviewState.APPROVED)
    for indicator in (world.indicator, others[1]):
        IndicatorValueFactory(indicator=indicator, year=2024, state=ReviewState.APPROVED)
    assert default_year(world.users["leader"]) == 2024


def test_unapproved_values_do_not_count_towards_a_year(world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, state=ReviewState.APPROVED)
    IndicatorValueFactory(indicator=world.indicator, year=2024, state=ReviewState.SUBMITTED)
    assert default_year(world.users["leader"]) == 2022


def test_without_a_year_half_covered_the_latest_approved_year_is_the_default(world):
    for _n in range(3):
        IndicatorFactory(plan=world.plan, share=True)
    IndicatorValueFactory(indicator=world.indicator, year=2021, state=ReviewState.APPROVED)
    IndicatorValueFactory(indicator=world.indicator, year=2023, state=ReviewState.APPROVED)
    assert default_year(world.users["leader"]) == 2023


def test_pages_reports_and_the_api_open_on_the_same_default(client, world):
    others = [IndicatorFactory(plan=world.plan, share=True), IndicatorFactory(plan=world.plan, hold=True)]
    for indicator in (world.indicator, others[0]):
        IndicatorValueFactory(indicator=indicator, year=2022, state=ReviewState.APPROVED)
    IndicatorValueFactory(indicator=others[1], year=2024, state=ReviewState.APPROVED)
    client.force_login(world.users["leader"])
    assert client.get(reverse("dashboard:overview")).context["year"] == 2022
    api = client.get(f"/api/indicators/{world.indicator.pk}/attainment/").json()
    assert api["year"] == 2022
    report = client.get(reverse("spreadsheets:plan_report", kwargs={"pk": world.plan.pk, "fmt": "csv"}))
    assert "_2022年." in unquote(report["Content-Disposition"])
