"""One rule for the year a page opens on (`indicators.years.default_year`) and one parser for `?year=`."""

from datetime import date

import pytest
from django.urls import reverse

from indicators.models import ReviewState
from indicators.years import default_year, parse_year, year_or_default
from tests.factories import IndicatorFactory, IndicatorValueFactory, PlanFactory

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
    PlanFactory(
        jurisdiction=world.district, title="十五五规划", start_year=2026, end_year=2030, baseline_year=2025
    )
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
