"""Text that a spreadsheet would run as a formula (=, +, -, @) is written as text. No database."""

import csv
import datetime
from io import StringIO

import pytest

from spreadsheets.formats.report_csv import build_csv
from spreadsheets.formats.report_xlsx import build_report
from spreadsheets.formats.rows import ProjectRow, TaskRow, TemplateRow
from spreadsheets.formats.template_xlsx import SHEET, build_template

from .test_report_xlsx import indicator, plan

EVIL = '=HYPERLINK("http://evil.example","x")'
EXPORTED = datetime.date(2025, 3, 1)


def workbook_with(open_workbook, text):
    report = plan(
        indicators=[indicator(1, name=text, note=text, values={2021: text, 2022: -3})],
        tasks=[TaskRow("第一章", text, "区生态环境分局", "", {2022: "done"}, narrative=text)],
        projects=[ProjectRow("专栏1", 1, "工程", text, {2022: "done"}, narrative=text)],
    )
    return open_workbook(build_report([report], exported_on=EXPORTED))


def cells_holding(workbook, text):
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value == text]


@pytest.mark.parametrize("text", [EVIL, "+1+1", "-1+1", "@SUM(A1)"])
def test_formula_like_text_goes_into_the_report_as_text(open_workbook, text):
    cells = cells_holding(workbook_with(open_workbook, text), text)
    assert len(cells) == 7  # indicator name, figure, note; task title, narrative; project units, narrative
    assert {(cell.data_type, cell.quotePrefix) for cell in cells} == {("s", True)}


def test_negative_figures_stay_numbers_in_the_report(open_workbook):
    sheet = workbook_with(open_workbook, EVIL)["主要指标"]
    assert (sheet["G4"].value, sheet["G4"].data_type) == (-3, "n")


def test_plain_text_gets_no_quote_prefix(open_workbook):
    [cell] = cells_holding(workbook_with(open_workbook, EVIL), "第一章")
    assert not cell.quotePrefix


def test_formula_like_text_is_quoted_in_the_csv():
    report = plan(indicators=[indicator(1, name=EVIL, note="@cmd", values={2021: "+1", 2022: -3})])
    [_header, line] = list(csv.reader(StringIO(build_csv([report]).decode("utf-8-sig"))))
    assert {"'" + EVIL, "'@cmd", "'+1"} <= set(line)
    assert "-3" in line


def test_formula_like_notes_go_into_the_template_as_text(open_workbook):
    row = TemplateRow(4, 1, 1, 2022, EVIL, "%", note="-dash")
    sheet = open_workbook(build_template([row], title="模板"))[SHEET]
    assert (sheet["D4"].value, sheet["D4"].data_type, sheet["D4"].quotePrefix) == (EVIL, "s", True)
    assert (sheet["J4"].value, sheet["J4"].data_type, sheet["J4"].quotePrefix) == ("-dash", "s", True)
