"""PDF page ends inside a paragraph: page numbers and running headers are dropped, the paragraph
reads on across them."""

import pytest

from plans.importing import parse_plan
from plans.importing.pages import drop_page_furniture
from plans.importing.text import clean_lines

from .conftest import seed_path
from .renderings import PAGE_NUMBERS, page_breaks

HEAD = "长春市示例区生态环境保护“十四五”规划\n长春市示例区人民政府\n2023年4月25日\n第一章 治理\n第一节 固废\n"


def only_task(outline):
    [chapter] = outline.chapters
    [section] = chapter.sections
    [task] = section.tasks
    return task


def only_section(outline):
    [chapter] = outline.chapters
    [section] = chapter.sections
    return section


def tasks(outline):
    return [
        (task.title, task.text, [(unit.name, unit.role) for unit in task.units])
        for chapter in outline.chapters
        for section in chapter.sections
        for task in section.tasks
    ]


@pytest.mark.parametrize("number", [form.format(n=14, total=30) for form in PAGE_NUMBERS])
def test_a_page_number_inside_a_paragraph_does_not_end_it(number):
    task = only_task(
        parse_plan(f"{HEAD}提高秸秆综合\n\n{number}\n\n利用能力。加强监管。（市农业农村局负责）\n")
    )
    assert (task.title, task.text) == ("提高秸秆综合利用能力", "提高秸秆综合利用能力。加强监管。")


def test_a_running_header_repeated_on_every_page_is_dropped_from_the_paragraphs():
    header = "长春市示例区生态环境保护“十四五”规划"
    body = "".join(
        f"推进第{n}项治理，加强\n- {page} -\n{header}\n监管。（区住建局负责）\n"
        if n != "二"
        else f"推进第{n}项治理，加强\n- {page} -\n{header}\n监管。（区住建局\n负责）\n"
        for page, n in enumerate(("一", "二", "三"), start=7)
    )
    outline = parse_plan(HEAD + body)
    assert [task.text for task in outline.chapters[0].sections[0].tasks] == [
        "推进第一项治理，加强监管。",
        "推进第二项治理，加强监管。",
        "推进第三项治理，加强监管。",
    ]
    assert outline.plan.title == header


def test_a_short_line_printed_twice_is_kept():
    body = "建设单位名单如下：\n某某化工有限公司\n推进治理。（区住建局负责）\n某某化工有限公司\n"
    outline = parse_plan(HEAD + body)
    assert "某某化工有限公司" in outline.chapters[0].sections[0].tasks[0].text


def test_a_bare_number_in_a_box_or_beside_a_table_row_is_a_cell_not_a_page_number():
    lines = clean_lines(
        "第一章 目标\n专栏1 主要指标\n指标\n2025年\n1\n优良天数比例\n第二节 回顾\n14\n\t42\t30\n正文。\n14\n"
    )
    assert [line.text for line in drop_page_furniture(lines, 0)] == [
        "第一章目标", "专栏1主要指标", "指标", "2025年", "1", "优良天数比例", "第二节回顾", "14", "\t42\t30", "正文。", "",
    ]  # fmt: skip


def test_a_repeated_wrapped_sentence_tail_is_not_a_running_header():
    body = "".join(f"推进第{n}项治理。（区住建局\n负责）\n" for n in "一二三")
    assert [task.units[0].name for task in only_section(parse_plan(HEAD + body)).tasks] == ["区住建局"] * 3


def test_a_closing_quote_without_a_full_stop_does_not_end_the_paragraph():
    task = only_task(
        parse_plan(f"{HEAD}尾矿库数量原则上“只减不增”\n- 79 -\n。严格准入。（市生态环境局负责）\n")
    )
    assert task.text == "尾矿库数量原则上“只减不增”。严格准入。"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_with_page_ends_inside_its_paragraphs_reads_the_same_tasks(seed_outline, prefix):
    original = seed_outline(prefix)
    rendered = page_breaks(seed_path(prefix).read_text(encoding="utf-8"), running_header=original.plan.title)
    outline = parse_plan(rendered)
    assert tasks(outline) == tasks(original)
    assert [(c.number, c.title, [s.title for s in c.sections]) for c in outline.chapters] == [
        (c.number, c.title, [s.title for s in c.sections]) for c in original.chapters
    ]
