"""Layout-preserving PDF text (`pdftotext -layout`): table columns are runs of spaces, long cell text
wraps onto the next line in the same column, headers spread over two lines."""

import pytest

from plans.importing import parse_plan
from plans.importing.layout import layout_tables_to_tabs

from .conftest import seed_path
from .renderings import layout_rows, replace_tables

HEAD = "长春市示例区生态环境保护“十四五”规划\n长春市示例区人民政府\n2023年4月25日\n第一章 目标\n第一节 主要指标\n"


def rows(body):
    [box] = parse_plan(HEAD + body).boxes
    return [(r.seq, r.category, r.name, r.unit, r.baseline, r.target, r.attribute) for r in box.indicators]


def test_columns_separated_by_runs_of_spaces_are_cells():
    body = (
        "专栏1 主要指标\n"
        "类别          序号  指标                              2020年    2025年    属性\n"
        "生态环境质量  1     细颗粒物（PM2.5）年均浓度（µg/m3）  42        30        约束性\n"
        "              2     城市空气质量优良天数比例（%）       83.3      ≥90       约束性\n"
        "第二节 下一节\n"
    )
    assert rows(body) == [
        (1, "生态环境质量", "细颗粒物（PM2.5）年均浓度", "µg/m3", "42", "30", "约束性"),
        (2, "生态环境质量", "城市空气质量优良天数比例", "%", "83.3", "≥90", "约束性"),
    ]


def test_long_cell_text_wrapped_onto_the_next_line_stays_in_its_column():
    body = (
        "专栏1 主要指标\n"
        "类别      序号  指标                      2020年  2025年            属性\n"
        "水环境    1     县级及以上城市集中式饮用  100     100               约束性\n"
        "                水水源达到或优于Ⅲ类比例\n"
        "                （%）\n"
        "          2     地下水Ⅴ类水比例（%）     /       完成市级下达任务  约束性\n"
        "注：仅对国控断面考核。\n第二节 下一节\n"
    )
    assert rows(body) == [
        (1, "水环境", "县级及以上城市集中式饮用水水源达到或优于Ⅲ类比例", "%", "100", "100", "约束性"),
        (2, "水环境", "地下水Ⅴ类水比例", "%", "/", "完成市级下达任务", "约束性"),
    ]


@pytest.mark.parametrize(
    "header",
    [
        "类别    序号  指标              2020年    2025年    指标\n                                  （基期）  （目标）  属性\n",
        "                                2020年    2025年    指标\n类别    序号  指标                                  属性\n",
    ],
    ids=["notes under the years", "years above the names"],
)
def test_a_header_spread_over_two_lines_is_one_header(header):
    body = (
        "专栏1 主要指标\n"
        + header
        + "水环境  1     劣Ⅴ类水体比例（%）  3         0         约束性\n第二节 下一节\n"
    )
    assert rows(body) == [(1, "水环境", "劣Ⅴ类水体比例", "%", "3", "0", "约束性")]


def test_an_indented_paragraph_after_the_table_is_not_a_wrapped_cell():
    body = (
        "专栏1 主要指标\n"
        "类别    序号  指标                2020年  2025年  属性\n"
        "水环境  1     劣Ⅴ类水体比例（%）  3       0       约束性\n"
        "    推进城镇污水处理设施建设，加强管网排查。（区住建局负责）\n"
    )
    outline = parse_plan(HEAD + body)
    assert outline.boxes[0].indicators[0].name == "劣Ⅴ类水体比例"
    assert outline.chapters[0].sections[0].tasks[0].units[0].name == "区住建局"


def test_running_text_with_double_spaces_is_left_alone():
    lines = [
        "第一章  背景与形势",
        "宽城区人民政府办公室          2023年4月 25日印发",
        "推进治理。  加强监管。",
    ]
    assert layout_tables_to_tabs(lines) == lines


HEADERS = {
    "one header line": [["类别", "序号", "指标", "2020年", "2025年", "指标属性"]],
    "notes under the years": [["类别", "序号", "指标", "2020年", "2025年", "指标"], ["", "", "", "（基期）", "（目标）", "属性"]],
    "years above the names": [["", "", "", "2020年", "2025年", "指标"], ["类别", "序号", "指标", "", "", "属性"]],
}  # fmt: skip


@pytest.mark.parametrize("header", HEADERS.values(), ids=HEADERS.keys())
@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_seed_tables_in_layout_text_read_the_same_indicators(seed_outline, prefix, header):
    text = seed_path(prefix).read_text(encoding="utf-8")
    original = seed_outline(prefix)
    rendered = replace_tables(text, original, layout_rows(header))
    assert rendered != text
    indicators = [
        row for box in parse_plan(rendered).boxes if box.kind == "indicators" for row in box.indicators
    ]
    assert indicators == [row for box in original.boxes if box.kind == "indicators" for row in box.indicators]
