"""The dashboard once a plan's period is over: final verdicts (已达标 / 未达标), binding ones not met
listed first, and a last year without a value said plainly."""

import re
from types import SimpleNamespace

import pytest
from django.utils import translation

from dashboard.views import COMPARE_SORTS, ROW_SORTS
from indicators.attainment import Status
from indicators.verdicts import Outcome
from tests.dashboard.conftest import login
from tests.factories import IndicatorFactory, JurisdictionFactory, PlanFactory, add_values

pytestmark = pytest.mark.django_db


def test_a_binding_indicator_not_met_at_the_end_is_listed_first_as_not_met(client, dash):
    # A binding indicator of a plan running to 2026, forecast to miss: listed after it although its
    # jurisdiction (二道区) sorts first.
    running = PlanFactory(
        jurisdiction=JurisdictionFactory(name="二道区", parent=dash.city),
        start_year=2022,
        end_year=2026,
        baseline_year=2021,
    )
    other = IndicatorFactory(plan=running, share=True, attribute="约束性")
    add_values(other, {2022: 84, 2023: 83})
    add_values(dash.pm25, {2025: 36})  # against 30 in the plan's last year
    login(client, dash.users["admin"])
    response = client.get("/?year=2025")
    rows = [row for _indicator, row in response.context["warnings"]]
    assert [row.pk for row in rows] == [dash.pm25.pk, other.pk]
    assert rows[0].status == Status.NOT_MET and rows[1].warning
    assert rows[0].verdict.final and rows[0].assessment.forecast is None
    html = response.content.decode()
    with translation.override("zh-hans"):
        assert f'<span class="badge not_met">{Status.NOT_MET.label}</span>' in html


def test_a_final_year_without_a_value_says_so_on_the_plan_page(client, dash):
    login(client, dash.users["leader"])
    html = client.get(f"/plans/{dash.plan.pk}/?year=2025").content.decode()
    assert "2025年数据未报" in html
    assert "45<span" not in html  # 2023's value is not judged for 2025


def test_the_overview_counts_binding_indicators_not_met_at_the_end_as_warnings(client, dash):
    # The counter above the list and the 预警 column count the rows the list shows: a final 未达标 too,
    # although no forecast is made once the period is over.
    add_values(dash.pm25, {2025: 36})  # against 30 in the plan's last year
    login(client, dash.users["admin"])
    response = client.get("/?year=2025")
    listed = len(response.context["warnings"].object_list)
    assert listed >= 1
    assert response.context["data"].total.warnings == listed
    own = next(t for j, t in response.context["jurisdictions"] if j.pk == dash.plan.jurisdiction_id)
    assert own.warnings >= 1
    with translation.override("zh-hans"):
        assert "项约束性指标未达标或预计无法完成" in client.get("/?year=2025").content.decode()


def test_the_indicator_pages_data_table_says_the_final_year_is_not_reported_as_its_verdict_does(client, dash):
    login(client, dash.users["leader"])
    html = client.get(f"/indicators/{dash.pm25.pk}/?year=2025").content.decode()
    table = html[html.index('class="chart-data"') :]
    table = table[: table.index("</table>")]
    assert '<span class="badge no_data">2025年数据未报</span>' in table
    assert table.count("暂无数据") == 1  # 2024 alone: 2021–2023 are judged on their values


def _running_plan_without_values(dash):
    """An indicator of a plan running to 2026 with nothing approved: 暂无数据 in 2025, not final."""
    running = PlanFactory(
        jurisdiction=JurisdictionFactory(name="二道区", parent=dash.city),
        start_year=2022,
        end_year=2026,
        baseline_year=2021,
    )
    return IndicatorFactory(plan=running, share=True)


def _count_badges(html: str) -> dict[str, str]:
    """label → count of the status counts above the lists."""
    counts = html[html.index('class="status-counts"') :]
    counts = counts[: counts.index("</ul>")]
    return dict(re.findall(r'<span class="badge no_data">([^<]+)</span> (\d+)', counts))


