"""Facts about the five documents, checked by reading them (line numbers refer to the documents)."""

import pytest


def tasks(outline):
    return [task for chapter in outline.chapters for section in chapter.sections for task in section.tasks]


def task_titled(outline, title):
    """The task whose heading sentence starts with `title`."""
    return next(task for task in tasks(outline) if task.title.startswith(title))


def box(outline, number):
    return next(b for b in outline.boxes if b.number == number)


# Units as one per unit: a name printed without the jurisdiction's prefix beside the prefixed one is that
# unit (000: 生态环境分局; 001: 发改局, 工信局; 002: 农业农村和水务局, 卫生健康局, 城市管理局, 应急管理局,
# 建设发展局, 经济发展局), and "X等部门" is X (004: 市发改委, 市水利局, 市生态环境局, 市农业农村局).
@pytest.mark.parametrize(
    "prefix, chapters, sections, task_count, units, boxes",
    [
        ("000", 11, 45, 112, 31, [1, 2, 3, 4, 5, 7]),
        ("001", 11, 45, 120, 40, [1, 2, 3, 4, 5, 6]),
        ("002", 11, 48, 113, 39, [1, 2, 3, 4, 5]),
        ("003", 3, 14, 12, 19, []),
        ("004", 12, 44, 158, 43, [1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_structure_counts(seed_outline, prefix, chapters, sections, task_count, units, boxes):
    outline = seed_outline(prefix)
    assert len(outline.chapters) == chapters
    assert sum(len(chapter.sections) for chapter in outline.chapters) == sections
    assert len(tasks(outline)) == task_count
    assert len(outline.units) == units
    assert [b.number for b in outline.boxes] == boxes


def test_kuancheng_metadata(seed_outline):
    info = seed_outline("000").plan
    assert (info.title, info.jurisdiction, info.parent_jurisdiction, info.level) == (
        "宽城区生态环境保护“十四五”规划", "宽城区", "长春市", "district",
    )  # fmt: skip
    assert (info.issuer, info.doc_number, info.issued_date) == (
        "长春市宽城区人民政府",
        "长宽府发〔2023〕5号",
        "2023-04-25",
    )


def test_kuancheng_pm25_row(seed_outline):
    row = box(seed_outline("000"), 1).indicators[0]
    assert (row.seq, row.category, row.name, row.unit, row.baseline, row.target, row.attribute) == (
        1, "生态环境质量", "细颗粒物（PM2.5）年均浓度", "µg/m3", "42", "30", "约束性",
    )  # fmt: skip
    assert row.direction == "lower_is_better"


def test_kuancheng_indicator_table_matches_its_summary_sentence(seed_outline):
    outline = seed_outline("000")
    rows = box(outline, 1).indicators
    assert len(rows) == 20
    assert sum(row.attribute == "约束性" for row in rows) == 19
    assert [row.name for row in rows if row.attribute == "预期性"] == ["非化石能源占一次能源消费比例"]
    assert not any("正文称" in warning for warning in outline.warnings)


def test_kuancheng_footnote_and_missing_box_six(seed_outline):
    outline = seed_outline("000")
    starred = box(outline, 1).indicators[4]
    assert starred.name == "地表水质量达到或好于Ⅲ类水体比例"
    assert starred.footnote.startswith("该项指标仅对国控断面进行考核")
    assert "专栏编号不连续：没有专栏6" in outline.warnings


def test_kuancheng_task_units_in_printed_order(seed_outline):
    # line 316: （区生态环境分局牵头，区公安分局、区农业农村局按职责分工负责）
    task = task_titled(seed_outline("000"), "深入推进秸秆禁烧管控")
    assert [(u.name, u.role) for u in task.units][-2:] == [
        ("区公安分局", "responsible"),
        ("区农业农村局", "responsible"),
    ]
    assert task.units[0].role == "lead"


def test_kuancheng_support_role(seed_outline):
    # line 377: （区生态环境分局牵头，区工信局、区农业农村局配合）
    task = task_titled(seed_outline("000"), "强化地下水环境风险管控")
    assert [(u.name, u.role) for u in task.units] == [
        ("区生态环境分局", "lead"), ("区工信局", "support"), ("区农业农村局", "support"),
    ]  # fmt: skip


def test_kuancheng_short_name_of_the_ecology_bureau_is_the_bureau(seed_outline):
    # lines 281 and 349 print 生态环境分局 where every other bracket prints 区生态环境分局
    outline = seed_outline("000")
    for title in ("推进散煤治理工作", "强化工业集聚区排水管理"):
        assert ("区生态环境分局", "responsible") in [
            (u.name, u.role) for u in task_titled(outline, title).units
        ]
    assert "生态环境分局" not in outline.units


def test_kuancheng_text_target_linked_to_its_task(seed_outline):
    task = task_titled(seed_outline("000"), "推进城市大气环境质量持续改善")
    assert any(
        t.metric.endswith("优良天数比例") and t.value == "90" and t.unit == "%" for t in task.text_targets
    )


def test_kuancheng_project_box(seed_outline):
    projects = box(seed_outline("000"), 2).projects
    assert [p.title for p in projects] == [
        "重点行业绿色转型升级与综合整治提升工程",
        "实施清洁能源建设工程",
        "实施绿色农业发展工程",
    ]
    assert projects[2].text.startswith("以鲜切花")


def test_chaoyang_title_from_its_foreword_and_bookmarks_gone(seed_outline):
    outline = seed_outline("001")
    assert (outline.plan.title, outline.plan.jurisdiction, outline.plan.parent_jurisdiction) == (
        "长春市朝阳区生态环境保护“十四五”规划", "朝阳区", "长春市",
    )  # fmt: skip
    assert outline.chapters[2].title == "坚持绿色发展，拓展源头严防新路径"
    assert all("bookmark" not in chapter.title for chapter in outline.chapters)


def test_chaoyang_indicative_rows(seed_outline):
    rows = box(seed_outline("001"), 1).indicators
    assert len(rows) == 19
    assert [row.name for row in rows if row.attribute == "预期性"] == [
        "地表水市控断面考核达标比例",
        "非化石能源占一次能源消费比例",
    ]
    assert (rows[1].target, rows[7].target) == ("≥90", "25")


def test_chaoyang_note_in_a_bracket_is_reported(seed_outline):
    assert any("不再单独列出" in warning for warning in seed_outline("001").warnings)


def test_jingyue_skips_its_table_of_contents_and_reads_subtitles(seed_outline):
    outline = seed_outline("002")
    assert (outline.plan.jurisdiction, outline.plan.level, outline.plan.issued_date) == (
        "净月区",
        "development_zone",
        "2023-04",
    )
    assert outline.plan.issuer == "长春净月高新技术产业开发区管理委员会"
    assert outline.chapters[0].subtitle == "充满大好机遇也面临严峻挑战的生态环境保护"
    assert len(outline.chapters) == 11  # the contents list the same chapters once more


def test_jingyue_tab_table(seed_outline):
    rows = box(seed_outline("002"), 1).indicators
    assert len(rows) == 21
    third = rows[2]
    assert (third.name, third.unit, third.baseline, third.target) == (
        "重度及以上污染天数",
        "天",
        "15",
        "5",
    )
    assert (rows[8].name, rows[8].baseline, rows[8].target) == ("农村生活污水治理率", "60", "63")


def test_jingyue_task_broken_over_lines_keeps_its_units(seed_outline):
    # lines 328–330: the bracket is split over a blank line and closes with a half-width )
    task = task_titled(seed_outline("002"), "围绕打造长春国际影视文旅创意城核心区的发展目标")
    assert task.units[-1].name == "商务和国际合作局"


def test_changchun_action_plan_goals(seed_outline):
    outline = seed_outline("003")
    assert outline.plan.title == "聚焦巩固绿色发展优势在生态文明建设上实现新突破行动计划"
    assert (outline.plan.jurisdiction, outline.plan.level) == ("长春市", "city")
    assert [c.title for c in outline.chapters] == ["总体要求", "重点任务", "保障措施"]
    goals = {goal.name: (goal.target, goal.unit) for goal in outline.goals}
    assert goals["单位GDP能耗下降率"] == ("14.5", "%")
    assert goals["单位GDP二氧化碳排放下降率"] == ("18.1", "%")
    assert goals["地表水质量国家考核断面达到或好于Ⅲ类水体比例"] == ("56.3", "%")
    assert len(outline.goals) == 7


def test_jilin_city_boxes(seed_outline):
    outline = seed_outline("004")
    review, main = box(outline, 1), box(outline, 2)
    assert (review.kind, main.kind) == ("review", "indicators")
    assert main.title == "“十四五”时期生态环境保护主要指标"  # printed as 芒栏 2
    assert len(main.indicators) == 18
    assert all(row.baseline is None for row in main.indicators)  # the table has no 2020 column
    assert (main.indicators[0].target, main.indicators[0].unit) == ("≤30", "微克/立方米")
    assert [row.category for row in main.indicators][9:14] == ["污染物排放总量"] * 4 + ["生态安全维护"]
    assert [len(box(outline, n).projects) for n in (3, 4, 5, 6, 7)] == [5, 6, 6, 1, 7]


def test_jilin_city_review_table(seed_outline):
    rows = box(seed_outline("004"), 1).indicators
    pm25 = next(row for row in rows if row.name == "细颗粒物（PM2.5）年均浓度")
    assert (pm25.previous_target, pm25.baseline, pm25.unit) == ("≤47", "41", "微克/立方米")
    assert [row.name for row in rows if row.unit == "万吨/年"] == [
        "化学需氧量",
        "氨氮",
        "二氧化硫",
        "氮氧化物",
    ]


def test_jilin_units_named_with_and_other_departments(seed_outline):
    # line 340: （市文广旅局牵头,市发改委、三湖保护局等部门、…）; line 464: …市农业农村局等河长制成员单位,…
    outline = seed_outline("004")
    assert [u.name for u in task_titled(outline, "着力发展生态旅游").units][:3] == [
        "市文广旅局",
        "市发改委",
        "三湖保护局",
    ]
    assert [u.name for u in task_titled(outline, "深入落实河湖长制").units][:4] == [
        "市水利局", "市生态环境局", "市住建局", "市农业农村局",
    ]  # fmt: skip
    assert not any("等" in unit for unit in outline.units)


def test_jilin_city_units_and_roles_through_pdf_noise(seed_outline):
    outline = seed_outline("004")
    assert "各县〔市〕区政府" in outline.units
    assert not any("[" in unit or " " in unit for unit in outline.units)
    task = task_titled(outline, "加强江河湖库水量配置与调度")
    assert [(u.name, u.role) for u in task.units] == [("市水利局", "lead"), ("市生态环境局", "support")]


def test_jilin_city_page_numbers_do_not_reach_task_text(seed_outline):
    for task in tasks(seed_outline("004")):
        assert "-40-" not in task.text and "- 94 -" not in task.text
