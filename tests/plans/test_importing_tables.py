import pytest

from plans.importing import PlanParseError, parse_plan
from plans.importing.period import Period
from plans.importing.tables import infer_direction, merged_cells, parse_table, split_unit

FOURTEENTH = Period(2021, 2025)

WORD_TABLE = """第一章 目标
第一节 主要目标
\t专栏1  主要指标

\t指标
\t2020年
\t2025年
\t指标属性

\t生态环境质量
\t1
\t细颗粒物（PM2.5）年均浓度（µg/m3）
\t42
\t30
\t约束性

\t
\t2
\t地表水质量达到或好于Ⅲ类水体比例（%）*
\t0
\t0
\t约束性

\t污染物排放量
\t3
\t氮氧化物重点工程减排量（万吨）
\t--
\t完成市级下达任务
\t预期性


注：该项指标仅对国控断面进行考核。
三、愿景展望
"""


def main_box(text):
    return parse_plan("生态环境保护“十四五”规划\n" + text).boxes[0]


def test_word_table_rows_are_read_cell_by_cell():
    rows = main_box(WORD_TABLE).indicators
    assert [(r.seq, r.name, r.unit, r.baseline, r.target, r.attribute) for r in rows] == [
        (1, "细颗粒物（PM2.5）年均浓度", "µg/m3", "42", "30", "约束性"),
        (2, "地表水质量达到或好于Ⅲ类水体比例", "%", "0", "0", "约束性"),
        (3, "氮氧化物重点工程减排量", "万吨", "--", "完成市级下达任务", "预期性"),
    ]


def test_category_printed_on_a_groups_first_row_holds_for_the_group():
    assert [r.category for r in main_box(WORD_TABLE).indicators] == [
        "生态环境质量",
        "生态环境质量",
        "污染物排放量",
    ]


def test_starred_row_takes_the_footnote_under_the_table():
    rows = main_box(WORD_TABLE).indicators
    assert rows[1].footnote == "该项指标仅对国控断面进行考核。"
    assert rows[0].footnote is None


def test_direction_follows_baseline_and_target():
    # 0 → 0 for a share that should rise: its name decides, not the equal numbers.
    assert [r.direction for r in main_box(WORD_TABLE).indicators] == [
        "lower_is_better",
        "higher_is_better",
        "qualitative",
    ]


def test_tab_rows_with_units_after_the_numbers():
    rows = parse_table(
        [
            ["指标类别", "序号", "指标名称", "2020 年", "2025 年", "属性"],
            ["生态环境质量", "1", "重度及以上污染天数", "15 天", "5 天", "约束性"],
        ],
        [],
        tabbed=True,
        period=FOURTEENTH,
    ).rows
    assert (rows[0].name, rows[0].unit, rows[0].baseline, rows[0].target) == (
        "重度及以上污染天数",
        "天",
        "15",
        "5",
    )


def test_table_without_2020_column_has_no_baseline():
    rows = parse_table(
        [
            ["", "", "规划指标", "2025年", "指标属性", ""],
            ["", "1", "细颗粒物平均浓度（微克/立方米）", "≤30", "约束性", ""],
        ],
        [],
        tabbed=True,
        period=FOURTEENTH,
    ).rows
    assert (rows[0].baseline, rows[0].target, rows[0].direction) == (None, "≤30", "lower_is_better")


def test_review_table_reads_2020_targets_and_outcomes():
    result = parse_table(
        [
            ["", "", "规划指标", "“十三五”", "属性", "2020年", ""],
            ["", "大气环境", "城市空气质量优良天数比例（%）", "≥80", "", "81.4", ""],
        ],
        [],
        tabbed=True,
        period=FOURTEENTH,
    )
    row = result.rows[0]
    assert result.review
    assert (row.seq, row.previous_target, row.baseline, row.target) == (1, "≥80", "81.4", None)


def test_one_printed_row_naming_several_indicators_becomes_several():
    result = parse_table(
        [
            ["", "", "规划指标", "“十三五”", "属性", "2020年"],
            ["", "", "化学需氧量（万吨/年）氨氮（万吨/年）", "达到省要求达到省要求", "约束性", "超额完成"],
        ],
        [],
        tabbed=True,
        period=FOURTEENTH,
    )
    assert [(r.name, r.unit, r.previous_target, r.baseline) for r in result.rows] == [
        ("化学需氧量", "万吨/年", "达到省要求", "超额完成"),
        ("氨氮", "万吨/年", "达到省要求", "超额完成"),
    ]


def test_centred_category_fragments_are_joined_and_spread_over_their_group():
    values = ["", "", "生态", "环境", "质量", "", "", "", "污染物", "排放总量", ""]
    spread, warnings = merged_cells(values)
    assert spread == ["生态环境质量"] * 7 + ["污染物排放总量"] * 4
    assert warnings == []


def test_adjacent_fragments_of_two_groups_are_split_by_known_category_names():
    spread, warnings = merged_cells(["", "生态安全维护", "土地扩", "应对气", "候变化"])
    assert spread == ["生态安全维护", "生态安全维护", "生态安全维护", "应对气候变化", "应对气候变化"]
    assert warnings == ["表格分类单元格“土地扩”无法归入任何分类，已忽略"]


def test_unit_in_brackets_is_split_from_the_name_but_an_abbreviation_is_not():
    assert split_unit("森林覆盖率（%）") == ("森林覆盖率", "%")
    assert split_unit("生态环境状况指数（EI）") == ("生态环境状况指数（EI）", None)


def test_direction_rules():
    assert infer_direction("室外γ辐射剂量范围", None, "43.6-89.9") == "range"
    assert infer_direction("优良天数比例", None, "≥90") == "higher_is_better"
    assert infer_direction("地表水劣Ⅴ类水体比例", None, "0") == "lower_is_better"
    assert infer_direction("森林覆盖率", "5.77", "5.77") == "higher_is_better"
    assert infer_direction("地表水劣Ⅴ类水体比例", "0", "0") == "lower_is_better"
    assert infer_direction("声环境功能区夜间等效声级", "45", "45") == "hold"
    assert infer_direction("生态环境状况指数", "--", "良好水平") == "qualitative"


# A table as `pdftotext` without -layout gives it: column by column, each cell on its own line, no tabs.
COLUMN_BY_COLUMN_TABLE = """第一章 目标
第一节 主要目标
专栏1 主要指标
指标
生态环境
质量
1
2
细颗粒物
（PM2.5）
年均浓度
（µg/m3）
地表水质量
达到或好于
Ⅲ类水体比
例（%）
2020 年
2025 年
指标属性
42
30
约束性
0
0
约束性
三、愿景展望
"""


def test_a_table_printed_column_by_column_is_refused_with_its_box_and_header_line():
    with pytest.raises(PlanParseError) as error:
        parse_plan("生态环境保护“十四五”规划\n" + COLUMN_BY_COLUMN_TABLE)
    assert "专栏1的指标表是逐列排列的纯文本" in str(error.value)
    assert error.value.line == 5  # the title is line 1; "指标" is line 5
