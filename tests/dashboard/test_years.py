"""A year belongs to the plans that cover it, and a comparison compares like with like (issue 17, items 3
and 4): 宽城区's 十五五 plan (2026–2030, baseline year 2025) is not counted in 2025; rankings rank the
values of the year asked for, districts among districts and cities among cities."""

import pytest
from django.test import override_settings

from accounts.models import Jurisdiction
from dashboard import scoreboard, selectors
from indicators.models import IndicatorValue
from plans.models import Plan
from tests.dashboard.conftest import login
from tests.factories import (
    ChapterFactory,
    ContinuingIndicatorFactory,
    IndicatorFactory,
    JurisdictionFactory,
    PlanFactory,
    SectionFactory,
    TaskFactory,
    add_values,
)
from tests.rendered import row_naming

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods(dash):
    """The `dash` world plus 宽城区's next plan: a PM2.5 of the same key reported by the same unit, and a
    task of that unit."""
    dash.next_pm25 = ContinuingIndicatorFactory(continues=dash.pm25, baseline="36")
    dash.next_plan = dash.next_pm25.plan
    chapter = ChapterFactory(plan=dash.next_plan, number=1, title="持续深入打好蓝天保卫战")
    dash.next_task = TaskFactory(section=SectionFactory(chapter=chapter, number=1), title="推进清洁取暖")
    dash.next_task.responsibilities.create(unit=dash.own_unit, role="lead", order=1)
    return dash


def own_indicators(plan):
    return plan.indicators.exclude(source="review").count()


# --- a year belongs to the plans that cover it -----------------------------------------------------


def test_the_years_table_holds_only_the_plans_whose_reporting_years_include_it(periods):
    in_2025 = scoreboard.attainment_table(year=2025)
    in_2026 = scoreboard.attainment_table(year=2026)
    assert periods.pm25.pk in in_2025 and periods.next_pm25.pk not in in_2025  # 2025 is only a baseline year
    assert periods.next_pm25.pk in in_2026 and periods.pm25.pk not in in_2026


def test_the_overview_of_a_year_counts_only_the_plans_covering_it(client, periods):
    login(client, periods.users["leader"])
    data = client.get("/?year=2025").context["data"]
    assert data.total.total == own_indicators(periods.plan)
    assert [label.pk for label, _tally in data.by_plan] == [periods.plan.pk]
    data = client.get("/?year=2026").context["data"]
    assert [label.pk for label, _tally in data.by_plan] == [periods.next_plan.pk]
    assert data.total.total == 1


def test_the_citys_side_by_side_counts_a_district_once_in_a_year(client, periods):
    login(client, periods.users["reviewer_city"])
    places = {place.name: tally for place, tally in client.get("/?year=2025").context["data"].by_jurisdiction}
    assert places["宽城区"].total == own_indicators(periods.plan)


def test_unit_completeness_counts_only_indicators_of_plans_covering_the_year(periods):
    entries = {e.pk: e for e in selectors.compute_entry(year=2025)}
    assert entries[periods.own_unit.pk].total == periods.own_unit.indicators.filter(plan=periods.plan).count()
    entries = {e.pk: e for e in selectors.compute_entry(year=2026)}
    assert entries[periods.own_unit.pk].total == 1


def test_the_unit_page_owes_nothing_of_the_next_plan_in_its_baseline_year(client, periods):
    login(client, periods.users["leader"])
    page = client.get(f"/units/{periods.own_unit.pk}/?year=2025").context
    assert periods.next_pm25 not in [i for i, _row, _state in page["indicators"]]
    assert periods.next_pm25 not in [i for i, _row, _state in page["late_indicators"]]
    assert periods.next_task not in [r.task for r, _state in page["tasks"]]
    assert periods.pm25 in [i for i, _row, _state in page["indicators"]]


def test_the_unit_page_of_a_year_of_the_next_plan_lists_the_next_plan(client, periods):
    login(client, periods.users["leader"])
    page = client.get(f"/units/{periods.own_unit.pk}/?year=2026").context
    assert [i for i, _row, _state in page["indicators"]] == [periods.next_pm25]
    assert [r.task for r, _state in page["tasks"]] == [periods.next_task]


