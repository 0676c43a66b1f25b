import pytest

from plans.importing.text import clean_line, clean_lines, normalise_unit_name


def texts(raw):
    return [line.text for line in clean_lines(raw)]


def test_table_of_contents_is_dropped_until_the_first_line_without_a_page_number():
    raw = "规划\n目 录\n前 言\t1\n第一章 规划背景\t3\n第一节 成效\t. 52\n\n前 言\n正文。"
    assert texts(raw) == ["规划", "前言", "正文。"]


def test_contents_without_a_heading_are_kept():
    assert texts("第一章 规划背景\t3\n正文。") == ["第一章规划背景\t3", "正文。"]


def test_page_number_lines_become_blank():
    assert texts("上文，\n- 94 -\n下文。\n-60-") == ["上文，", "", "下文。", ""]


def test_page_number_glued_to_a_line_end_is_removed():
    assert clean_line("减少养殖业氨-40-") == "减少养殖业氨"


def test_word_bookmarks_are_removed():
    assert clean_line("[bookmark: _Toc16527][bookmark: _Toc3]第一章 规划背景") == "第一章规划背景"


def test_spaces_between_chinese_characters_are_removed_but_latin_words_keep_theirs():
    assert clean_line("各开发区管 委会 按职责分工负责") == "各开发区管委会按职责分工负责"
    assert clean_line("实施 VOCs 治理 in situ") == "实施VOCs治理in situ"


def test_numbers_lose_the_spaces_around_them_inside_chinese_text():
    assert clean_line("到 2025 年，利用率达到 43%") == "到2025年，利用率达到43%"


def test_sub_and_superscript_markup_is_flattened():
    assert clean_line("细颗粒物 (PM _{2.5}) 年均浓度 (μg/m ³)") == "细颗粒物（PM2.5）年均浓度（μg/m3）"


def test_ocr_slip_for_box_word_is_corrected():
    assert clean_line("芒栏 2 主要指标") == "专栏2主要指标"


def test_half_width_punctuation_in_chinese_text_becomes_full_width():
    assert clean_line("加强治理,严格执法;(市生态环境局负责)") == "加强治理，严格执法；（市生态环境局负责）"


def test_straight_quotes_become_curly_pairs():
    assert clean_line('吉林市生态环境保护"十四五"规划') == "吉林市生态环境保护“十四五”规划"


def test_bold_markers_are_removed():
    assert clean_line("**实施治理。**加强监管。") == "实施治理。加强监管。"


def test_tabs_survive_for_tables():
    assert clean_line("\t1\t细颗粒物\t42") == "\t1\t细颗粒物\t42"


def test_bracket_variants_of_one_unit_name_are_one_name():
    names = {
        normalise_unit_name(n)
        for n in ("各县[市]区政府", "各县〔市〕区政府", "各县(市)区政府", "各县 [市] 区政府")
    }
    assert names == {"各县〔市〕区政府"}


def test_trailing_deng_is_dropped_from_unit_names():
    assert normalise_unit_name("区财政局等") == "区财政局"


def test_and_other_departments_are_dropped_from_unit_names():
    assert [
        normalise_unit_name(n) for n in ("三湖保护局等部门", "市生态环境局等相关部门", "市水利局等成员单位")
    ] == [
        "三湖保护局",
        "市生态环境局",
        "市水利局",
    ]


def test_a_unit_whose_name_is_members_is_kept():
    assert normalise_unit_name("市“无废城市”建设工作专班成员单位") == "市“无废城市”建设工作专班成员单位"


def test_a_comma_after_a_straight_closing_quote_becomes_full_width():
    assert clean_line('推行"光盘行动",倡导节约粮食') == "推行“光盘行动”，倡导节约粮食"


def test_straight_quotes_pair_across_a_paragraph_broken_over_lines():
    lines = clean_lines('全面实施"秸秆变\n肉""过腹还田"工程。\n推进"无废城市"建设。\n')
    assert [line.text for line in lines] == ["全面实施“秸秆变", "肉”“过腹还田”工程。", "推进“无废城市”建设。"]


@pytest.mark.parametrize(
    "heading",
    ["第二章 推进绿色发展", "第二节 深化污染防治", "（一）坚持生态优先", "一、加强监管"],
    ids=["chapter", "section", "list item", "numbered heading"],
)
def test_an_unpaired_quote_does_not_flip_the_quotes_after_a_heading(heading):
    # An unpaired straight quote (a typo, or a quotation cut by a converter) stays in its paragraph.
    lines = clean_lines(f'总则提出"绿水青山\n{heading}\n持续推进"美丽吉林"建设\n')
    assert lines[-1].text == "持续推进“美丽吉林”建设"


def test_quotes_pair_across_a_blank_line_inside_a_paragraph_as_pdf_text_has_them():
    lines = clean_lines('严格落实"第一时间督查问\n\n责",开展清河行动。\n')
    assert [line.text for line in lines] == ["严格落实“第一时间督查问", "", "责”，开展清河行动。"]
