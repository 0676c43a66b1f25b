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


# pdftotext -layout sets a Chinese character in one column, so the columns line up in characters.
PDFTOTEXT_TABLE = (
    "  专栏 1 主要指标\n"
    "指标                      2020 年   2025 年   指标属性\n"
    "生态环境   1    细颗粒物        42       30       约束性\n"
    "            （PM2.5）\n"
    "质量          年均浓度\n"
    "            （µg/m3）\n"
    "       2    城市空气质       83.3     90       约束性\n"
    "            量优良天数\n"
    "            比例（%）\n"
    "\n"
    "\n"
    "                      - 14 -\n"
    "            长春市示例区生态环境保护“十四五”规划\n"
    "\n"
    "       3    地下水环境      --     完成市级下   约束性\n"
    "            区域点位 V            达任务\n"
    "            类水比例\n"
    "            （%）\n"
    "  注：仅对国控断面考核。\n"
    "第二节 下一节\n"
)
RUNNING_HEADER_PAGES = "".join(
    f"推进治理。\n\n                      - {page} -\n            长春市示例区生态环境保护“十四五”规划\n\n"
    for page in (11, 12)
)


def test_columns_counted_in_characters_as_pdftotext_sets_them():
    assert rows(RUNNING_HEADER_PAGES + PDFTOTEXT_TABLE) == [
        (1, "生态环境质量", "细颗粒物（PM2.5）年均浓度", "µg/m3", "42", "30", "约束性"),
        (2, "生态环境质量", "城市空气质量优良天数比例", "%", "83.3", "90", "约束性"),
        (3, "生态环境质量", "地下水环境区域点位V类水比例", "%", "--", "完成市级下达任务", "约束性"),
    ]


def test_a_header_cell_over_category_sequence_and_name_heads_the_name_column():
    lines = layout_tables_to_tabs(PDFTOTEXT_TABLE.splitlines())
    assert lines[1].split("\t") == ["", "", "指标", "2020年", "2025年", "指标属性"]


def test_page_number_and_running_header_inside_a_table_are_not_cells():
    lines = layout_tables_to_tabs((RUNNING_HEADER_PAGES + PDFTOTEXT_TABLE).splitlines())
    assert not any("规划" in line or "14" in line for line in lines if "\t" in line)
    assert "- 14 -" not in "\n".join(lines)


def test_a_page_that_sets_the_columns_narrower_is_matched_to_the_first_page():
    body = (
        "专栏1 主要指标\n"
        "指标                      2020 年   2025 年   指标属性\n"
        "生态环境   1    细颗粒物        42       30       约束性\n"
        "质量          年均浓度\n"
        "                      - 14 -\n"
        "       2    地表水质量      0      0       约束性\n"
        "            劣Ⅴ类水体\n"
        "       3    地下水环境      --     完成市级下   约束性\n"
        "            区域点位              达任务\n"
        "第二节 下一节\n"
    )
    assert rows(body) == [
        (1, "生态环境质量", "细颗粒物年均浓度", None, "42", "30", "约束性"),
        (2, "生态环境质量", "地表水质量劣Ⅴ类水体", None, "0", "0", "约束性"),
        (3, "生态环境质量", "地下水环境区域点位", None, "--", "完成市级下达任务", "约束性"),
    ]


def test_centred_values_are_read_in_their_column():
    body = (
        "专栏1 主要指标\n"
        "类别    序号  指标                    2020年      2025年        属性\n"
        "水环境   1    劣Ⅴ类水体比例（%）        3       完成市级下达     约束性\n"
        "                                                    任务\n"
        "         2    地表水达标比例（%）      100           100         预期性\n"
        "第二节 下一节\n"
    )
    assert rows(body) == [
        (1, "水环境", "劣Ⅴ类水体比例", "%", "3", "完成市级下达任务", "约束性"),
        (2, "水环境", "地表水达标比例", "%", "100", "100", "预期性"),
    ]


def test_a_value_column_empty_in_every_row_keeps_its_place():
    body = (
        "专栏1 主要指标\n"
        "指标                    2020 年   2025 年   指标属性\n"
        "生态环境   1    细颗粒物               ≤30      约束性\n"
        "            平均浓度\n"
        "质量     2    空气质量优              ≥90      约束性\n"
        "第二节 下一节\n"
    )
    assert rows(body) == [
        (1, "生态环境质量", "细颗粒物平均浓度", None, None, "≤30", "约束性"),
        (2, "生态环境质量", "空气质量优", None, None, "≥90", "约束性"),
    ]


# -- paragraphs set apart by an indented first line --------------------------------------------
def tasks(body):
    return [
        (task.title, [unit.name for unit in task.units])
        for task in parse_plan(HEAD + body).chapters[0].sections[0].tasks
    ]


INDENTED = (
    "  推进重点行业绿色化改造。以火电、工业涂装、农产品加工等行\n"
    "业为重点，开展全流程清洁化改造。促进传统行业绿色转型升级。\n"
    "推进先进装备制造等产业集群提升改造。（区发改局、区工信局按职\n"
    "责分工负责）\n"
    "  加快淘汰落后低效和过剩产能。严把高耗能高排放项目准入关。\n"
    "\n"
    "                 - 19 -\n"
    "           长春市示例区生态环境保护“十四五”规划\n"
    "\n"
    "依法依规淘汰落后产能和化解过剩产能。（区发改局负责）\n"
)


def test_a_line_at_the_margin_goes_on_an_indented_paragraph_after_a_full_stop():
    assert tasks(RUNNING_HEADER_PAGES + INDENTED * 5) == 5 * [
        ("推进重点行业绿色化改造", ["区发改局", "区工信局"]),
        ("加快淘汰落后低效和过剩产能", ["区发改局"]),
    ]


def test_a_heading_at_the_margin_is_not_joined_to_the_paragraph_above():
    body = (
        RUNNING_HEADER_PAGES + INDENTED * 5 + "第二节 另一节\n  强化监管。加强执法。（区生态环境分局负责）\n"
    )
    sections = parse_plan(HEAD + body).chapters[0].sections
    assert [section.title for section in sections] == ["主要指标", "另一节"]
    assert [task.title for task in sections[1].tasks] == ["强化监管"]


def test_paragraphs_one_per_line_without_indents_stay_apart():
    body = "推进治理。加强监管。\n加快淘汰落后产能。（区发改局负责）\n" * 12
    assert tasks(body) == 12 * [("加快淘汰落后产能", ["区发改局"])]


def test_a_few_indented_lines_do_not_make_paragraphs_run_on():
    body = "  推进治理。加强监管。\n加快淘汰落后产能。（区发改局负责）\n" * 3
    assert tasks(body) == 3 * [("加快淘汰落后产能", ["区发改局"])]


def test_one_line_paragraphs_with_and_without_indents_stay_apart():
    """Word or a .txt: a paragraph is one line whatever its length, some typed with an indent, some not;
    none is taken for the wrapped end of the one above."""
    titles = [f"推进第{n}项治理{'，加强监管' * (n % 7)}" for n in range(1, 25)]
    body = "".join(
        f"{'　　' if n % 2 else ''}{title}。（区发改局负责）\n" for n, title in enumerate(titles, 1)
    )
    assert tasks(body) == [(title, ["区发改局"]) for title in titles]
