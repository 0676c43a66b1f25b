from plans.importing.targets import goals_from_paragraph, text_targets


def test_target_sentence_in_task_text():
    [target] = text_targets("坚持源头减量。到2025年，畜禽粪污综合利用率达到97%。")
    assert (target.statement, target.metric, target.value, target.unit) == (
        "到2025年，畜禽粪污综合利用率达到97%",
        "畜禽粪污综合利用率",
        "97",
        "%",
    )


def test_two_targets_in_one_sentence_keep_their_own_clauses():
    targets = text_targets("到2025年，畜禽粪污综合利用率达到97%，秸秆综合利用率达到92%以上。")
    assert [(t.metric, t.value, t.statement) for t in targets] == [
        ("畜禽粪污综合利用率", "97", "到2025年，畜禽粪污综合利用率达到97%"),
        ("秸秆综合利用率", "92", "秸秆综合利用率达到92%以上"),
    ]


def test_text_without_a_number_has_no_target():
    assert text_targets("加强监管，确保达到考核要求。") == []


def test_goal_paragraph_gives_numeric_and_text_goals():
    goals = goals_from_paragraph(
        "到2025年，单位GDP能耗下降率达到14.5%，细颗粒物浓度达到国家二级标准，饮用水源水质全部达到或优于Ⅲ类水体。"
    )
    assert [(g.name, g.target, g.unit, g.direction) for g in goals] == [
        ("单位GDP能耗下降率", "14.5", "%", "higher_is_better"),
        ("细颗粒物浓度", "国家二级标准", None, "qualitative"),
    ]


def test_not_lower_than_is_a_floor():
    [goal] = goals_from_paragraph("地表水国家考核断面达到或好于Ⅲ类水体比例不低于56.3%")
    assert (goal.target, goal.direction) == ("56.3", "higher_is_better")
