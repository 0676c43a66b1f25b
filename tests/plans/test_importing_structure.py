import pytest

from plans.importing import PlanParseError, parse_plan

HEAD = "长春市示例区生态环境保护“十四五”规划\n长春市示例区人民政府\n2023年4月25日\n"


def outline(body, head=HEAD):
    return parse_plan(head + body)


def test_chapters_sections_and_subtitles():
    plan = outline("第一章 规划背景\n\n-----充满机遇的时期\n第一节 成效\n正文。\n第1节 强化管控\n")
    chapter = plan.chapters[0]
    assert (chapter.number, chapter.title, chapter.subtitle) == (1, "规划背景", "充满机遇的时期")
    assert [(s.number, s.title) for s in chapter.sections] == [(1, "成效"), (1, "强化管控")]


def test_chinese_chapter_numbers_above_ten():
    plan = outline("第十一章 保障\n第十二章 附则\n")
    assert [c.number for c in plan.chapters] == [11, 12]


def test_a_paragraph_broken_across_lines_and_blank_lines_is_one_task():
    plan = outline("第一章 治理\n第一节 水\n加强治理，推进\n\n城镇污水收集。（区住建局\n负责）\n")
    [task] = plan.chapters[0].sections[0].tasks
    assert task.text == "加强治理，推进城镇污水收集。"
    assert [u.name for u in task.units] == ["区住建局"]


def test_task_title_is_the_opening_sentence():
    plan = outline("第一章 治理\n第一节 水\n推进黑臭水体治理。持续开展排查。（区住建局负责）\n")
    assert plan.chapters[0].sections[0].tasks[0].title == "推进黑臭水体治理"


def test_paragraphs_without_units_are_not_tasks():
    plan = outline("第一章 治理\n第一节 水\n全区水质稳步改善。\n一、小标题\n推进治理。（区住建局负责）\n")
    assert len(plan.chapters[0].sections[0].tasks) == 1


def test_task_before_any_section_is_kept_and_reported():
    plan = outline("第一章 治理\n推进治理。（区住建局负责）\n")
    assert plan.chapters[0].sections[0].number == 0
    assert any("各节之前" in warning for warning in plan.warnings)


def test_unclosed_bracket_is_reported_with_its_line():
    plan = outline("第一章 治理\n第一节 水\n推进治理。（区住建局牵头，区水务局按职责分工负责\n第二节 气\n")
    assert plan.chapters[0].sections[0].tasks[0].units[1].name == "区水务局"
    assert any(w.startswith("第6行") and "未闭合" in w for w in plan.warnings)


def test_plan_without_chapters_uses_numbered_parts():
    head = "\n聚焦绿色发展\n行动计划\n"
    plan = parse_plan(
        head
        + " 一、总体要求\n（一）奋斗目标\n到2025年，美丽长春建设取得进展，秸秆综合利用率达到90%。\n二、重点任务\n（一）改善大气\n打好蓝天保卫战。（市生态环境局负责）\n"
    )
    assert plan.plan.title == "聚焦绿色发展行动计划"
    assert [(c.number, c.title) for c in plan.chapters] == [(1, "总体要求"), (2, "重点任务")]
    assert plan.chapters[1].sections[0].tasks[0].units[0].name == "市生态环境局"
    assert [(g.name, g.target) for g in plan.goals] == [("秸秆综合利用率", "90")]


def test_project_box_items_numbered_or_bracketed():
    plan = outline(
        "第一章 治理\n第一节 水\n\t专栏2  绿色发展工程\n\n\t1.甲工程\n推进甲。\n2.乙工程。推进乙。\n（三）丙工程\n推进\n丙。\n第二章 下一章\n"
    )
    [box] = plan.boxes
    assert box.kind == "projects"
    assert [(p.seq, p.title, p.text) for p in box.projects] == [
        (1, "甲工程", "推进甲。"),
        (2, "乙工程", "推进乙。"),
        (3, "丙工程", "推进丙。"),
    ]


def test_unnumbered_project_titles_are_short_lines():
    plan = outline(
        "第一章 治理\n专栏 5 生态保护重大工程\n\n污水处理类建设工程\n\n实施污水处理建设工程。\n第二章 下一章\n"
    )
    assert [(p.title, p.text) for p in plan.boxes[0].projects] == [
        ("污水处理类建设工程", "实施污水处理建设工程。")
    ]


