"""The indicator page shows one history across a jurisdiction's successive plans, on the real plans:
宽城区's 十四五 plan and its 十五五 plan as `load_plans` loads them."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from indicators.models import Indicator
from indicators.services import record_approve, record_submit, value_save
from tests.rendered import row_naming, terms

pytestmark = pytest.mark.django_db

MISMATCH = "“十五五”基期值42与“十四五”2025年审核值40不一致"


@pytest.fixture
def pm25():
    """宽城区's PM2.5 in its 十四五 plan (2020: 42 → 2025: 30) and its 十五五 plan (2025: 42 → 2030: 30)."""
    call_command("load_plans", stdout=io.StringIO())
    call_command("seed_demo", force=True, stdout=io.StringIO())
    return list(
        Indicator.objects.filter(plan__jurisdiction__name="宽城区", key="pm25", source="table")
        .select_related("plan")
        .order_by("plan__start_year")
    )


def approve_2025(indicator, value):
    reporter, reviewer = User.objects.get(username="kc_sthj"), User.objects.get(username="kc_review")
    record = value_save(user=reporter, indicator=indicator, year=2025, value=value)
    record_approve(user=reviewer, record=record_submit(user=reporter, record=record))


def page(client, indicator):
    client.force_login(User.objects.get(username="kc_leader"))
    return client.get(f"/indicators/{indicator.pk}/")


def test_the_real_plans_link_pm25_across_the_two_periods(pm25):
    current, following = pm25
    assert (current.plan.baseline_year, following.plan.baseline_year) == (2020, 2025)
    assert (current.baseline_text, following.baseline_text) == ("42", "42")


def test_the_next_period_page_flags_a_baseline_that_differs_from_the_approved_2025_value(client, pm25):
    current, following = pm25
    approve_2025(current, "40")
    response = page(client, following)
    html = response.content.decode()
    assert MISMATCH in html
    assert MISMATCH in terms(html)["2025年基期值"]
    chart = response.context["chart"]
    assert chart["years"] == list(range(2020, 2031))
    assert chart["values"][chart["years"].index(2025)] == 40.0  # the 十四五 plan's approved figure
    assert chart["baselines"][chart["years"].index(2025)] == 42.0  # beside the 十五五 baseline
    assert [b["year"] for b in chart["boundaries"]] == [2025]
    assert chart["plan_years"] == [2025, 2030] and chart["forecast_year"] == 2030


def test_the_previous_period_page_shows_the_same_history_and_the_flag(client, pm25):
    current, following = pm25
    approve_2025(current, "40")
    response = page(client, current)
    assert MISMATCH in response.content.decode()
    chart = response.context["chart"]
    assert chart["years"] == list(range(2020, 2031))
    assert chart["values"][0] == 42.0 and chart["plan_years"] == [2020, 2025]


def test_a_matching_approved_value_is_shown_without_a_flag(client, pm25):
    current, following = pm25
    approve_2025(current, "42")
    html = page(client, following).content.decode()
    assert "“十四五”2025年审核值：42" in html and "不一致" not in html


def test_the_next_period_plan_page_names_its_own_baseline_and_target_years(client, pm25):
    _current, following = pm25
    client.force_login(User.objects.get(username="kc_leader"))
    html = client.get(f"/plans/{following.plan.pk}/").content.decode()
    row = row_naming(html, following.name)
    assert (row["2025年基期值"], row["2030年目标值"]) == ("42", "30")
    assert "2020年基期值" not in html and "2025年目标值" not in html
