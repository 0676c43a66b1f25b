"""Indicator tables printed one row per line with tab-separated cells (category cell empty when the
group continues, then the sequence number), with the header in the forms documents use."""

import pytest

from plans.importing import parse_plan
from plans.importing.period import Period
from plans.importing.tables import parse_table

from .conftest import seed_path
from .renderings import replace_tables, tab_rows

HEADERS = {
    "every column named": ["类别", "序号", "指标", "2020年", "2025年", "指标属性"],
    "one 指标 cell over category, number and name": ["指标", "2020年", "2025年", "指标属性"],
    "merged cell after an empty first cell": ["", "指标", "2020年", "2025年", "指标属性"],
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