def test_skipped_box_number_is_reported():
    plan = outline("第一章 治理\n专栏1 甲工程\n1.甲\n专栏3 丙工程\n1.丙\n")
    assert "专栏编号不连续：没有专栏2" in plan.warnings


def test_table_without_box_title_takes_the_box_named_in_the_sentence_before_it():
    body = "第一章 回顾\n第一节 成效\n指标完成情况见专栏1。\n\t\t规划指标\t“十三五”\t属性\t2020年\n\t水环境\t松花江水质达到Ⅲ类(%)\t100\t约束性\t100\n第二节 下一节\n"
    [box] = outline(body).boxes
    assert (box.number, box.title, box.kind) == (1, "指标完成情况", "review")
    assert box.indicators[0].previous_target == "100"


def test_summary_count_that_contradicts_the_table_is_reported_and_the_table_wins():
    body = "第一章 目标\n共设置重点指标3项，其中约束性指标1项，预期性指标2项。\n专栏1 主要指标\n指标类别\t序号\t指标名称\t2020年\t2025年\t属性\n质量\t1\t优良天数比例（%）\t80\t90\t约束性\n\t2\t森林覆盖率（%）\t5\t6\t约束性\n一、展望\n"
    plan = outline(body)
    assert len(plan.boxes[0].indicators) == 2
    assert "正文称共设置重点指标3项，但专栏1表格中为2项（以表格为准）" in plan.warnings
    assert "正文称共设置约束性指标1项，但专栏1表格中为2项（以表格为准）" in plan.warnings


def test_metadata_from_the_opening_lines():
    head = "长宽府发〔2023〕5号\n关于印发《宽城区\n生态环境保护“十四五”规划》的通知\n长春市宽城区人民政府\n2023年4月25日\n"
    info = outline("第一章 背景\n", head=head).plan
    assert (info.title, info.jurisdiction, info.parent_jurisdiction, info.level) == (
        "宽城区生态环境保护“十四五”规划", "宽城区", "长春市", "district",
    )  # fmt: skip
    assert (info.issuer, info.doc_number, info.issued_date) == (
        "长春市宽城区人民政府",
        "长宽府发〔2023〕5号",
        "2023-04-25",
    )


def test_development_zone_takes_its_short_name_from_the_text():
    head = "长春净月高新技术产业开发区 生态环境保护“十四五”规划\n二〇二三年四月\n"
    info = outline("第一章 背景\n净月区位于长春市东南。净月区生态良好。\n", head=head).plan
    assert (info.jurisdiction, info.parent_jurisdiction, info.level, info.issued_date) == (
        "净月区", "长春市", "development_zone", "2023-04",
    )  # fmt: skip


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "文件为空"),
        ("   \n\n", "文件为空"),
        ("这是一封普通的信。\n没有章节。\n", "未找到章节结构"),
        ("第一章 背景\n正文。\n", "未找到规划标题"),
    ],
)
def test_text_that_is_not_a_plan_is_refused_with_a_reason(text, message):
    with pytest.raises(PlanParseError, match=message):
        parse_plan(text)


def test_text_that_stops_inside_a_table_is_refused_naming_the_line():
    body = "第一章 目标\n专栏1 主要指标\n指标类别\t序号\t指标名称\t2020年\t2025年\t属性\n质量\t1\t优良天数比例（%）\t80\t90\t约束性\n\t2\t森林覆盖率（%）\t5"
    with pytest.raises(PlanParseError, match="第8行：专栏1的表格在文件末尾中断"):
        outline(body)


def test_text_that_stops_in_an_open_responsibility_bracket_is_refused_naming_the_line():
    with pytest.raises(PlanParseError, match="第6行：文件在未闭合的责任单位括号处结束"):
        outline("第一章 治理\n第一节 水\n推进治理。（区住建局牵头，区水务局按职责")


def test_a_responsibility_bracket_wrapped_onto_a_line_of_its_own_closes_the_paragraph_before_it():
    plan = outline(
        "第一章 治理\n第一节 林\n增强森林系统功能。到2025年森林覆盖率不低于5.77%。\n（区农业农村局负责）\n"
    )
    [task] = plan.chapters[0].sections[0].tasks
    assert (task.title, [unit.name for unit in task.units]) == ("增强森林系统功能", ["区农业农村局"])
