"""Every dashboard page runs the same bounded number of queries with a few rows or with many."""

import pytest

from importer.synthetic import synthetic_generate
from tests.dashboard.conftest import login
from tests.factories import BoxFactory, ContinuingIndicatorFactory, NextPlanFactory

pytestmark = pytest.mark.django_db

# Every page also reads the reporting rounds and the unread notifications (the banner and the navigation);
# the comparison index also reads the user's peers (sibling jurisdictions).
MAX_QUERIES = {"overview": 16, "plan": 22, "indicator": 30, "compare": 17, "compare-index": 10, "unit": 20}


def pages(dash):
    return {
        "overview": "/?year=2023",
        "plan": f"/plans/{dash.plan.pk}/?year=2023",
        "indicator": f"/indicators/{dash.pm25.pk}/?year=2023",
        "compare": "/compare/pm25/?year=2023",
        "compare-index": "/compare/",
        "unit": f"/units/{dash.own_unit.pk}/?year=2023",
    }


@pytest.fixture(params=["small", "large", "two periods"])
def data(request, dash):
    if request.param == "large":
        synthetic_generate(plans=15, seed=7)
    if request.param == "two periods":  # 宽城区's next plan beside it: pages list one plan's rows a year
        later = NextPlanFactory(after=dash.plan)
        box = BoxFactory(plan=later, number=1)
        for indicator in dash.plan.indicators.all():
            ContinuingIndicatorFactory(continues=indicator, plan=later, box=box)
    return dash


@pytest.mark.parametrize("page", list(MAX_QUERIES))
@pytest.mark.parametrize("who", ["admin", "leader"])
def test_page_runs_a_bounded_number_of_queries(client, data, django_assert_max_num_queries, page, who):
    login(client, data.users[who])
    url = pages(data)[page]
    client.get(url)  # a first visit computes the attainment table: bounded too, but more
    with django_assert_max_num_queries(MAX_QUERIES[page]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", ["overview", "plan", "compare"])
def test_first_visit_is_bounded_too(client, data, django_assert_max_num_queries, page):
    login(client, data.users["admin"])
    with django_assert_max_num_queries(MAX_QUERIES[page] + 8):
        assert client.get(pages(data)[page]).status_code == 200
