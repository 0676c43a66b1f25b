from plans.importing.responsibility import split_responsibility


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
