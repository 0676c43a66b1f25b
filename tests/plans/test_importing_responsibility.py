import pytest

from plans.importing import parse_plan
from plans.importing.outline import UnitRole
from plans.importing.responsibility import (
    jurisdiction_prefixes,
    merge_unit_roles,
    split_responsibility,
    unit_name_merges,
)


def roles(paragraph):
    found = split_responsibility(paragraph)
    return [(unit.name, unit.role) for unit in found.units] if found else None


def test_lead_and_responsible_units_in_printed_order():
    assert roles("推进。落实。（区生态环境分局牵头，区发改局、区规自分局按职责分工负责）") == [
        ("区生态环境分局", "lead"),
        ("区发改局", "responsible"),
        ("区规自分局", "responsible"),
    ]


def test_bracket_is_removed_from_the_task_text():
    assert split_responsibility("推进治理。（区住建局负责）").text == "推进治理。"


def test_supporting_units():
    assert roles("加强调度。（市水利局牵头，市生态环境局配合实施）") == [
        ("市水利局", "lead"),
        ("市生态环境局", "support"),
    ]


def test_half_width_brackets_and_commas_are_read_too():
    assert roles("推进治理。(市生态环境局牵头,市发改委按职责分工负责)") == [
        ("市生态环境局", "lead"),
        ("市发改委", "responsible"),
    ]


def test_trailing_deng_is_dropped():
    assert roles("推进。（区农业农村局、区财政局等按职责分工负责）")[-1] == ("区财政局", "responsible")


def test_bracket_of_unit_names_without_role_words_after_a_sentence_is_a_task():
    assert roles("落实责任。（区委区政府，各职能部门）") == [
        ("区委区政府", "responsible"),
        ("各职能部门", "responsible"),
    ]


def test_ordinary_parenthetical_is_not_a_responsibility():
    assert split_responsibility("实施超低排放改造（含电力）") is None
    assert split_responsibility("加快建设。") is None


def test_unit_printed_after_the_role_word_counts_as_responsible():
    assert roles("加强监管。（生态环境分局负责，政务服务和数字化建设管理局）") == [
        ("生态环境分局", "responsible"),
        ("政务服务和数字化建设管理局", "responsible"),
    ]


def test_unclosed_bracket_still_names_units_and_is_flagged():
    found = split_responsibility("健全机制（市生态环境局、各县[市]区政府按职责分工负责")
    assert found.unclosed
    assert [unit.name for unit in found.units] == ["市生态环境局", "各县〔市〕区政府"]


def test_a_sentence_inside_the_bracket_is_kept_as_a_note():
    found = split_responsibility(
        "推进。（区商务局负责，各街镇配合落实。以下任务均由各街镇配合落实，不再单独列出）"
    )
    assert [unit.name for unit in found.units] == ["区商务局", "各街镇"]
    assert found.note == "以下任务均由各街镇配合落实，不再单独列出"


def test_stray_separator_before_role_word_is_ignored():
    assert roles("推进。（区规自分局、生态环境分局、按职责分工负责）") == [
        ("区规自分局", "responsible"),
        ("生态环境分局", "responsible"),
    ]


@pytest.mark.parametrize(
    "printed",
    ["市发改委等部门", "市生态环境局等相关部门", "市农业农村局等成员单位", "市农业农村局等河长制成员单位"],
)
def test_trailing_and_other_departments_name_the_unit_before_them(printed):
    unit = printed.split("等")[0]
    assert roles(f"推进。（{printed}按职责分工负责）") == [(unit, "responsible")]


def test_unit_named_alone_and_with_and_others_is_one_unit():
    assert roles("推进。（市水利局牵头，市水利局等部门配合）") == [("市水利局", "lead")]


@pytest.mark.parametrize(
    "level, jurisdiction, prefixes",
    [
        ("district", "宽城区", ("区",)),
        ("city", "吉林市", ("市",)),
        ("district", "农安县", ("县",)),
        ("district", "科右前旗", ("旗",)),
        ("development_zone", "长春新区", ("新区", "区")),
        ("development_zone", "某某经济技术开发区", ("开发区", "区")),
        ("city", "", ("市",)),
    ],
)
def test_jurisdiction_prefixes_come_from_its_name_else_its_level(level, jurisdiction, prefixes):
    assert jurisdiction_prefixes(level, jurisdiction) == prefixes


def test_a_name_printed_without_the_prefix_beside_the_prefixed_one_is_the_prefixed_unit():
    names = ["区生态环境分局", "生态环境分局", "区发改局", "规自分局"]
    assert unit_name_merges(names, ("区",)) == {"生态环境分局": "区生态环境分局"}


def test_only_a_whole_prefix_merges_names():
    # 市场监管局 is not 场监管局 with the city's prefix; 区委组织部 is not 组织部 with the district's.
    assert unit_name_merges(["市市场监管局", "市场监管局"], ("市",)) == {"市场监管局": "市市场监管局"}
    assert unit_name_merges(["市场监管局", "市水利局"], ("市",)) == {}
    assert unit_name_merges(["区委组织部", "组织部"], ("区",)) == {}


def test_the_jurisdictions_own_prefix_wins_over_the_shorter_one():
    assert unit_name_merges(["新区住建局", "区住建局", "住建局"], ("新区", "区")) == {
        "住建局": "新区住建局",
        "区住建局": "新区住建局",
    }


def test_merged_units_of_one_task_keep_the_first_place_and_the_stronger_role():
    units = [
        UnitRole("生态环境分局", "support"),
        UnitRole("区发改局", "lead"),
        UnitRole("区生态环境分局", "lead"),
    ]
    assert merge_unit_roles(units, {"生态环境分局": "区生态环境分局"}) == [
        UnitRole("区生态环境分局", "lead"),
        UnitRole("区发改局", "lead"),
    ]


MINI_PLAN = """东湖区生态环境保护“十四五”规划

第一章 推进绿色发展

第一节 强化管控

推进分区管控。落实要求。（区生态环境分局牵头，区发改局负责）

加强监管。落实监管。（生态环境分局负责，发改局、区水利局等部门配合）
"""


def test_within_one_plan_the_unprefixed_name_is_the_prefixed_unit():
    outline = parse_plan(MINI_PLAN)
    assert outline.units == ["区发改局", "区水利局", "区生态环境分局"]
    second = outline.chapters[0].sections[0].tasks[1]
    assert [(u.name, u.role) for u in second.units] == [
        ("区生态环境分局", "responsible"),
        ("区发改局", "support"),
        ("区水利局", "support"),
    ]


def test_an_unprefixed_name_alone_in_its_plan_is_kept_as_printed():
    outline = parse_plan(MINI_PLAN.replace("区生态环境分局牵头，", ""))
    assert "生态环境分局" in outline.units
    assert "区生态环境分局" not in outline.units