def test_two_plans_of_one_jurisdiction_are_named_by_their_period():
    place = Jurisdiction(pk=1, name="宽城区")
    other = Jurisdiction(pk=2, name="朝阳区")
    fourteenth = Plan(pk=1, jurisdiction=place, title="十四五规划", start_year=2021, end_year=2025)
    fifteenth = Plan(pk=2, jurisdiction=place, title="十五五规划", start_year=2026, end_year=2030)
    alone = Plan(pk=3, jurisdiction=other, title="朝阳区规划", start_year=2021, end_year=2025)
    assert selectors.plan_names([fourteenth, fifteenth, alone]) == {1: "“十四五”", 2: "“十五五”"}


def test_two_plans_of_one_period_are_named_by_their_titles():
    place = Jurisdiction(pk=1, name="长春市")
    plan = Plan(
        pk=1, jurisdiction=place, title="长春市生态环境保护“十四五”规划", start_year=2021, end_year=2025
    )
    action = Plan(pk=2, jurisdiction=place, title="行动计划", start_year=2021, end_year=2025)
    assert selectors.plan_names([plan, action]) == {1: plan.title, 2: "行动计划"}


def test_indicators_of_two_plans_covering_the_year_carry_their_plans_names(client, periods):
    overlapping = PlanFactory(
        jurisdiction=periods.district, start_year=2024, end_year=2028, baseline_year=2023
    )
    pm25 = IndicatorFactory(plan=overlapping, pm25=True)
    pm25.units.add(periods.own_unit)
    login(client, periods.users["leader"])
    response = client.get(f"/units/{periods.own_unit.pk}/?year=2025")
    html = response.content.decode()
    assert response.context["plan_names"] == {periods.plan.pk: "“十四五”", overlapping.pk: "2024—2028年"}
    assert "“十四五”" in html and "2024—2028年" in html


def test_the_table_follows_a_plan_whose_years_change(periods):
    scoreboard.attainment_table(year=2025)
    Plan.objects.filter(pk=periods.next_plan.pk).update(start_year=2025, baseline_year=2024)
    add_values(periods.pm25, {2024: 41})  # a write moves the data's fingerprint
    table = scoreboard.attainment_table(year=2025)
    assert list(table) == list(scoreboard.compute_table(year=2025))
    assert periods.next_pm25.pk in table
    Plan.objects.filter(pk=periods.next_plan.pk).update(start_year=2026, baseline_year=2025)
    IndicatorValue.objects.filter(indicator=periods.pm25, year=2024).update(value=40)
    add_values(periods.good_days, {2024: 89})
    table = scoreboard.attainment_table(year=2025)
    assert list(table) == list(scoreboard.compute_table(year=2025))
    assert periods.next_pm25.pk not in table


@override_settings(PEER_COMPARISON=False)
def test_a_districts_two_plans_make_no_comparison(client, periods):
    login(client, periods.users["leader"])
    assert "pm25" not in [k["key"] for k in client.get("/compare/").context["keys"]]


# --- like with like ------------------------------------------------------------------------------


def test_rankings_rank_only_the_values_of_the_chosen_year(client, dash):
    add_values(dash.pm25, {2024: 41})  # 朝阳区 has approved nothing for 2024: its latest is 36 of 2023
    login(client, dash.users["leader"])
    rows = client.get("/compare/pm25/?year=2024").context["rows"]
    ranks = {r.indicator.plan.jurisdiction.name: (r.rank, r.reported) for r in rows}
    assert ranks == {"宽城区": (1, True), "朝阳区": (None, False)}
    assert [r.indicator.plan.jurisdiction.name for r in rows] == ["宽城区", "朝阳区"]  # the unranked below


def test_a_region_without_the_years_value_says_so_with_its_latest_value_greyed(client, dash):
    add_values(dash.pm25, {2024: 41})
    login(client, dash.users["leader"])
    html = client.get("/compare/pm25/?year=2024").content.decode()
    row = row_naming(html, "朝阳区 同级地区，只读")
    assert (row["排名 ▲"], row["最新值"]) == ("2024年未报", "36（2023）")
    assert 'class="num latest muted"' in html


