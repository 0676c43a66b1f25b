"""The evaluation report (评估报告) read back with python-docx: what a bureau opens in Word."""

import io

import pytest
from django.core.management import call_command

from indicators.models import Indicator, ReviewState
from plans.models import Box
from tests.factories import (
    BoxFactory,
    ContinuingIndicatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProjectProgressFactory,
    TaskProgressFactory,
    add_values,
)

from .reading import indicator_table, plan_docx, risk_table, text_of, title_of

pytestmark = pytest.mark.django_db


def test_final_report_in_the_plans_last_year_is_titled_with_the_plan_and_dated(dash):
    document = plan_docx(dash.plan, 2025)
    title, date = document.paragraphs[0], document.paragraphs[1]
    assert title_of(document) == f"{dash.plan.title}终期评估报告"
    assert date.text == "（2026年3月16日）"
    assert title.style.font.size.pt == 22
    fonts = title.style.element.rPr.rFonts
    assert (
        fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "方正小标宋简体"
    )


def test_a_middle_year_gives_the_midterm_report(dash):
    assert title_of(plan_docx(dash.plan, 2023)) == f"{dash.plan.title}中期评估报告"


def test_the_outline_has_the_five_parts(dash):
    headings = [p.text for p in plan_docx(dash.plan, 2023).paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "一、规划实施总体情况",
        "二、主要指标完成情况",
        "三、重点任务和重点工程进展",
        "四、存在的问题",
        "五、下一步工作建议",
    ]


def test_table_rows_are_the_plans_indicators_without_the_review_table(dash):
    review = BoxFactory(plan=dash.plan, number=2, title="“十三五”规划指标完成情况", kind=Box.Kind.REVIEW)
    IndicatorFactory(plan=dash.plan, box=review, source=Indicator.Source.REVIEW, name="十三五回顾指标")
    table = indicator_table(plan_docx(dash.plan, 2023))
    names = [row.cells[1].text for row in table.rows[1:]]
    expected = Indicator.objects.filter(plan=dash.plan).exclude(source="review")
    assert len(names) == expected.count() == 3
    assert set(names) == set(expected.values_list("name", flat=True))
    assert "十三五回顾指标" not in names


def test_the_table_prints_baseline_target_latest_value_with_its_year_status_and_forecast(dash):
    table = indicator_table(plan_docx(dash.plan, 2024))
    header = [c.text for c in table.rows[0].cells]
    assert header == [
        "序号",
        "指标",
        "单位",
        "2020年基期值",
        "2025年目标值",
        "最新值",
        "状态",
        "2025年预测值",
        "指标属性",
    ]
    pm25 = next(row for row in table.rows if row.cells[1].text == dash.pm25.name)
    cells = [c.text for c in pm25.cells]
    # 2024 has no approved value: the latest is 2023's, judged for 2023 (worse than 42).
    assert cells[2:7] == ["µg/m3", "42", "30", "45\n2023年", "逆向变化"]
    assert cells[7] == "47\n预计不达标"  # the line through 42, 43, 44, 45 reaches 47 in 2025
    assert cells[8] == "约束性"


def test_a_revised_target_is_the_one_in_force_and_marked(dash):
    dash.pm25.revisions.create(
        effective_year=2023,
        target_text="33",
        target_value=33,
        reason="中期调整",
        decided_on="2023-06-30",
        created_by=dash.users["admin"],
    )
    table = indicator_table(plan_docx(dash.plan, 2024))
    pm25 = next(row for row in table.rows if row.cells[1].text == dash.pm25.name)
    assert pm25.cells[4].text == "33\n（调整）"


def test_one_chart_per_binding_indicator(dash):
    document = plan_docx(dash.plan, 2023)
    binding = Indicator.objects.filter(plan=dash.plan, attribute="约束性").count()
    assert binding == 2
    assert len(document.inline_shapes) == binding
    images = [rel for rel in document.part.rels.values() if "image" in rel.reltype]
    assert len(images) == binding
    assert all(rel.target_part.blob.startswith(b"\x89PNG") for rel in images)


def test_a_binding_indicator_that_missed_asks_for_the_reason(dash):
    add_values(dash.pm25, {2025: 36})  # not met in the plan's last year
    text = text_of(plan_docx(dash.plan, 2025))
    assert f"{dash.pm25.name}未达标原因：（由编制单位填写）" in text
    assert f"{dash.good_days.name}未达标原因" not in text  # 90 reached in 2023


def test_the_final_report_judges_the_last_year_met_or_not_met_without_forecast(dash):
    add_values(dash.pm25, {2025: 36})  # the plan's last year: 36 against 30
    add_values(dash.good_days, {2025: 91})
    table = indicator_table(plan_docx(dash.plan, 2025))
    rows = {row.cells[1].text: [c.text for c in row.cells] for row in table.rows[1:]}
    # No forecast column: every verdict is final, so it would stay empty.
    assert [c.text for c in table.rows[0].cells][5:] == ["最新值", "状态", "指标属性"]
    assert rows[dash.pm25.name][5:] == ["36\n2025年", "未达标", "约束性"]
    assert rows[dash.good_days.name][5:] == ["91\n2025年", "已达标", "约束性"]


