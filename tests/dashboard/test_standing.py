"""Where we stand now: every table shows the latest approved value with its year and the status judged
on it; one approval of a new year never empties a page; the indicator page and its print view."""

import json

from django.urls import reverse

from indicators.models import ReviewState
from tests.dashboard.conftest import login
from tests.factories import IndicatorFactory, IndicatorValueFactory, add_values
from tests.rendered import row_naming, terms


def test_a_year_not_yet_approved_shows_the_latest_value_with_its_year(client, dash):
    login(client, dash.users["leader"])
    html = client.get(f"/plans/{dash.plan.pk}/?year=2024").content.decode()
    pm25 = row_naming(html, "细颗粒物（PM2.5）年均浓度")
    assert (pm25["最新值"], pm25["2024年状态"]) == ("45（2023）", "逆向变化 预计无法完成")
    assert row_naming(html, "劣Ⅴ类水体比例")["最新值"] == "—"
    assert "2024年：已审核 0/3" in html


def test_completeness_counts_the_years_approved_values(client, dash):
    add_values(dash.pm25, {2024: 40})
    add_values(dash.water, {2024: 0}, state=ReviewState.SUBMITTED)
    login(client, dash.users["leader"])
    html = client.get(f"/plans/{dash.plan.pk}/?year=2024").content.decode()
    assert "2024年：已审核 1/3" in html
    assert row_naming(html, "细颗粒物（PM2.5）年均浓度")["最新值"] == "40（2024）"


def test_one_approval_of_a_later_year_keeps_the_overview(client, dash):
    login(client, dash.users["leader"])
    before = client.get("/").context
    counts, year = dict(before["data"].total.counts), before["year"]
    add_values(dash.water, {2024: 0})
    after = client.get("/").context
    assert after["year"] == year == 2023
    assert dict(after["data"].total.counts) == counts


def test_the_status_counts_stand_on_the_latest_values_in_a_year_without_approvals(client, dash):
    login(client, dash.users["leader"])
    in_2023 = client.get("/?year=2023").context["data"].total
    in_2024 = client.get("/?year=2024").context["data"].total
    assert dict(in_2024.counts) == dict(in_2023.counts)
    assert (in_2023.reported, in_2024.reported) == (2, 0)


def test_a_year_without_approvals_never_forecasts_beside_no_data(client, dash):
    login(client, dash.users["reviewer_city"])
    rows = client.get("/compare/pm25/?year=2024").context["rows"]
    for row in rows:
        if row.row.latest_year is None:
            assert row.row.status == "no_data" and row.row.assessment.forecast is None
    city = next(r for r in rows if r.indicator.pk == dash.city_pm25.pk)
    assert city.row.latest_year is None


def test_the_warning_list_shows_the_latest_value_and_its_status(client, dash):
    login(client, dash.users["leader"])
    html = client.get("/?year=2024").content.decode()
    row = row_naming(html, "细颗粒物（PM2.5）年均浓度 （µg/m3）")
    assert (row["最新值"], row["状态"]) == ("45（2023）", "逆向变化")


# --- indicator page ----------------------------------------------------------------------------


