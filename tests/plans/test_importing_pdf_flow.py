"""PDF lines → paragraphs and tab rows (`pdf_reader._flow`): the rules on lines placed by hand."""

from plans.importing.pdf_reader import TableRows, TextLine, _flow

SIZE = 11.0
LEFT, RIGHT = 90.0, 519.0
PITCH = 15.0


def line(text: str, top: float, x1: float = RIGHT) -> TextLine:
    return TextLine(text, top, LEFT, x1, SIZE)


def test_lines_that_fill_the_width_run_on_into_the_next():
    page = [line("推进治理，加强", 100), line("监管。", 100 + PITCH, x1=200)]
    assert _flow([page]) == ["推进治理，加强监管。"]


def test_a_gap_wider_than_the_line_pitch_starts_a_paragraph():
    """Paragraphs set apart by spacing rather than by an indent: the last line of the first one may
    happen to fill the width."""
    page = [
        line("推进治理，加强", 100),
        line("监管。（区生态环境分局负责）", 100 + PITCH),
        line("加快转型，发展", 100 + 2 * PITCH + 10),
        line("绿色产业。", 100 + 3 * PITCH + 10, x1=200),
    ]
    assert _flow([page]) == ["推进治理，加强监管。（区生态环境分局负责）", "加快转型，发展绿色产业。"]


def test_a_table_row_broken_by_a_page_end_is_one_row():
    before = [
        line("专栏1 主要指标", 580, x1=200),
        TableRows([["", "11", "氮氧化物重点工程减排", "/", "完成市级下达任务", "约束性"]], 600, (0, 0, 0, 0)),
    ]
    after = [
        TableRows(
            [
                ["", "", "量（万吨）", "", "", ""],
                ["", "12", "化学需氧量（万吨）", "/", "完成市级下达任务", "约束性"],
            ],
            80,
            (0, 0, 0, 0),
        )
    ]
    assert _flow([before, after]) == [
        "专栏1 主要指标",
        "\t11\t氮氧化物重点工程减排量（万吨）\t/\t完成市级下达任务\t约束性",
        "\t12\t化学需氧量（万吨）\t/\t完成市级下达任务\t约束性",
    ]


def test_a_new_row_at_the_top_of_a_page_stays_a_row():
    before = [
        line("专栏1 主要指标", 580, x1=200),
        TableRows([["水环境", "1", "水质优良比例（%）", "80", "85", "约束性"]], 600, (0, 0, 0, 0)),
    ]
    after = [TableRows([["", "2", "黑臭水体比例（%）", "", "", ""]], 80, (0, 0, 0, 0))]
    assert _flow([before, after]) == [
        "专栏1 主要指标",
        "水环境\t1\t水质优良比例（%）\t80\t85\t约束性",
        "\t2\t黑臭水体比例（%）\t\t\t",
    ]
