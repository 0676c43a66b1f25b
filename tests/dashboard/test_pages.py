import pytest

from indicators.attainment import Status
from indicators.models import ReviewState
from indicators.services import record_approve, record_submit, value_save
from indicators.verdicts import Outcome
from tests.dashboard.conftest import login
from tests.factories import (
    IndicatorFactory,
    PlanFactory,
    ProjectProgressFactory,
    TaskFactory,
    TaskProgressFactory,
    UnitFactory,
    add_values,
)
from tests.rendered import row_naming, terms

pytestmark = pytest.mark.django_db


# --- plan page ---------------------------------------------------------------------------------


def test_plan_page_lists_the_main_table_in_document_order(client, dash):
    login(client, dash.users["leader"])
    response = client.get(f"/plans/{dash.plan.pk}/?year=2023")
    ((_box, rows),) = response.context["tables"]
    assert [r.indicator.pk for r in rows] == [dash.pm25.pk, dash.good_days.pk, dash.water.pk]


def test_plan_page_shows_each_indicators_value_and_status_of_the_year(client, dash):
    login(client, dash.users["leader"])
    html = client.get(f"/plans/{dash.plan.pk}/?year=2023").content.decode()
    assert "<h1>测试区生态环境保护“十四五”规划" in html
    pm25 = row_naming(html, "细颗粒物（PM2.5）年均浓度")
    assert (pm25["2023"], pm25["2025年目标值"], pm25["2023年状态"]) == ("45", "30", "逆向变化 预计无法完成")
    good_days = row_naming(html, "空气质量优良天数比例")
    assert (good_days["2023"], good_days["2023年状态"]) == ("90", "已达标")
    water = row_naming(html, "劣Ⅴ类水体比例")
    assert (water["2023"], water["2023年状态"]) == ("", "暂无数据")


def test_plan_page_judges_the_year_asked_for(client, dash):
    login(client, dash.users["leader"])
    html = client.get(f"/plans/{dash.plan.pk}/?year=2022").content.decode()
    good_days = row_naming(html, "空气质量优良天数比例")  # 88 in 2022, ahead of the path's 87
    assert (good_days["2022"], good_days["2022年状态"]) == ("88", "进度正常")
    assert "2023年状态" not in html


def test_plan_page_category_cell_spans_its_rows(client, dash):
    login(client, dash.users["leader"])
    ((_box, rows),) = client.get(f"/plans/{dash.plan.pk}/").context["tables"]
    assert [r.category_span for r in rows] == [2, 0, 1]
    assert 'rowspan="2"' in client.get(f"/plans/{dash.plan.pk}/").content.decode()


def test_plan_page_shows_yearly_values_and_a_sparkline(client, dash):
    login(client, dash.users["leader"])
    html = client.get(f"/plans/{dash.plan.pk}/?year=2023").content.decode()
    assert '<svg class="spark"' in html
    assert ">45<" in html  # PM2.5 2023


def test_plan_page_summarises_task_progress_per_chapter(client, dash):
    TaskProgressFactory(task=dash.task, year=2023, status="done", state=ReviewState.APPROVED)
    login(client, dash.users["leader"])
    chapter = client.get(f"/plans/{dash.plan.pk}/?year=2023").context["chapters"][0]
    assert (chapter.tasks, chapter.done, chapter.unreported) == (1, 1, 0)


def test_plan_page_lists_key_projects(client, dash):
    login(client, dash.users["leader"])
    assert "燃煤锅炉淘汰工程" in client.get(f"/plans/{dash.plan.pk}/").content.decode()


def test_plan_of_another_jurisdiction_is_not_found(client, dash):
    login(client, dash.users["leader"])
    assert client.get(f"/plans/{dash.sibling_plan.pk}/").status_code == 404


def test_plan_page_status_filter_keeps_matching_rows(client, dash):
    login(client, dash.users["leader"])
    ((_box, rows),) = client.get(f"/plans/{dash.plan.pk}/?year=2023&status=met").context["tables"]
    assert [r.indicator.pk for r in rows] == [dash.good_days.pk]