def chart_of(response):
    html = response.content.decode()
    start = html.index('<script id="indicator-chart-data" type="application/json">') + len(
        '<script id="indicator-chart-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_the_indicator_page_says_how_far_the_target_is(client, dash):
    login(client, dash.users["leader"])
    html = client.get(f"/indicators/{dash.pm25.pk}/?year=2023").content.decode()
    facts = terms(html)
    assert facts["距目标差距"] == "距2025年目标还差 15 µg/m3"
    assert facts["最新值"] == "45（2023）"
    assert facts["进展评价（Open SDG）"] == "出现倒退"


def test_a_met_target_says_so(client, dash):
    login(client, dash.users["leader"])
    html = client.get(f"/indicators/{dash.good_days.pk}/?year=2023").content.decode()
    assert terms(html)["距目标差距"] == "已达到2025年目标"
    assert terms(html)["进展评价（Open SDG）"] == "进展显著"


def test_the_y_axis_spans_baseline_values_path_and_target(client, dash):
    login(client, dash.users["leader"])
    chart = chart_of(client.get(f"/indicators/{dash.pm25.pk}/?year=2023"))
    assert chart["y_min"] <= 30 < 45 <= chart["y_max"]  # the 2025 target 30 and the 2023 value 45
    assert chart["y_min"] < 30  # the target line does not sit on the x-axis


def test_a_year_without_an_approved_value_is_a_gap(client, dash):
    IndicatorValueFactory(indicator=dash.sibling_pm25, year=2024, value=35, state=ReviewState.SUBMITTED)
    add_values(dash.sibling_pm25, {2025: 33})
    login(client, dash.users["reviewer_city"])
    chart = chart_of(client.get(f"/indicators/{dash.sibling_pm25.pk}/?year=2025"))
    assert chart["years"] == [2020, 2021, 2022, 2023, 2024, 2025]
    assert chart["values"][4] is None and chart["values"][5] == 33


def test_the_chart_has_a_data_table_and_a_png_download(client, dash):
    login(client, dash.users["leader"])
    html = client.get(f"/indicators/{dash.pm25.pk}/?year=2023").content.decode()
    table = row_naming(html, "审核通过的数值")
    assert (table["2021"], table["2023"], table["2024"]) == ("43", "45", "")
    assert 'data-chart-png="indicator-chart"' in html
    assert "<script>" not in html  # the CSP forbids inline script: the button is wired in charts.js


def test_a_qualitative_indicator_shows_a_timeline_of_its_statuses_in_chinese(client, dash):
    text = IndicatorFactory(plan=dash.plan, box=dash.pm25.box, qualitative=True)
    IndicatorValueFactory(
        indicator=text, year=2021, value=None, status="in_progress", state=ReviewState.APPROVED
    )
    IndicatorValueFactory(indicator=text, year=2022, value=None, status="done", state=ReviewState.APPROVED)
    login(client, dash.users["leader"])
    html = client.get(f"/indicators/{text.pk}/?year=2023").content.decode()
    assert 'id="timeline"' in html and 'data-chart="indicator"' not in html
    timeline = html[
        html.index('<ol class="timeline">') : html.index("</ol>", html.index('<ol class="timeline">'))
    ]
    assert "推进中" in timeline and "已完成" in timeline
    history = html[html.index("填报与审核记录") :]
    assert ">done<" not in history and ">in_progress<" not in history


def test_the_indicator_page_shows_data_source_and_definition(client, dash):
    dash.pm25.data_source = "国控监测站点"
    dash.pm25.definition = "全年日均值的算术平均"
    dash.pm25.save()
    login(client, dash.users["leader"])
    facts = terms(client.get(f"/indicators/{dash.pm25.pk}/").content.decode())
    assert (facts["数据来源"], facts["统计口径"]) == ("国控监测站点", "全年日均值的算术平均")


def test_every_dashboard_page_has_a_print_header(client, dash):
    login(client, dash.users["leader"])
    for url in (
        "/?year=2023",
        f"/plans/{dash.plan.pk}/?year=2023",
        f"/indicators/{dash.pm25.pk}/?year=2023",
        "/compare/pm25/?year=2023",
        f"/units/{dash.own_unit.pk}/?year=2023",
    ):
        html = client.get(url).content.decode()
        header = html[
            html.index('class="print-header"') : html.index("</div>", html.index('class="print-header"'))
        ]
        assert "宽城区" in header and "2023" in header and "审核通过数据" in header, url


def test_print_keeps_the_status_colours_and_scales_the_chart():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
    prints = css.split("@media print")[1:]
    printed = "".join(block.split("\n}\n")[0] for block in prints)
    assert "print-color-adjust:exact" in printed
    assert "background:none !important" not in printed  # badges keep their colour
    assert ".chart { width:100% !important" in printed
    assert ".print-header { display:flex" in printed


def test_history_of_an_indicator_links_nowhere_for_peers(client, dash):
    login(client, dash.users["leader"])
    assert client.get(reverse("dashboard:indicator", args=[dash.sibling_pm25.pk])).status_code == 404
