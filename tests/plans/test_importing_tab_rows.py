"""Indicator tables printed one row per line with tab-separated cells (category cell empty when the
group continues, then the sequence number), with the header in the forms documents use."""

import pytest

from plans.importing import parse_plan
from plans.importing.period import Period
from plans.importing.tables import parse_table

from .conftest import seed_path
from .renderings import replace_tables, tab_columns, tab_rows

HEADERS = {
    "every column named": ["类别", "序号", "指标", "2020年", "2025年", "指标属性"],
    "one 指标 cell over category, number and name": ["指标", "2020年", "2025年", "指标属性"],
    "merged cell after an empty first cell": ["", "指标", "2020年", "2025年", "指标属性"],
}

# Column orders and sets seen in plans' tables besides the seeds' own.
COLUMNS = {
    "序号 before 类别": (
        ["seq", "category", "name", "baseline", "target", "attribute"],
        ["序号", "类别", "指标", "2020年", "2025年", "指标属性"],
    ),
    "a 单位 column": (
        ["category", "seq", "bare", "unit", "baseline", "target", "attribute"],
        ["类别", "序号", "指标名称", "单位", "2020年", "2025年", "指标属性"],
    ),
    "属性 before the values": (
        ["category", "seq", "name", "attribute", "baseline", "target"],
        ["类别", "序号", "指标", "属性", "2020年", "2025年"],
    ),
    "target before baseline, star before the unit": (
        ["category", "seq", "starred", "target", "baseline", "attribute"],
        ["类别", "序号", "指标", "2025年目标值", "2020年现状值", "指标属性"],
    ),
}

FOURTEENTH = Period(2021, 2025)


def indicators(outline):
    return [row for box in outline.boxes if box.kind == "indicators" for row in box.indicators]


@pytest.mark.parametrize("header", HEADERS.values(), ids=HEADERS.keys())
@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_seed_tables_rendered_as_tab_rows_read_the_same_indicators(seed_outline, prefix, header):
    text = seed_path(prefix).read_text(encoding="utf-8")
    original = seed_outline(prefix)
    rendered = replace_tables(text, original, tab_rows(header))
    assert rendered != text
    assert indicators(parse_plan(rendered)) == indicators(original)


@pytest.mark.parametrize("columns", COLUMNS.values(), ids=COLUMNS.keys())
@pytest.mark.parametrize("prefix", ["000", "001", "002"])
def test_seed_tables_with_their_columns_in_another_order_read_the_same_indicators(
    seed_outline, prefix, columns
):
    text = seed_path(prefix).read_text(encoding="utf-8")
    original = seed_outline(prefix)
    rendered = replace_tables(text, original, tab_columns(*columns))
    assert rendered != text
    assert indicators(parse_plan(rendered)) == indicators(original)


def test_a_units_column_gives_the_unit_and_is_no_value():
    rows = [
        ["类别", "序号", "指标名称", "单位", "2020年", "2025年", "属性"],
        ["大气", "1", "细颗粒物年均浓度", "微克/立方米", "42", "30", "约束性"],
        ["", "2", "重度及以上污染天数", "天", "15", "5", "约束性"],
    ]
    result = parse_table(rows, [], tabbed=True, period=FOURTEENTH)
    assert [(row.name, row.unit, row.baseline, row.target, row.category) for row in result.rows] == [
        ("细颗粒物年均浓度", "微克/立方米", "42", "30", "大气"),
        ("重度及以上污染天数", "天", "15", "5", "大气"),
    ]


def test_a_category_column_after_the_number_names_the_group():
    rows = [
        ["序号", "类别", "指标", "2020年", "2025年", "属性"],
        ["1", "水环境", "水质优良比例（%）", "80", "85", "约束性"],
        ["2", "", "劣Ⅴ类水体比例（%）", "0", "0", "约束性"],
        ["3", "生态", "森林覆盖率（%）", "40", "41", "预期性"],
    ]
    result = parse_table(rows, [], tabbed=True, period=FOURTEENTH)
    assert [row.category for row in result.rows] == ["水环境", "水环境", "生态"]


def test_a_star_between_the_name_and_its_unit_points_to_the_footnote():
    rows = [["序号", "指标", "2020年", "2025年"], ["1", "地表水达到Ⅲ类比例*（%）", "80", "85"]]
    [row] = parse_table(rows, ["仅考核国控断面。"], tabbed=True, period=FOURTEENTH).rows
    assert (row.name, row.unit, row.footnote) == ("地表水达到Ⅲ类比例", "%", "仅考核国控断面。")


def test_a_header_shorter_than_its_rows_names_their_last_columns():
    rows = parse_table(
        [
            ["指标", "2020年", "2025年", "指标属性"],
            ["生态环境质量", "1", "细颗粒物（PM2.5）年均浓度（µg/m3）", "42", "30", "约束性"],
            ["", "2", "空气质量优良天数比例（%）", "86.5", "88", "约束性"],
        ],
        [],
        tabbed=True,
        period=FOURTEENTH,
    ).rows
    assert [(r.seq, r.category, r.name, r.unit, r.baseline, r.target, r.attribute) for r in rows] == [
        (1, "生态环境质量", "细颗粒物（PM2.5）年均浓度", "µg/m3", "42", "30", "约束性"),
        (2, "生态环境质量", "空气质量优良天数比例", "%", "86.5", "88", "约束性"),
    ]


@pytest.mark.parametrize(
    "header_lines",
    [
        [["类别", "序号", "指标", "2020年", "2025年", "指标属性"], ["", "", "", "（基期）", "（目标）", ""]],
        [["", "", "", "2020年", "2025年", "指标"], ["类别", "序号", "指标", "", "", "属性"]],
        [["类别", "序号", "指标", "2020", "2025", "指标"], ["", "", "", "年", "年", "属性"]],
    ],
    ids=["notes under the years", "years above the names", "words broken over two lines"],
)
def test_a_header_spread_over_two_lines_is_one_header(header_lines):
    result = parse_table(
        [*header_lines, ["水环境", "1", "地表水劣Ⅴ类水体比例（%）", "3", "0", "约束性"]],
        [],
        tabbed=True,
        period=FOURTEENTH,
    )
    [row] = result.rows
    assert (row.name, row.baseline, row.target, row.attribute) == (
        "地表水劣Ⅴ类水体比例",
        "3",
        "0",
        "约束性",
    )
    assert result.warnings == []
