"""The period and baseline year come from the document: title, table headers, "到Y年" statements."""

import pytest

from plans.importing import PlanParseError, parse_plan
from plans.importing.period import Period, named_period, plan_period
from plans.importing.tables import parse_table

BODY = "第一章 治理\n第一节 水\n推进治理。（区住建局负责）\n"


@pytest.mark.parametrize(
    "name, first, last",
    [
        ("“十三五”", 2016, 2020),
        ("“十四五”", 2021, 2025),
        ("“十五五”", 2026, 2030),
        ("十六五规划", 2031, 2035),
    ],
)
def test_a_period_name_maps_its_ordinal_to_years(name, first, last):
    assert named_period(name) == Period(first, last)


def test_numbers_that_only_look_like_a_period_name_are_not_one():
    assert named_period("第十五条 十四五个项目") is None


def test_next_period_title_gives_its_period_and_baseline_year():
    info = parse_plan("示例区生态环境保护“十五五”规划\n" + BODY).plan
    assert (info.period, info.baseline_year) == ((2026, 2030), 2025)


def test_current_period_title_still_gives_its_period():
    info = parse_plan("示例区生态环境保护“十四五”规划\n" + BODY).plan
    assert (info.period, info.baseline_year) == ((2021, 2025), 2020)


def test_title_with_printed_years_gives_the_period():
    info = parse_plan("示例区生态环境保护规划（2026—2030年）\n" + BODY).plan
    assert (info.period, info.baseline_year) == ((2026, 2030), 2025)


def test_without_a_period_name_the_table_header_years_decide():
    lines = ["专栏1 主要指标", "指标类别\t序号\t指标名称\t2025年\t2030年\t属性"]
    assert plan_period("示例区生态环境保护规划", lines) == Period(2026, 2030)


def test_a_review_tables_older_years_do_not_outweigh_the_plans_own_table():
    lines = ["\t规划指标\t“十四五”\t属性\t2020 年\t2025年", "指标\t2025年\t2030年\t属性"]
    assert plan_period("示例区生态环境保护规划", lines) == Period(2026, 2030)


def test_without_title_or_table_the_most_stated_target_year_decides():
    lines = [
        "到2030年，空气质量优良天数比例达到90%。",
        "到 2030 年，森林覆盖率稳定。",
        "到2035年，美丽示例区基本建成。",
    ]
    assert plan_period("聚焦绿色发展行动计划", lines) == Period(2026, 2030)


def test_a_target_year_that_ends_no_period_is_not_taken_for_one():
    assert plan_period("行动计划", ["到2028年，完成整治。"]) is None


def test_a_document_that_names_no_period_is_refused():
    with pytest.raises(PlanParseError, match="未能识别规划期"):
        parse_plan("示例区生态环境保护规划\n" + BODY)


def test_next_period_table_takes_baseline_and_target_from_their_year_columns():
    rows = parse_table(
        [
            ["指标类别", "序号", "指标名称", "2030年", "2025年", "属性"],
            ["生态环境质量", "1", "细颗粒物（PM2.5）年均浓度（µg/m3）", "28", "32", "约束性"],
        ],
        [],
        tabbed=True,
        period=Period(2026, 2030),
    ).rows
    assert (rows[0].baseline, rows[0].target, rows[0].direction) == ("32", "28", "lower_is_better")


def test_next_period_word_table_in_a_whole_plan():
    text = (
        "示例区生态环境保护“十五五”规划\n第一章 目标\n第一节 主要目标\n\t专栏1  主要指标\n\n"
        "\t指标\n\t2025年\n\t2030年\n\t指标属性\n\n"
        "\t生态环境质量\n\t1\n\t空气质量优良天数比例（%）\n\t88.5\n\t90\n\t约束性\n\n二、展望\n"
    )
    [row] = parse_plan(text).boxes[0].indicators
    assert (row.name, row.baseline, row.target, row.previous_target) == (
        "空气质量优良天数比例",
        "88.5",
        "90",
        None,
    )


def test_next_period_review_table_reads_the_previous_periods_targets():
    result = parse_table(
        [
            ["", "", "规划指标", "“十四五”", "属性", "2025年"],
            ["", "大气环境", "城市空气质量优良天数比例（%）", "≥85", "", "88.2"],
        ],
        [],
        tabbed=True,
        period=Period(2026, 2030),
    )
    assert result.review
    assert (result.rows[0].previous_target, result.rows[0].baseline, result.rows[0].target) == (
        "≥85",
        "88.2",
        None,
    )


def test_header_years_outside_the_period_are_reported_and_not_read():
    result = parse_table(
        [["序号", "指标名称", "2020年", "2025年", "属性"], ["1", "森林覆盖率（%）", "5", "6", "约束性"]],
        [],
        tabbed=True,
        period=Period(2026, 2030),
    )
    assert (result.rows[0].baseline, result.rows[0].target) == ("6", None)
    assert result.warnings == ["表头的“2020年”列不属于规划期2026—2030年，其数值未导入"]


def test_a_title_with_the_period_before_the_subject_still_names_the_place():
    info = parse_plan("吉林市“十五五”生态环境保护规划\n" + BODY).plan
    assert (info.jurisdiction, info.level) == ("吉林市", "city")
