"""Every dashboard page prints the target in force for the year, the one the status is judged by."""

import datetime

import pytest

from indicators.models import TargetRevision
from tests.dashboard.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def revised(dash):
    """The city's PM2.5 target (28) revised to 32 from 2023; the district's good days (90) to 92."""
    for indicator, text in ((dash.city_pm25, "32"), (dash.good_days, "92")):
        TargetRevision.objects.create(
            indicator=indicator, effective_year=2023, target_text=text, target_value=int(text),
            reason="中期调整", decided_on=datetime.date(2023, 6, 1), created_by=dash.users["admin"],
        )  # fmt: skip
    return dash


REVISED_CELL = '<span class="revised" title="原定目标：90">92（调整）</span>'


def get(client, user, url):
    login(client, user)
    return client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_plan_table_prints_the_revised_target_with_the_printed_one_in_its_title(client, revised):
    html = get(client, revised.users["leader"], f"/plans/{revised.plan.pk}/?year=2023")
    assert REVISED_CELL in html


def test_plan_table_prints_the_printed_target_before_the_revision_is_in_force(client, revised):
    html = get(client, revised.users["leader"], f"/plans/{revised.plan.pk}/?year=2022")
    assert "（调整）" not in html
    assert '<td class="num">90</td>' in html


def test_sparkline_draws_the_target_in_force(client, revised):
    login(client, revised.users["leader"])
    response = client.get(f"/plans/{revised.plan.pk}/?year=2023")
    ((_box, rows),) = response.context["tables"]
    row = next(r for r in rows if r.indicator.pk == revised.good_days.pk)
    assert row.row.target == "92"
    # values 86, 88, 90 under a goal of 92: the goal line is the top of the sparkline (y = 3)
    assert 'class="goal" x1="2" x2="108" y1="3.0"' in response.content.decode()


def test_compare_page_prints_and_charts_the_revised_parent_target(client, revised):
    html = get(client, revised.users["reviewer_city"], "/compare/pm25/?year=2023")
    assert '<span class="revised" title="原定目标：28">32（调整）</span>' in html
    login(client, revised.users["reviewer_city"])
    chart = client.get("/compare/pm25/?year=2023").context["chart"]
    assert 32.0 in chart["parent_targets"] and 28.0 not in chart["parent_targets"]


def test_indicator_page_marks_the_revised_target(client, revised):
    html = get(client, revised.users["leader"], f"/indicators/{revised.good_days.pk}/?year=2023")
    assert REVISED_CELL in html


def test_unit_page_prints_the_revised_target(client, revised):
    html = get(client, revised.users["leader"], f"/units/{revised.other_unit.pk}/?year=2023")
    assert REVISED_CELL in html