# --- indicator page ----------------------------------------------------------------------------


def test_indicator_page_chart_has_baseline_values_path_and_forecast(client, dash):
    login(client, dash.users["leader"])
    chart = client.get(f"/indicators/{dash.pm25.pk}/?year=2023").context["chart"]
    assert chart["values"][:4] == [42.0, 43.0, 44.0, 45.0]
    assert chart["path"][0] == 42.0 and chart["path"][-1] == 30.0
    assert chart["target"] == 30.0
    assert chart["forecast"] > 45


def test_indicator_page_shows_its_figures_and_the_status_of_the_year(client, dash):
    login(client, dash.users["leader"])
    html = client.get(f"/indicators/{dash.pm25.pk}/?year=2023").content.decode()
    assert "<h1>细颗粒物（PM2.5）年均浓度" in html
    shown = terms(html)
    assert (shown["2020年基期值"], shown["2025年目标值"]) == ("42", "30")
    assert shown["2023年状态"] == "逆向变化 预计无法完成"
    assert shown["上级市目标"] == "长春市：28"
    assert row_naming(html, "2023") == {
        "年份": "2023",
        "数值": "45",
        "状态": "已审核",
        "填报人": "",
        "审核人": "",
        "备注": "",
    }


def test_indicator_page_loads_echarts_from_static_files(client, dash):
    login(client, dash.users["leader"])
    html = client.get(f"/indicators/{dash.pm25.pk}/").content.decode()
    assert "/static/vendor/echarts/echarts.min.js" in html
    assert "cdn" not in html.lower()


def test_indicator_page_shows_the_review_history(client, dash):
    record = value_save(user=dash.users["reporter_own"], indicator=dash.pm25, year=2024, value="41")
    record = record_submit(user=dash.users["reporter_own"], record=record)
    record_approve(user=dash.users["reviewer"], record=record)
    login(client, dash.users["leader"])
    history = client.get(f"/indicators/{dash.pm25.pk}/").context["history"]
    assert [h.state for h in history[:3]] == [ReviewState.APPROVED, ReviewState.SUBMITTED, ReviewState.DRAFT]
    assert history[0].history_user == dash.users["reviewer"]


def test_indicator_page_names_the_parent_target_and_units(client, dash):
    login(client, dash.users["leader"])
    html = client.get(f"/indicators/{dash.pm25.pk}/").content.decode()
    assert "长春市：28" in html
    assert f"/units/{dash.own_unit.pk}/" in html


def test_indicator_of_another_jurisdiction_is_not_found(client, dash):
    login(client, dash.users["leader"])
    assert client.get(f"/indicators/{dash.sibling_pm25.pk}/").status_code == 404


# --- comparison --------------------------------------------------------------------------------


def test_compare_index_lists_keys_printed_by_two_plans(client, dash):
    login(client, dash.users["reviewer_city"])
    keys = [k["key"] for k in client.get("/compare/").context["keys"]]
    assert keys == ["pm25"]


def test_compare_page_shows_regions_with_the_parent_target(client, dash):
    login(client, dash.users["reviewer_city"])
    response = client.get("/compare/pm25/?year=2023")
    rows = {r.indicator.pk: r for r in response.context["rows"]}
    assert set(rows) == {dash.pm25.pk, dash.sibling_pm25.pk, dash.city_pm25.pk}
    assert rows[dash.sibling_pm25.pk].indicator.parent_indicator == dash.city_pm25
    assert response.context["chart"]["parent_targets"].count(28.0) == 2


def test_compare_page_shows_each_regions_value_and_status_of_the_year(client, dash):
    login(client, dash.users["reviewer_city"])
    html = client.get("/compare/pm25/?year=2023").content.decode()
    assert "<h1>细颗粒物（PM2.5）年均浓度</h1>" in html
    kuancheng, chaoyang, changchun = (row_naming(html, region) for region in ("宽城区", "朝阳区", "长春市"))
    assert (kuancheng["2023"], kuancheng["状态"]) == ("45", "逆向变化")
    assert (chaoyang["2023"], chaoyang["状态"], chaoyang["上级市目标"]) == ("36", "进度滞后", "28 长春市")
    assert (changchun["2023"], changchun["目标值"], changchun["状态"]) == ("", "28", "暂无数据")


