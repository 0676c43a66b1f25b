"""The dashboard as people use it, in headless Chromium: no console errors, charts drawn, the review
workflow visible to the official."""

import re

import pytest

from indicators.attainment import Status
from tests.factories import ContinuingIndicatorFactory, add_values

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pages(d):
    return {
        "overview": "/?year=2023",
        "plan": f"/plans/{d.plan.pk}/?year=2023",
        "indicator": f"/indicators/{d.pm25.pk}/?year=2023",
        "compare-index": "/compare/",
        "compare": "/compare/pm25/?year=2023",
        "unit": f"/units/{d.own_unit.pk}/?year=2023",
    }


@pytest.mark.parametrize("width", [1366, 390])
def test_every_page_renders_without_errors(session, dash, width):  # noqa: F811
    tab = session(width)
    tab.log_in(dash.users["reviewer_city"].username)
    for name, path in pages(dash).items():
        tab.go(path)
        tab.shot(name)
        assert tab.page.locator("main h1").count() == 1, name


def test_indicator_chart_is_drawn_by_echarts(session, dash):  # noqa: F811
    tab = session()
    tab.log_in(dash.users["leader"].username)
    tab.go(f"/indicators/{dash.pm25.pk}/?year=2023")
    tab.page.wait_for_selector(".chart svg", state="attached")
    assert tab.page.evaluate("typeof echarts") == "object"
    # Four series: values, the path, the target line and the forecast, each named in the legend.
    assert tab.page.locator(".chart svg path").count() > 10
    assert tab.page.locator(".chart svg text", has_text="2025").count() >= 1


def test_the_indicator_chart_runs_across_both_periods_with_the_boundary_marked(session, dash):  # noqa: F811
    pm25 = ContinuingIndicatorFactory(continues=dash.pm25, baseline="38", target="28")
    add_values(dash.pm25, {2025: 40})
    tab = session()
    tab.log_in(dash.users["leader"].username)
    tab.go(f"/indicators/{pm25.pk}/")
    tab.page.wait_for_selector(".chart svg", state="attached")
    assert tab.page.locator(".chart svg text", has_text="2030").count() >= 1
    assert tab.page.locator(".chart svg text", has_text="2020").count() >= 1
    assert tab.page.locator(".chart svg text", has_text="“十五五”").count() == 1  # the plan boundary
    assert "“十五五”基期值38与“十四五”2025年审核值40不一致" in tab.page.content()


def test_compare_chart_is_drawn(session, dash):  # noqa: F811
    tab = session()
    tab.log_in(dash.users["reviewer_city"].username)
    tab.go("/compare/pm25/?year=2023")
    tab.page.wait_for_selector(".chart svg", state="attached")
    assert tab.page.locator(".chart svg path").count() > 5


def test_sorting_a_list_by_clicking_its_header(session, dash):  # noqa: F811
    tab = session()
    tab.log_in(dash.users["admin"].username)
    tab.go("/?year=2023")
    tab.page.locator("#plans th a.sort").last.click()
    tab.page.wait_for_load_state("load")
    assert "psort=share" in tab.page.url


def test_value_entered_submitted_and_approved_shows_on_the_dashboard(session, dash):  # noqa: F811
    dash.water.units.add(dash.own_unit)
    plan_page = f"/plans/{dash.plan.pk}/?year=2023"

    official = session()
    official.log_in(dash.users["leader"].username)
    official.go(plan_page)
    row = official.page.locator("tr", has_text=dash.water.name)
    assert row.locator(f".badge.{Status.NO_DATA}").count() == 1
    official.shot("e2e-1-before")

    staff = session()
    staff.log_in(dash.users["reporter_own"].username)
    staff.go("/entry/?year=2023")
    staff.page.locator("tr", has_text=dash.water.name).locator("input[name$='-value']").fill("0")
    staff.shot("e2e-2-entry")
    staff.page.once("dialog", lambda dialog: dialog.accept())  # submit asks first (static/js/entry.js)
    staff.page.click("button[name=submit]")
    staff.page.wait_for_load_state("load")
    staff.shot("e2e-3-submitted")

    reviewer = session()
    reviewer.log_in(dash.users["reviewer"].username)
    reviewer.go("/entry/review/")
    review_row = reviewer.page.locator("tr", has_text=dash.water.name)
    review_row.locator("button.primary").click()
    reviewer.page.wait_for_load_state("load")
    reviewer.shot("e2e-4-approved")

    official.go(plan_page)
    row = official.page.locator("tr", has_text=dash.water.name)
    assert row.locator(f".badge.{Status.MET}").count() == 1
    official.shot("e2e-5-after")


def test_plan_table_attribute_stays_on_one_line_on_a_phone(session, dash):  # noqa: F811
    tab = session(390)
    tab.log_in(dash.users["leader"].username)
    tab.go(f"/plans/{dash.plan.pk}/?year=2023")
    tab.shot("plan-attribute")
    cell = tab.page.locator(".indicator-table td", has_text=re.compile("^约束性$")).first
    lines = cell.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length; }"
    )
    assert lines == 1  # 约束性 on one line, not one character per line


def test_the_indicators_data_table_keeps_its_row_names_on_one_line_on_a_phone(session, dash):  # noqa: F811
    tab = session(390)
    tab.log_in(dash.users["leader"].username)
    tab.go(f"/indicators/{dash.pm25.pk}/?year=2023")
    tab.shot("indicator-data-table")
    cell = tab.page.locator(".chart-data tbody th", has_text="审核通过的数值").first
    lines = cell.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length; }"
    )
    assert lines == 1  # 审核通过的数值 on one line, not one character per line
