"""The import template as a file: what is written, read back, and which files are refused. No database."""

import dataclasses
import zipfile
from io import BytesIO

import pytest
from openpyxl import Workbook

from operations.uploads import Deadline, TagLimit, office_package_check
from spreadsheets.formats.rows import TemplateRow
from spreadsheets.formats.template_xlsx import (
    CELL_TAG,
    EARLIER_HEADERS,
    HEADERS,
    MAX_UPLOAD_BYTES,
    ROW_TAG,
    SHEET,
    TemplateRejected,
    build_template,
    read_template,
    xlsx_rules,
)

from .make_bad_corpus import CORPUS, blank_rows, good_template, huge_dimension, very_large


def row(**kwargs):
    fields = dict(
        row_number=0,
        indicator_id=7,
        version=2,
        year=2023,
        name="空气质量优良天数比例",
        unit="%",
        baseline=88.1,
        target=90,
        previous=89.2,
        value=None,
        note="",
    )
    fields.update(kwargs)
    return TemplateRow(**fields)


def test_template_has_the_header_and_hides_the_id_and_version_columns(open_workbook):
    sheet = open_workbook(build_template([row()], title="模板"))[SHEET]
    assert [c.value for c in sheet[3]] == HEADERS
    assert sheet.column_dimensions["A"].hidden and sheet.column_dimensions["B"].hidden
    assert not sheet.column_dimensions["C"].hidden


def test_template_rows_read_back_as_written():
    read = read_template(build_template([row(value=89.9, note="快报数")], title="模板"))
    assert read.errors == []
    [back] = read.rows
    assert (back.row_number, back.indicator_id, back.version, back.year, back.value, back.note) == (
        4,
        7,
        2,
        2023,
        89.9,
        "快报数",
    )


def test_a_template_downloaded_with_the_earlier_headers_is_still_read(open_workbook):
    workbook = open_workbook(build_template([row(value=89.9)], title="模板"))
    sheet = workbook[SHEET]
    for column, header in enumerate(EARLIER_HEADERS, start=1):
        sheet.cell(row=3, column=column, value=header)
    out = BytesIO()
    workbook.save(out)
    [back] = read_template(out.getvalue()).rows
    assert (back.indicator_id, back.value) == (7, 89.9)


def test_the_header_names_no_period(open_workbook):
    sheet = open_workbook(build_template([row()], title="模板"))[SHEET]
    assert not [c.value for c in sheet[3] if "2020" in str(c.value) or "2025" in str(c.value)]


def test_empty_lines_between_rows_are_skipped():
    read = read_template(
        build_template(
            [
                row(),
                row(
                    name=None,
                    indicator_id=None,
                    year=None,
                    unit=None,
                    baseline=None,
                    target=None,
                    previous=None,
                    version=None,
                ),
                row(indicator_id=8),
            ],
            title="模板",
        )
    )
    assert [r.indicator_id for r in read.rows] == [7, 8]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_bad_file_is_refused_or_flagged_with_its_reason(name):
    make, code = CORPUS[name]
    try:
        read = read_template(make(good_template()))
    except TemplateRejected as refused:
        assert refused.code == code
        assert refused.message
    else:
        assert [error.code for error in read.errors] == [code]


def test_a_sheet_at_the_row_limit_is_read():
    assert len(read_template(very_large(None, rows=50), max_rows=50).rows) == 50


def test_a_sheet_over_the_row_limit_is_refused():
    with pytest.raises(TemplateRejected) as refused:
        read_template(very_large(None, rows=51), max_rows=50)
    assert refused.value.code == "too_many_rows"


def test_two_million_blank_rows_in_a_small_file_are_refused_after_the_row_limit():
    content = blank_rows(good_template())
    assert len(content) < MAX_UPLOAD_BYTES  # passes the size limits, as the attack did
    with pytest.raises(TemplateRejected) as refused:
        read_template(content)
    assert refused.value.code == "too_many_rows"
    assert "20000" in refused.value.message and "空行" in refused.value.message


def test_blank_rows_count_toward_the_row_limit():
    with pytest.raises(TemplateRejected) as refused:
        read_template(blank_rows(good_template(), count=50), max_rows=50)
    assert refused.value.code == "too_many_rows"


def test_blank_rows_within_the_row_limit_are_skipped():
    assert len(read_template(blank_rows(good_template(), count=40), max_rows=50).rows) == 1


def test_a_declared_dimension_beyond_the_row_limit_is_refused_before_reading():
    with pytest.raises(TemplateRejected) as refused:
        read_template(huge_dimension(good_template()))
    assert refused.value.code == "too_many_rows"


@pytest.mark.parametrize("pattern", [ROW_TAG, CELL_TAG])
def test_tags_are_counted_exactly_across_the_chunks_of_a_large_sheet(pattern):
    xml = b"<sheetData>" + b'<x:row r="1"><c r="A1"/></x:row>' * 100_000 + b"</sheetData>"
    assert len(xml) > 3 * (1 << 20)
    package = BytesIO()
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", xml)

    def rules(limit):
        refusal = lambda: TemplateRejected("too many", "counted")  # noqa: E731
        return dataclasses.replace(xlsx_rules(), tag_limits=(TagLimit(pattern, limit, refusal),))

    office_package_check(package.getvalue(), rules(100_000), Deadline())
    with pytest.raises(TemplateRejected, match="too many"):
        office_package_check(package.getvalue(), rules(99_999), Deadline())


def test_a_sheet_far_wider_than_the_template_is_refused_before_reading():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    for _number in range(20):
        sheet.append(list(range(100)))
    out = BytesIO()
    workbook.save(out)
    with pytest.raises(TemplateRejected) as refused:
        read_template(out.getvalue(), max_rows=50)
    assert refused.value.code == "too_many_cells"


def test_reading_stops_when_it_takes_too_long():
    with pytest.raises(TemplateRejected) as refused:
        read_template(very_large(None, rows=50), max_seconds=0)
    assert refused.value.code == "too_slow"


def test_template_without_rows_is_refused():
    with pytest.raises(TemplateRejected) as refused:
        read_template(build_template([], title="模板"))
    assert refused.value.code == "no_rows"


@pytest.mark.parametrize(("stored", "shown"), [(0.885, "88.5%"), (1, "100%"), (0.1234, "12.34%")])
def test_a_figure_formatted_as_a_percentage_is_read_as_the_sheet_shows_it(open_workbook, stored, shown):
    """Typing 88.5% in Excel or LibreOffice stores 0.885 with a percentage format."""
    workbook = open_workbook(build_template([row()], title="模板"))
    workbook[SHEET]["I4"] = stored
    workbook[SHEET]["I4"].number_format = "0.0%"
    out = BytesIO()
    workbook.save(out)
    [back] = read_template(out.getvalue()).rows
    assert back.value == shown


@pytest.mark.parametrize("number_format", ["0.000", '0.000"%"', "0.000\\%", '0.000"（%）"'])
def test_a_figure_in_a_format_that_only_prints_a_percent_sign_is_read_as_stored(open_workbook, number_format):
    """A plain number, or one whose format prints % as text (it shows 0.885%, not 88.5%)."""
    workbook = open_workbook(build_template([row()], title="模板"))
    workbook[SHEET]["I4"] = 0.885
    workbook[SHEET]["I4"].number_format = number_format
    out = BytesIO()
    workbook.save(out)
    [back] = read_template(out.getvalue()).rows
    assert back.value == 0.885