def test_a_final_year_not_reported_says_so_instead_of_judging_an_older_value(dash):
    table = indicator_table(plan_docx(dash.plan, 2025))
    pm25 = next([c.text for c in row.cells] for row in table.rows if row.cells[1].text == dash.pm25.name)
    assert pm25[5:] == ["2025年数据未报", "2025年数据未报", "约束性"]


def test_the_at_risk_list_names_the_indicator_the_task_and_their_units(dash):
    TaskProgressFactory(task=dash.task, year=2023, status="not_done", state=ReviewState.APPROVED)
    table = risk_table(plan_docx(dash.plan, 2023))
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    subjects = {row[1]: row for row in rows}
    assert dash.pm25.name in subjects and "逆向变化" in subjects[dash.pm25.name][2]
    assert subjects[dash.pm25.name][3] == "区生态环境分局"
    assert subjects[dash.task.title][2:] == ["未完成", "区生态环境分局"]
    assert dash.water.name not in subjects  # indicative


def test_task_progress_is_counted_per_chapter_from_approved_records_only(dash):
    TaskProgressFactory(
        task=dash.task, year=2023, status="done", state=ReviewState.APPROVED, narrative="完成改造"
    )
    ProjectProgressFactory(project=dash.project, year=2023, status="in_progress", state=ReviewState.SUBMITTED)
    text = text_of(plan_docx(dash.plan, 2023))
    assert "第1章 推进大气污染防治。重点任务1项，已完成1项、推进中0项、未完成0项，尚未报送或审核0项。" in text
    assert f"{dash.task.title}（2023年已完成）：完成改造" in text
    # submitted, not yet approved: named among the projects without approved progress
    assert f"重点工程。共1项，截至2023年有审核通过进展的0项。尚未报送或审核：{dash.project.title}。" in text


def test_a_submitted_value_does_not_appear(dash):
    IndicatorValueFactory(indicator=dash.pm25, year=2024, value=20, state=ReviewState.SUBMITTED)
    document = plan_docx(dash.plan, 2024)
    pm25 = next(row for row in indicator_table(document).rows if row.cells[1].text == dash.pm25.name)
    assert pm25.cells[5].text == "45\n2023年"
    assert "20（2024年）" not in text_of(document)


def test_demo_values_are_marked_in_the_header_and_beside_the_value(dash):
    assert "演示数据" not in text_of(plan_docx(dash.plan, 2024))
    dash.pm25.values.filter(year=2023).update(is_demo=True)
    document = plan_docx(dash.plan, 2024)
    assert document.sections[0].header.paragraphs[0].text == "含演示数据"
    assert any(p.text.startswith("含演示数据：") for p in document.paragraphs[:4])
    pm25 = next(row for row in indicator_table(document).rows if row.cells[1].text == dash.pm25.name)
    assert pm25.cells[5].text == "45\n2023年\n演示数据"


def test_the_years_come_from_the_plan(dash):
    indicator = ContinuingIndicatorFactory(continues=dash.pm25, baseline="30", target="25")
    plan = indicator.plan
    add_values(indicator, {2026: 29, 2027: 28})
    document = plan_docx(plan, 2030)
    assert title_of(document) == "宽城区生态环境保护“十五五”规划终期评估报告"
    header = [c.text for c in indicator_table(document).rows[0].cells]
    assert header[3:5] == ["2025年基期值", "2030年目标值"]
    assert header[7] == "2030年预测值"
    assert title_of(plan_docx(plan, 2028)).endswith("中期评估报告")


def test_the_command_writes_a_plan_report_and_a_jurisdiction_report(dash, tmp_path):
    import docx

    out = tmp_path / "plan.docx"
    call_command("evaluation_report", str(dash.plan.pk), year=2025, out=str(out), stdout=io.StringIO())
    assert title_of(docx.Document(str(out))).endswith("终期评估报告")
    out = tmp_path / "city.docx"
    call_command("evaluation_report", jurisdiction="长春市", year=2023, out=str(out), stdout=io.StringIO())
    assert title_of(docx.Document(str(out))) == "长春市及所辖地区生态环境保护“十四五”规划中期评估报告"


def test_the_command_needs_a_plan_or_a_jurisdiction(dash, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("evaluation_report", year=2025, out=str(tmp_path / "x.docx"))
    with pytest.raises(CommandError):
        call_command("evaluation_report", jurisdiction="没有这个区", year=2025, out=str(tmp_path / "x.docx"))
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize(
    ("start", "end", "name"),
    [
        (2021, 2025, "“十四五”"),
        (2026, 2030, "“十五五”"),
        (1966, 1970, "“三五”"),
        (2016, 2020, "“十三五”"),
        (2021, 2035, "2021—2035年"),
    ],
)
def test_period_names(start, end, name):
    from plans.periods import period_name

    assert period_name(start, end) == name
