"""Text that a spreadsheet would run as a formula (=, +, -, @) is written as text. No database."""

import csv
import datetime
from io import BytesIO, StringIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import IndicatorValue
from spreadsheets.admin import ValueImportExportMixin
from spreadsheets.formats.report_csv import build_csv
from spreadsheets.formats.report_xlsx import build_report
from spreadsheets.formats.rows import ProjectRow, TaskRow, TemplateRow
from spreadsheets.formats.template_xlsx import SHEET, build_template
from spreadsheets.resources import IndicatorValueResource
from tests.factories import IndicatorFactory, IndicatorValueFactory

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
    report = plan(indicators=[indicator(1, name=EVIL, note="@cmd", values={2021: "+1+1", 2022: -3})])
    [_header, line] = list(csv.reader(StringIO(build_csv([report]).decode("utf-8-sig"))))
    assert {"'" + EVIL, "'@cmd", "'+1+1"} <= set(line)
    assert "-3" in line


def test_formula_like_notes_go_into_the_template_as_text(open_workbook):
    row = TemplateRow(4, 1, 1, 2022, EVIL, "%", note="-dash")
    sheet = open_workbook(build_template([row], title="模板"))[SHEET]
    assert (sheet["D4"].value, sheet["D4"].data_type, sheet["D4"].quotePrefix) == (EVIL, "s", True)
    assert (sheet["J4"].value, sheet["J4"].data_type, sheet["J4"].quotePrefix) == ("-dash", "s", True)


# The admin's export of yearly values (django-import-export), for every resource the admin offers.
EXPORT = "admin:indicators_indicatorvalue_export"
TYPED = [EVIL, "-1+1", "+1+1", "@SUM(A1)"]


def typed_notes(world):
    """A record per formula-like note, the first with a negative figure (a change may fall below zero)."""
    change = IndicatorFactory(plan=world.plan, seq=9, name="化学需氧量重点工程减排量", unit="万吨")
    others = [IndicatorFactory(plan=world.plan, seq=10 + n, name=f"指标{n}") for n in range(3)]
    for n, (subject, note) in enumerate(zip([change, *others], TYPED, strict=True)):
        IndicatorValueFactory(indicator=subject, year=2022, value=-3 if n == 0 else 30 + n, note=note)


def admin_export(client, world, fmt):
    client.force_login(world.users["admin"])
    form = client.get(reverse(EXPORT)).context["form"]
    choice = next(value for value, label in form.fields["format"].choices if label == fmt)
    fields = {
        name: "on" for name in form.fields if name.startswith(tuple(f"{r.lower()}_" for r in RESOURCES))
    }
    response = client.post(reverse(EXPORT), {"resource": 0, "format": choice, **fields})
    assert response.status_code == 200
    return response.content


RESOURCES = [resource.__name__ for resource in ValueImportExportMixin.resource_classes]


@pytest.mark.django_db
def test_the_admin_offers_csv_and_xlsx_only(client, world):
    client.force_login(world.users["admin"])
    form = client.get(reverse(EXPORT)).context["form"]
    assert [label for _value, label in form.fields["format"].choices if _value] == ["csv", "xlsx"]


@pytest.mark.django_db
def test_admin_xlsx_export_writes_formula_like_notes_as_text_and_numbers_as_numbers(client, world):
    typed_notes(world)
    sheet = load_workbook(BytesIO(admin_export(client, world, "xlsx"))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    notes = {cell.value for cell in cells if cell.column_letter == "G"}
    assert notes == {"'" + text for text in TYPED}
    assert -3 in [cell.value for cell in cells if cell.column_letter == "F" and cell.data_type == "n"]


@pytest.mark.django_db
def test_admin_csv_export_quotes_formula_like_notes_and_keeps_a_negative_figure(client, world):
    typed_notes(world)
    lines = list(csv.reader(StringIO(admin_export(client, world, "csv").decode("utf-8-sig"))))
    assert {line[6] for line in lines[1:]} == {"'" + text for text in TYPED}
    assert "-3" in [line[5] for line in lines[1:]]


@pytest.mark.django_db
@pytest.mark.parametrize("resource", ValueImportExportMixin.resource_classes)
def test_every_resource_escapes_formula_like_text_and_keeps_numbers(world, resource):
    typed_notes(world)
    exported = resource().export(IndicatorValue.objects.order_by("pk"))
    assert [row[6] for row in exported] == ["'" + text for text in TYPED]
    assert exported[0][5] == -3


@pytest.mark.django_db
def test_escaped_notes_imported_back_change_nothing(world):
    typed_notes(world)
    exported = IndicatorValueResource().export(IndicatorValue.objects.order_by("pk"))
    del exported["状态"]
    result = IndicatorValueResource().import_data(exported, dry_run=False, user=world.users["admin"])
    assert not result.has_errors() and not result.has_validation_errors()
    assert (result.totals["new"], result.totals["update"]) == (0, 0)
    assert sorted(IndicatorValue.objects.values_list("note", flat=True)) == sorted(TYPED)


@pytest.mark.parametrize("text", ["-3", "+2.5", "-1e3"])
def test_a_signed_number_as_text_is_not_quoted_in_the_csv(text):
    report = plan(indicators=[indicator(1, values={2021: text})])
    [_header, line] = list(csv.reader(StringIO(build_csv([report]).decode("utf-8-sig"))))
    assert text in line and "'" + text not in line