def test_compare_sorts_by_status(client, dash):
    login(client, dash.users["reviewer_city"])
    rows = client.get("/compare/pm25/?year=2023&sort=status").context["rows"]
    # 朝阳区 falls 40 → 36, short of the path (34.8); 宽城区 rises; the city has no value
    assert [r.row.status for r in rows] == ["behind", "regressing", "no_data"]


def test_compare_hides_regions_the_user_may_not_see(client, dash):
    """The district leader's own district and its peer under the same city (`test_peers`), not the
    city above nor a synthetic plan elsewhere."""
    login(client, dash.users["leader"])
    assert client.get("/compare/pm25/").status_code == 200
    rows = client.get("/compare/pm25/").context["rows"]
    assert {r.indicator.pk for r in rows} == {dash.pm25.pk, dash.sibling_pm25.pk}


def test_compare_unknown_key_is_not_found(client, dash):
    login(client, dash.users["leader"])
    assert client.get("/compare/no-such-key/").status_code == 404


# --- unit page ---------------------------------------------------------------------------------


def test_unit_page_lists_what_is_not_yet_entered_or_submitted(client, dash):
    dash.water.units.add(dash.own_unit)
    add_values(dash.water, {2024: 0}, state=ReviewState.DRAFT)
    login(client, dash.users["leader"])
    response = client.get(f"/units/{dash.own_unit.pk}/?year=2024")
    late = {indicator.pk: state for indicator, _row, state in response.context["late_indicators"]}
    assert late == {dash.pm25.pk: "missing", dash.water.pk: "draft"}
    assert [r.task for r, _state in response.context["late_tasks"]] == [dash.task]


def test_unit_page_shows_each_indicators_entry_and_status_of_the_year(client, dash):
    login(client, dash.users["leader"])
    html = client.get(f"/units/{dash.own_unit.pk}/?year=2023").content.decode()
    assert "<h1>宽城区 区生态环境分局</h1>" in html
    pm25 = row_naming(html, "细颗粒物（PM2.5）年均浓度")
    assert (pm25["2023年填报"], pm25["2023年状态"]) == ("已审核", "逆向变化")
    assert row_naming(html, dash.task.title)["2023年填报"] == "未填报"


def test_unit_page_submitted_value_is_not_late(client, dash):
    add_values(dash.pm25, {2024: 40}, state=ReviewState.SUBMITTED)
    login(client, dash.users["leader"])
    response = client.get(f"/units/{dash.own_unit.pk}/?year=2024")
    assert response.context["late_indicators"] == []


def test_unit_of_another_jurisdiction_is_not_found(client, dash):
    login(client, dash.users["leader"])
    assert client.get(f"/units/{dash.synthetic_pm25.units.get().pk}/").status_code == 404


def test_reporter_sees_own_unit_page(client, dash):
    login(client, dash.users["reporter_own"])
    response = client.get(f"/units/{dash.own_unit.pk}/?year=2023")
    assert response.status_code == 200
    pm25 = row_naming(response.content.decode(), "细颗粒物（PM2.5）年均浓度")
    assert (pm25["2023年填报"], pm25["2023年状态"]) == ("已审核", "逆向变化")


def test_text_target_indicator_is_judged_by_status(client, dash):
    task_like = IndicatorFactory(
        plan=dash.plan,
        box=dash.pm25.box,
        qualitative=True,
        name="完成市级下达的减排任务",
        target_text="完成市级下达任务",
    )
    task_like.values.create(year=2023, status="done", state=ReviewState.APPROVED)
    login(client, dash.users["leader"])
    ((_box, rows),) = client.get(f"/plans/{dash.plan.pk}/?year=2023").context["tables"]
    assert {r.indicator.pk: r.row.status for r in rows}[task_like.pk] == "done"