def test_the_chart_says_which_year_each_bar_is(client, dash):
    add_values(dash.pm25, {2024: 41})
    login(client, dash.users["leader"])
    response = client.get("/compare/pm25/?year=2024")
    chart = response.context["chart"]
    assert chart["regions"] == ["宽城区\n（2024年）", "朝阳区\n（2023年）"]
    assert (chart["values"], chart["older"]) == ([41.0, None], [None, 36.0])
    assert response.context["chart_labels"]["older"] == "2024年未报：最新已审核值"


@pytest.fixture
def two_cities(dash):
    """长春市 and 吉林市 under one province, each with a PM2.5: a city's reviewer sees both cities and
    长春市's districts."""
    province = JurisdictionFactory(name="吉林省", level=Jurisdiction.Level.PROVINCE)
    Jurisdiction.objects.filter(pk=dash.city.pk).update(parent=province)
    jilin = JurisdictionFactory(name="吉林市", level=Jurisdiction.Level.CITY, parent=province)
    dash.jilin_pm25 = IndicatorFactory(plan=PlanFactory(jurisdiction=jilin), pm25=True)
    add_values(dash.jilin_pm25, {2023: 30})
    add_values(dash.city_pm25, {2023: 35})
    return dash


def test_districts_are_ranked_among_districts_and_cities_among_cities(client, two_cities):
    login(client, two_cities.users["reviewer_city"])
    response = client.get("/compare/pm25/?year=2023")
    ranked = [(r.indicator.plan.jurisdiction.name, r.rank) for r in response.context["rows"]]
    # PM2.5 is lower-is-better: 吉林市 30 before 长春市 35; 朝阳区 36 before 宽城区 45.
    assert ranked == [("吉林市", 1), ("长春市", 2), ("朝阳区", 1), ("宽城区", 2)]
    html = response.content.decode()
    table = html[html.index("<tbody>") :]  # each level under its heading
    assert (
        table.index("市（州）")
        < table.index("吉林市")
        < table.index("县（市、区）及开发区")
        < table.index("朝阳区")
    )


def test_a_development_zone_is_ranked_among_the_districts(client, dash):
    zone = JurisdictionFactory(name="净月区", level=Jurisdiction.Level.DEVELOPMENT_ZONE, parent=dash.city)
    zone_pm25 = IndicatorFactory(plan=PlanFactory(jurisdiction=zone), pm25=True)
    add_values(zone_pm25, {2023: 40})
    login(client, dash.users["reviewer_city"])
    rows = client.get("/compare/pm25/?year=2023").context["rows"]
    assert {r.indicator.plan.jurisdiction.name: r.rank for r in rows if r.level == "district"} == {
        "朝阳区": 1,
        "净月区": 2,
        "宽城区": 3,
    }


@override_settings(PEER_COMPARISON=False)
def test_the_indicator_page_offers_no_comparison_with_its_own_next_plan(client, periods):
    login(client, periods.users["leader"])
    assert client.get(f"/indicators/{periods.pm25.pk}/?year=2025").context["siblings"] == 0


def test_the_indicator_page_counts_other_regions_once(client, periods):
    add_values(periods.sibling_pm25, {2024: 35})
    ContinuingIndicatorFactory(continues=periods.sibling_pm25)
    login(client, periods.users["leader"])
    assert client.get(f"/indicators/{periods.pm25.pk}/?year=2025").context["siblings"] == 1  # 朝阳区


def test_in_the_final_year_the_chart_still_greys_a_regions_latest_value(client, dash):
    # 2025 is over: 朝阳区's verdict says 2025年数据未报 and judges no older value, but its bar shows the
    # latest approved figure (36 of 2023), greyed and named with its year, as the legend promises.
    add_values(dash.pm25, {2025: 33})
    login(client, dash.users["leader"])
    response = client.get("/compare/pm25/?year=2025")
    chart = response.context["chart"]
    assert chart["regions"] == ["宽城区\n（2025年）", "朝阳区\n（2023年）"]
    assert (chart["values"], chart["older"]) == ([33.0, None], [None, 36.0])
    row = row_naming(response.content.decode(), "朝阳区 同级地区，只读")
    assert row["最新值"] == "2025年数据未报"