def test_the_overview_counts_a_final_year_not_reported_as_its_rows_say_apart_from_no_data(client, dash):
    _running_plan_without_values(dash)
    add_values(dash.pm25, {2025: 36})  # 未达标; good days and water have no 2025 value
    login(client, dash.users["admin"])
    with translation.override("zh-hans"):
        response = client.get("/?year=2025")
    html = response.content.decode()
    total = response.context["data"].total
    assert total.counts[Outcome(Status.NO_DATA, 2025)] >= 2
    assert _count_badges(html)["暂无数据"] == "1"  # the running plan's indicator only
    unreported = _count_badges(html)["2025年数据未报"]
    assert unreported == str(total.counts[Outcome(Status.NO_DATA, 2025)])
    # Neither is judged: the share is of the judged ones only.
    assert total.judged == total.total - 1 - int(unreported)
    # The table's columns count them apart too.
    assert '<th class="num"><span class="badge no_data">2025年数据未报</span></th>' in html


def test_the_plan_page_counts_a_final_year_not_reported_as_its_rows_say(client, dash):
    add_values(dash.pm25, {2025: 36})
    login(client, dash.users["leader"])
    with translation.override("zh-hans"):
        response = client.get(f"/plans/{dash.plan.pk}/?year=2025")
    html = response.content.decode()
    assert _count_badges(html) == {"2025年数据未报": "2"}  # good days and water
    summary = html[html.index('class="summary card"') :]
    assert "暂无数据" not in summary[: summary.index("</section>")]
    rows = re.findall(r'<span class="badge no_data">2025年数据未报</span>', html[html.index("<table") :])
    assert len(rows) == 2  # the rows the count counts


def test_the_status_filter_lists_a_final_year_not_reported_apart_from_no_data(client, dash):
    running = _running_plan_without_values(dash)
    login(client, dash.users["admin"])
    unreported = client.get("/?year=2025&status=unreported").context["data"]
    no_data = client.get("/?year=2025&status=no_data").context["data"]
    assert unreported.total.total == unreported.total.counts[Outcome(Status.NO_DATA, 2025)] >= 3
    assert {label.pk for label, _tally in unreported.by_plan} >= {dash.plan.pk}
    assert [label.pk for label, _tally in no_data.by_plan] == [running.plan_id]
    assert no_data.total.total == 1


def test_the_overviews_list_has_no_forecast_column_once_every_listed_verdict_is_final(client, dash):
    add_values(dash.pm25, {2025: 36})  # against 30 in the plan's last year: a final 未达标, no forecast
    login(client, dash.users["admin"])
    with translation.override("zh-hans"):
        final = client.get("/?year=2025")
        assert final.context["warnings"].object_list and not final.context["warning_forecasts"]
        assert "期末预测" not in final.content.decode()
        # A plan still running, forecast to miss: the column is back, with its forecast.
        running = PlanFactory(
            jurisdiction=JurisdictionFactory(name="二道区", parent=dash.city),
            start_year=2022,
            end_year=2030,
            baseline_year=2021,
        )
        add_values(IndicatorFactory(plan=running, share=True, attribute="约束性"), {2022: 84, 2023: 83})
        mixed = client.get("/?year=2025")
        assert mixed.context["warning_forecasts"] and "期末预测" in mixed.content.decode()


def test_sorting_by_status_keeps_a_final_year_not_reported_apart_from_no_data():
    unreported, no_data, met = Outcome(Status.NO_DATA, True), Outcome(Status.NO_DATA), Outcome(Status.MET)
    rows = [SimpleNamespace(outcome=o) for o in (unreported, no_data, met, unreported, no_data)]
    assert [r.outcome for r in sorted(rows, key=ROW_SORTS["status"])] == [
        met,
        *[no_data] * 2,
        *[unreported] * 2,
    ]
    compared = [SimpleNamespace(row=row) for row in rows]
    assert [c.row.outcome for c in sorted(compared, key=COMPARE_SORTS["status"])] == [
        met,
        *[no_data] * 2,
        *[unreported] * 2,
    ]