# --- fixes after review ------------------------------------------------------------------------


def test_plan_summary_counts_goals_stated_in_the_text(client, dash):
    goal = IndicatorFactory(plan=dash.plan, goal=True)
    add_values(goal, {2023: 0})
    login(client, dash.users["leader"])
    response = client.get(f"/plans/{dash.plan.pk}/?year=2023")
    assert [r.indicator.pk for r in response.context["goal_rows"]] == [goal.pk]
    assert response.context["tally"].total == 4  # three in the box and the goal
    assert response.context["tally"].counts[Outcome(Status.MET)] == 2


def test_plan_summary_of_a_plan_with_only_goals_has_a_share(client, dash):
    plan = PlanFactory(jurisdiction=dash.district, title="宽城区行动方案")
    goal = IndicatorFactory(plan=plan, goal=True)
    add_values(goal, {2023: 0})
    login(client, dash.users["leader"])
    html = client.get(f"/plans/{plan.pk}/?year=2023", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<strong>100%</strong>" in html


def test_unit_page_counts_a_supporting_units_task_as_late(client, dash):
    task = TaskFactory(section=dash.task.section)
    task.responsibilities.create(unit=dash.own_unit, role="support", order=1)
    login(client, dash.users["leader"])
    response = client.get(f"/units/{dash.own_unit.pk}/?year=2024")
    assert {r.task for r, _state in response.context["late_tasks"]} == {dash.task, task}


def test_unit_page_lists_its_unreported_key_projects_as_late(client, dash):
    dash.project.units.add(dash.own_unit)
    ProjectProgressFactory(project=dash.project, year=2023, state=ReviewState.APPROVED)
    login(client, dash.users["leader"])
    assert client.get(f"/units/{dash.own_unit.pk}/?year=2023").context["late_projects"] == []
    late = client.get(f"/units/{dash.own_unit.pk}/?year=2024").context["late_projects"]
    assert late == [(dash.project, "missing")]


def test_unit_page_with_only_a_late_supporting_task_does_not_say_all_is_submitted(client, dash):
    unit = UnitFactory(jurisdiction=dash.district, name="区住建局")
    dash.task.responsibilities.create(unit=unit, role="support", order=2)
    login(client, dash.users["leader"])
    html = client.get(f"/units/{unit.pk}/?year=2024", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "均已提交" not in html
    assert "未填报" in html


def test_default_year_ignores_approved_values_the_user_may_not_see(client, dash):
    add_values(dash.synthetic_pm25, {2025: 30})
    login(client, dash.users["leader"])
    assert client.get(f"/plans/{dash.plan.pk}/").context["year"] == 2023
    login(client, dash.users["admin"])
    # One approved 2025 value of six indicators does not move the administrator's pages either:
    # 2023 is the last year with half of them approved (`indicators.years.default_year`).
    assert client.get(f"/plans/{dash.plan.pk}/").context["year"] == 2023
    for indicator in (dash.pm25, dash.good_days):
        add_values(indicator, {2025: 30})
    assert client.get(f"/plans/{dash.plan.pk}/").context["year"] == 2025


def test_a_year_outside_the_plan_period_reads_as_not_given(client, dash):
    login(client, dash.users["leader"])
    response = client.get("/?year=2030")
    assert response.context["year"] == 2023
    assert not response.context["form"].errors


def test_unit_page_shows_a_review_table_row_it_reports_as_not_assessed(client, dash):
    """The 十三五 review table is not judged (`Indicator.objects.assessed`), so its rows are missing from
    the attainment table; a unit linked to one still gets its page, the row marked 暂无数据."""
    review = IndicatorFactory(plan=dash.plan, box=dash.pm25.box, source="review", name="十三五回顾指标")
    review.units.add(dash.own_unit)
    login(client, dash.users["leader"])
    response = client.get(f"/units/{dash.own_unit.pk}/?year=2023")
    assert response.status_code == 200
    assert row_naming(response.content.decode(), "十三五回顾指标")["2023年状态"] == "暂无数据"
