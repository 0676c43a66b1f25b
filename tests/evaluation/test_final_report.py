"""The 终期评估 as the official who signs it reads it: once the period is over only the last year's value
is judged (已达标 / 未达标), so the report speaks of met, not met and not reported, never of progress
or forecasts, and a binding indicator without its final value is a problem, not a silence."""

import datetime

import pytest

from evaluation import charts, selectors
from indicators.attainment import Status
from indicators.models import ReviewState
from tests.factories import ProjectProgressFactory, TaskProgressFactory, add_values

from .reading import jurisdiction_docx, plan_docx, risk_table, text_of

pytestmark = pytest.mark.django_db


def _counts_sentence(document) -> str:
    return next(p.text for p in document.paragraphs if p.text.startswith("规划确定的"))


def test_the_final_summary_counts_met_not_met_and_not_reported(dash):
    add_values(dash.pm25, {2025: 36})  # binding, against 30: not met
    add_values(dash.good_days, {2025: 91})  # against 90: met
    sentence = _counts_sentence(plan_docx(dash.plan, 2025))
    assert "达标1项、未达标1项、2025年数据未报0项" in sentence
    assert "进度正常" not in sentence and "预计无法完成" not in sentence


def test_the_midterm_summary_keeps_progress_and_forecast(dash):
    sentence = _counts_sentence(plan_docx(dash.plan, 2023))
    assert "进度正常" in sentence and "按现有趋势预计无法完成" in sentence


def test_a_binding_indicator_without_its_final_value_is_a_problem_listed_after_those_not_met(dash):
    add_values(dash.good_days, {2025: 88})  # not met; PM2.5 has no 2025 value
    document = plan_docx(dash.plan, 2025)
    rows = [[c.text for c in row.cells] for row in risk_table(document).rows[1:]]
    assert [row[1] for row in rows] == [dash.good_days.name, dash.pm25.name]
    assert rows[1][2:] == ["2025年数据未报，无法评价是否达标。", "区生态环境分局"]
    text = text_of(document)
    assert "均无进度滞后" not in text
    assert f"{dash.pm25.name}未达标原因" not in text  # nothing to explain before the figure is in


def test_a_final_report_with_every_binding_indicator_met_says_so(dash):
    add_values(dash.pm25, {2025: 29})
    add_values(dash.good_days, {2025: 91})
    text = text_of(plan_docx(dash.plan, 2025))
    assert "经评估，约束性指标均已达标" in text


def test_the_final_regions_table_counts_met_not_met_and_not_reported(dash):
    add_values(dash.pm25, {2025: 36})
    document = jurisdiction_docx(dash.city, 2025)
    regions = document.tables[0]
    assert [c.text for c in regions.rows[0].cells] == [
        "地区",
        "指标",
        "达标",
        "未达标",
        "2025年数据未报",
        "未达标的约束性指标",
    ]
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in regions.rows[1:]}
    assert rows["宽城区"][3] == "1" and rows["宽城区"][5] == "1"
    assert rows["朝阳区"][4] == "1"  # its PM2.5 stops at 2023


def test_a_region_without_the_final_value_is_labelled_not_reported_in_the_comparison(dash):
    add_values(dash.pm25, {2025: 36})
    report = selectors.jurisdiction_evaluation(
        jurisdiction=dash.city, year=2025, written_on=datetime.date(2026, 3, 16)
    )
    rows = {row.region: row for row in report.comparisons[0].rows}
    assert rows["朝阳区"].unreported and rows["朝阳区"].value is None
    assert not rows["宽城区"].unreported
    text = text_of(jurisdiction_docx(dash.city, 2025))
    assert "该年数据未报的地区标明“2025年数据未报”" in text
    assert "以其最近一年的数值列出" not in text


def test_a_comparison_bar_not_met_has_the_colour_of_the_other_bad_statuses():
    # 未达标 is red on the web pages (.badge.not_met); a grey bar would read as "no data".
    assert charts.COLOURS[Status.NOT_MET] == charts.COLOURS[Status.REGRESSING]


def test_work_completed_in_an_earlier_year_is_counted_by_the_report_year_not_as_of_it(dash):
    # Completed in 2022 and counted in 2025: "截至2025年", never "2025年已完成" or "2025年进展经审核通过".
    TaskProgressFactory(task=dash.task, year=2022, status="done", state=ReviewState.APPROVED)
    ProjectProgressFactory(project=dash.project, year=2022, status="done", state=ReviewState.APPROVED)
    text = text_of(plan_docx(dash.plan, 2025))
    assert "据审核通过的报告，截至2025年已完成1项" in text
    assert "重点工程。共1项，截至2025年有审核通过进展的1项。" in text
    assert f"{dash.project.title}（2022年已完成）" in text
