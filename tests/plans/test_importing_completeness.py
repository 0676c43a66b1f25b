"""A file cut off anywhere is refused, naming the line, where a general rule can tell."""

import pytest

from plans.importing import PlanParseError, parse_plan

from .conftest import seed_path
from .renderings import cut, cut_points

HEAD = "长春市示例区生态环境保护“十四五”规划\n长春市示例区人民政府\n2023年4月25日\n"
PLAN = (
    "第一章 背景\n第一节 成效\n空气质量改善。\n第二节 形势\n机遇与挑战并存。\n"
    "第二章 目标\n第一节 主要目标\n到2025年，生态环境持续改善。\n"
    "第三章 任务\n第一节 大气\n推进治理。（区生态环境分局负责）\n"
    "第四章 保障措施\n第一节 组织领导\n加强领导。（区政府办负责）\n"
)


def refusal(text):
    with pytest.raises(PlanParseError) as error:
        parse_plan(HEAD + text)
    return str(error.value)


def test_a_whole_plan_is_accepted():
    assert [chapter.title for chapter in parse_plan(HEAD + PLAN).chapters] == [
        "背景",
        "目标",
        "任务",
        "保障措施",
    ]


def test_a_plan_that_stops_before_its_closing_chapter_is_refused():
    text = PLAN.split("第四章")[0]
    assert refusal(text) == "第14行：文件在第3章“任务”中结束，没有规划的保障措施等收尾部分，文件可能不完整"


def test_a_plan_that_stops_at_a_heading_is_refused():
    assert (
        refusal(PLAN + "第二节 资金保障\n")
        == "第18行：文件在标题“第二节资金保障”处结束，标题下没有内容，文件可能不完整"
    )


def test_a_plan_that_stops_mid_sentence_is_refused():
    assert "第18行：文件最后一句没有结束" in refusal(PLAN + "加大资金投入，统筹\n")


def test_a_plan_may_end_with_its_date_or_distribution_line():
    outline = parse_plan(HEAD + PLAN + "抄送：区人大，区政协\n示例区人民政府办公室    2023年4月25日印发\n")
    assert len(outline.chapters) == 4


def test_chapters_missing_from_what_the_contents_list_are_refused():
    contents = "目 录\n第一章 背景\t1\n第二章 目标\t3\n第三章 任务\t5\n第四章 保障措施\t9\n"
    text = contents + "第一章 背景\n空气质量改善。\n第二章 目标\n到2025年，生态环境持续改善。\n"
    assert refusal(text).startswith("第12行：目录列出4章，正文到第2章“目标”就结束了")


def test_chapters_missing_from_what_the_text_announces_are_refused():
    text = "第一章 背景\n本规划共分四章。\n第二章 目标\n到2025年，生态环境持续改善。\n"
    assert "正文称“本规划共分四章”，但只有2章" in refusal(text)


def test_a_box_the_text_refers_to_but_never_prints_is_refused():
    text = "第一章 目标\n主要指标见专栏1。\n"
    assert refusal(text) == "第5行：正文提到专栏1，但文件中没有这个专栏，文件可能不完整"


def test_an_indicator_table_the_text_counts_but_never_prints_is_refused():
    text = "第一章 目标\n共设置重点指标2项，其中约束性指标2项。\n"
    assert "正文列出了指标数量，但文件中没有指标表" in refusal(text)


def test_a_file_ending_in_a_table_with_fewer_rows_than_the_text_counts_is_refused():
    text = (
        "第一章 目标\n共设置重点指标3项。\n专栏1 主要指标\n指标类别\t序号\t指标名称\t2020年\t2025年\t属性\n"
        "质量\t1\t优良天数比例（%）\t80\t90\t约束性\n"
    )
    assert "文件在专栏1的表格中结束：正文称共设置指标3项，表格只有1项" in refusal(text)


def test_an_excerpt_of_a_few_headings_is_not_judged_by_its_end():
    outline = parse_plan(HEAD + "第一章 背景\n第一节 成效\n空气质量\n第二节 形势\n")
    assert [section.title for section in outline.chapters[0].sections] == ["成效", "形势"]


def test_the_first_sixty_lines_of_a_plan_are_refused():
    text = seed_path("001").read_text(encoding="utf-8")
    with pytest.raises(PlanParseError, match="文件可能不完整|文件不完整"):
        parse_plan(cut(text, 60))


# How many of the 20 cuts of each seed general rules refuse (measured; the rest end where a chapter
# could end and before the text says how many there are).
REFUSED_AT_LEAST = {"000": 18, "001": 19, "002": 20, "003": 14, "004": 20}


@pytest.mark.parametrize("prefix", REFUSED_AT_LEAST)
def test_cut_seeds_are_refused_or_read_as_the_start_of_the_plan(seed_outline, prefix):
    text = seed_path(prefix).read_text(encoding="utf-8")
    whole = [(chapter.number, chapter.title) for chapter in seed_outline(prefix).chapters]
    refused = 0
    for lines in cut_points(text):
        try:
            outline = parse_plan(cut(text, lines))
        except PlanParseError:
            refused += 1
            continue
        chapters = [(chapter.number, chapter.title) for chapter in outline.chapters]
        assert chapters == whole[: len(chapters)], f"cut after {lines} lines"
    assert refused >= REFUSED_AT_LEAST[prefix]
