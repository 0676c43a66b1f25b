"""One rule for the year a page opens on (`indicators.selectors.default_year`) and for `?year=`."""

from datetime import date

import pytest
from django.urls import reverse

from indicators.models import ReviewState
from indicators.selectors import default_year
from indicators.years import parse_year
from tests.factories import IndicatorFactory, IndicatorValueFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "year"),
    [("2023", 2023), (" 2021 ", 2021), ("2020", None), ("2026", None), ("x", None), (None, None)],
)
def test_only_plan_years_are_read_from_a_request(raw, year):
    assert parse_year(raw) == year


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
