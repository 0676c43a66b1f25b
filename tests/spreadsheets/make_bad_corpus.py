"""Generate the corpus of bad import files (nothing binary is committed).

From the repository root: `python -m tests.spreadsheets.make_bad_corpus DIR`.

Each file is made from a good template so that it fails for exactly one reason; `CORPUS` maps the
file name to the refusal code the reader must give.
"""

from __future__ import annotations

import datetime
import sys
import zipfile
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook, load_workbook

from spreadsheets.formats.rows import TemplateRow
from spreadsheets.formats.template_xlsx import HEADER_ROW, HEADERS, MAX_ROWS, SHEET, build_template

VALUE_COLUMN = HEADERS.index("本年数值") + 1


def good_template(
    indicator_id=1, version=0, year=2022, name="细颗粒物（PM2.5）年均浓度", unit="µg/m3"
) -> bytes:
    row = TemplateRow(0, indicator_id, version, year, name, unit, 42, 30, 40, None, "")
    return build_template([row], title="模板")


def _edit(data: bytes, change) -> bytes:
    workbook = load_workbook(BytesIO(data))
    change(workbook[SHEET])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def wrong_sheet(data):
    def change(sheet):
        sheet.title = "Sheet1"

    return _edit(data, change)


def wrong_headers(data):
    def change(sheet):
        sheet.cell(HEADER_ROW, VALUE_COLUMN, "2022年数值")

    return _edit(data, change)


def merged_cells(data):
    def change(sheet):
        sheet.merge_cells(
            start_row=HEADER_ROW + 1,
            start_column=VALUE_COLUMN,
            end_row=HEADER_ROW + 1,
            end_column=VALUE_COLUMN + 1,
        )

    return _edit(data, change)


def formula(data):
    def change(sheet):
        sheet.cell(HEADER_ROW + 1, VALUE_COLUMN, "=SUM(F4:G4)/2")

    return _edit(data, change)


def date_value(data):
    def change(sheet):
        sheet.cell(HEADER_ROW + 1, VALUE_COLUMN, datetime.date(2022, 3, 8))

    return _edit(data, change)


def very_large(_data, rows=MAX_ROWS + 1):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.append(["模板"])
    sheet.append([""])
    sheet.append(HEADERS)
    for n in range(rows):
        sheet.append([n + 1, 0, 2022, f"指标{n}", "%", 1, 2, 1, 1.5, ""])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def macros(data):
    """The template repackaged as .xlsm: a vbaProject part and the macro-enabled content type."""
    source, out = zipfile.ZipFile(BytesIO(data)), BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            target.writestr(item, content)
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    return out.getvalue()


def _with_sheet_xml(data: bytes, change) -> bytes:
    """The workbook with its one sheet's XML rewritten by `change` (bytes → bytes)."""
    source, out = zipfile.ZipFile(BytesIO(data)), BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = change(content)
            target.writestr(item.filename, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def blank_rows(data, count=2_000_000):
    """About two million empty <row> elements below the table: a few hundred KB packed, and no declared
    dimension that would give them away before reading."""

    def change(xml):  # rows without a number follow the one before
        return xml.replace(b"</sheetData>", b"<row/>" * count + b"</sheetData>")

    return _with_sheet_xml(data, change)


def huge_dimension(data):
    """A sheet that declares two million rows (A1:J2000000) though it holds a handful."""

    def change(xml):
        return xml.replace(b"</sheetPr>", b'</sheetPr><dimension ref="A1:J2000000"/>', 1)

    return _with_sheet_xml(data, change)


def renamed_text(_data):
    return "指标,2022年\nPM2.5,38\n".encode()


def empty(_data):
    return b""


def damaged(data):
    """A zip that claims to be a workbook but whose sheet is cut short."""
    source, out = zipfile.ZipFile(BytesIO(data)), BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(
                item, content[: len(content) // 2] if item.filename.startswith("xl/worksheets/") else content
            )
    return out.getvalue()


# file name → (how to make it, the refusal code; row-level problems are codes of RowError)
CORPUS = {
    "wrong_sheet.xlsx": (wrong_sheet, "wrong_sheet"),
    "wrong_headers.xlsx": (wrong_headers, "wrong_headers"),
    "merged_cells.xlsx": (merged_cells, "merged"),
    "formula.xlsx": (formula, "formula"),
    "date_instead_of_number.xlsx": (date_value, "date"),
    "very_large.xlsx": (very_large, "too_many_rows"),
    "blank_rows.xlsx": (blank_rows, "too_many_rows"),
    "huge_dimension.xlsx": (huge_dimension, "too_many_rows"),
    "macros.xlsx": (macros, "macros"),
    "csv_renamed.xlsx": (renamed_text, "not_xlsx"),
    "empty.xlsx": (empty, "empty"),
    "damaged.xlsx": (damaged, "damaged"),
}


def build_corpus(directory: Path, **template) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    good = good_template(**template)
    paths = {}
    for name, (make, _code) in CORPUS.items():
        paths[name] = directory / name
        paths[name].write_bytes(make(good))
    return paths


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()
    for path in build_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "bad-corpus")).values():
        print(path)
