"""The import template: write it pre-filled for a bureau, read back what the bureau typed.

Layout of the one sheet 数值填报: two title rows, the header on row 3, one indicator-year per row from
row 4. Columns A (ID) and B (版本) are hidden; only 本年数值 and 备注 are for typing.
Reading refuses a file, with one message, when it is not this template (see `TemplateRejected`);
problems of single cells come back as row errors so that all of them can be shown at once.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from operations.cells import cell_value, safe_cell
from operations.uploads import (
    Deadline,
    PackageRules,
    TagLimit,
    UploadRefused,
    office_package_check,
    size_check,
)

from .layout import fit_columns
from .rows import RowError, TemplateRow
from .styles import register_styles

SHEET = "数值填报"
# A template may hold rows of plans of two periods: each row's year tells which baseline and target.
HEADERS = ["ID", "版本", "年份", "指标", "单位", "基期值", "目标值", "上年数值", "本年数值", "备注"]
# Templates downloaded while the headers named the 十四五 years are still read.
EARLIER_HEADERS = [*HEADERS[:5], "2020基线", "2025目标", *HEADERS[7:]]
FIELDS = [
    "indicator_id",
    "version",
    "year",
    "name",
    "unit",
    "baseline",
    "target",
    "previous",
    "value",
    "note",
]
HEADER_ROW = 3
VALUE_COLUMN = HEADERS.index("本年数值")
MAX_ROWS = 20_000  # lines below the header, empty ones included
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # inflated bytes actually counted; a zip bomb passes it fast
MAX_PART_ELEMENTS = 50_000  # styles, workbook, relationships: a template's hold a few hundred
MACRO_PARTS = re.compile(r"vbaproject|macrosheet|\.bin$")
SHEET_PARTS = re.compile(r"^xl/(?:worksheets/[^/]+|sharedstrings)\.xml$")
ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s/>]")
CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
STRING_TAG = re.compile(rb"<(?:\w+:)?si[\s/>]")
CELLS_PER_ROW = 2 * len(HEADERS)  # room for a stray note beside the table, not for a filled-in sheet
MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="[A-Z]+(\d+)(?::[A-Z]+(\d+))?"')


# The whole file is refused; the message says why. The upload budget's refusal, so one except catches both.
TemplateRejected = UploadRefused


@dataclass(frozen=True)
class TemplateRead:
    rows: list[TemplateRow]
    errors: list[RowError]


def build_template(rows: Iterable[TemplateRow], *, title: str) -> bytes:
    rows = list(rows)
    workbook = Workbook(write_only=True)
    register_styles(workbook)
    ws = workbook.create_sheet(SHEET)
    fit_columns(ws, [[h, *(getattr(r, f) for r in rows)] for h, f in zip(HEADERS, FIELDS, strict=True)])
    for letter in "AB":
        ws.column_dimensions[letter].hidden = True
    ws.column_dimensions[get_column_letter(HEADERS.index("本年数值") + 1)].width = 14
    ws.column_dimensions[get_column_letter(HEADERS.index("备注") + 1)].width = 40
    ws.freeze_panes = f"D{HEADER_ROW + 1}"

    def cell(value, style):
        c = WriteOnlyCell(ws, value=cell_value(value))
        c.style = style
        return safe_cell(ws, c)

    # The title rows start in C, the first column shown; they are not merged so that a merge anywhere
    # in a returned file is a sign of editing.
    ws.append([None, None, cell(title, "pw_subtitle")])
    ws.append(
        [
            None,
            None,
            cell(
                _(
                    "Fill in only the columns 本年数值 and 备注. Do not add, remove or reorder columns; "
                    "leave a value empty to keep what is recorded."
                ),
                "pw_subtitle",
            ),
        ]
    )
    ws.append([cell(h, "pw_header") for h in HEADERS])
    for row in rows:
        values = [getattr(row, f) for f in FIELDS]
        styles = ["pw_locked"] * 8 + ["pw_input", "pw_text"]
        ws.append([cell(v, s) for v, s in zip(values, styles, strict=True)])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _refuse(message, code):
    raise TemplateRejected(message, code)


def _not_xlsx():
    return _("This is not an Excel workbook (.xlsx). Save the template as “Excel workbook” and try again.")


def _too_many_cells():
    return TemplateRejected(
        _("The sheet has far more cells than the template; fill in a fresh template."), "too_many_cells"
    )


def xlsx_rules(max_rows: int = MAX_ROWS) -> PackageRules:
    """The budget of a workbook holding at most `max_rows` lines below the header: rows, cells and shared
    strings are counted in every part (a sheet moved out of xl/worksheets/ is counted too), and a part
    that is neither a sheet nor the shared strings (the styles) holds at most `MAX_PART_ELEMENTS`."""
    lines = HEADER_ROW + max_rows
    cells = lines * CELLS_PER_ROW
    return PackageRules(
        kind="xlsx",
        required=("[content_types].xml", "xl/workbook.xml"),
        not_a_package=_not_xlsx,
        macros=lambda: _(
            "Workbooks with macros (.xlsm) are not accepted. Save it as a plain .xlsx workbook."
        ),
        macro_parts=MACRO_PARTS,
        max_unpacked=MAX_UNPACKED_BYTES,
        max_ratio=None,  # blank rows pack a thousandfold: they are counted as rows instead
        max_elements=MAX_PART_ELEMENTS,
        large_parts=SHEET_PARTS,
        max_large_elements=lines + 4 * cells,  # row; c, v, is, t of each cell (or si, t, r, rPr)
        tag_limits=(
            TagLimit(ROW_TAG, lines, lambda: _rows_refusal(max_rows)),
            TagLimit(CELL_TAG, cells, _too_many_cells),
            TagLimit(STRING_TAG, cells, _too_many_cells),  # each cell holds one shared string at most
        ),
    )


def _check_package(data: bytes, max_rows: int = MAX_ROWS, deadline: Deadline | None = None):
    """Refuse what is not a plain .xlsx within the upload budget (`operations.uploads`) before openpyxl
    parses anything."""
    if not data or not data.strip():
        _refuse(_("The file is empty."), "empty")
    size_check(len(data), MAX_UPLOAD_BYTES)
    office_package_check(data, xlsx_rules(max_rows), deadline or Deadline())


def _open(data: bytes):
    try:
        return load_workbook(BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged package
        _refuse(_("The workbook cannot be read; it may be damaged. Download the template again."), "damaged")


def _has_merged_cells(data: bytes, sheet) -> bool:
    """Merged cells from the header down (read-only mode does not report them, so read the XML)."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        xml = package.read(sheet._worksheet_path.lstrip("/"))
    return any(int(end or start) >= HEADER_ROW for start, end in MERGE_REF.findall(xml))


def _rows_refusal(max_rows):
    return TemplateRejected(
        _(
            "The sheet has more than %(limit)d rows below the header, empty rows included; delete the "
            "empty rows below the table or split it into several files."
        )
        % {"limit": max_rows},
        "too_many_rows",
    )


def _too_many_rows(max_rows):
    raise _rows_refusal(max_rows)


def read_template(data: bytes, *, max_rows: int = MAX_ROWS, max_seconds: float | None = None) -> TemplateRead:
    """The rows of an uploaded template, or TemplateRejected when the file is not one.

    Bounded whatever the file holds: a few hundred KB can pack millions of empty rows, so every line
    read counts toward `max_rows` (blank or not), a sheet that declares more is refused unread, and
    reading stops after `max_seconds` (by default the upload budget's, `operations.uploads.Deadline`).
    """
    deadline = Deadline(max_seconds)
    _check_package(data, max_rows, deadline)
    workbook = _open(data)  # parses the shared strings and styles, counted above
    deadline.check()
    try:
        if SHEET not in workbook.sheetnames:
            _refuse(
                _("The workbook has no sheet “%(sheet)s”; use the downloaded template.") % {"sheet": SHEET},
                "wrong_sheet",
            )
        sheet = workbook[SHEET]
        if sheet.max_row is not None and sheet.max_row > HEADER_ROW + max_rows:
            _too_many_rows(max_rows)
        # Read the rows the file holds, not the declared ones: a dimension may also claim too few.
        sheet.reset_dimensions()
        lines = (_values(cells) for cells in sheet.iter_rows(max_col=len(HEADERS)))
        header = None
        for _number in range(HEADER_ROW):
            header = next(lines, None)
        found = [str(v).strip() if v is not None else "" for v in (header or ())][: len(HEADERS)]
        if found not in (HEADERS, EARLIER_HEADERS):
            _refuse(
                _("The columns are not those of the template; expected: %(headers)s.")
                % {"headers": "、".join(HEADERS)},
                "wrong_headers",
            )
        if _has_merged_cells(data, sheet):
            _refuse(_("The sheet contains merged cells; unmerge them or fill in a fresh template."), "merged")
        rows, errors = [], []
        for number, line in enumerate(lines, start=HEADER_ROW + 1):
            if number > HEADER_ROW + max_rows:
                _too_many_rows(max_rows)
            deadline.check()
            cells = list(line[: len(HEADERS)]) + [None] * (len(HEADERS) - len(line))
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
                continue
            errors += _cell_errors(number, cells)
            rows.append(TemplateRow(number, *cells))
        if not rows:
            _refuse(_("The template has no rows to import."), "no_rows")
        return TemplateRead(rows=rows, errors=errors)
    except TemplateRejected:
        raise
    except Exception:  # a damaged sheet shows only while its rows stream in
        _refuse(_("The workbook cannot be read; it may be damaged. Download the template again."), "damaged")
    finally:
        workbook.close()


def _values(cells) -> list:
    """A line's values, its 本年数值 as the sheet shows it when formatted as a percentage: typing 88.5%
    in Excel or LibreOffice stores 0.885, a hundredth of what was meant; "88.5%" is read by the number
    parser as the page reads it (a percentage's figure; refused for another unit)."""
    values = [cell.value for cell in cells]
    if len(cells) > VALUE_COLUMN:
        cell = cells[VALUE_COLUMN]
        value = cell.value
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and _scales_by_100(cell.number_format)
        ):
            values[VALUE_COLUMN] = f"{(Decimal(repr(value)) * 100).normalize():f}%"
    return values


def _scales_by_100(number_format) -> bool:
    """The format shows a number times 100 with a % sign ("0.0%"); a % printed as text ('0.0"%"',
    "0.0\\%") shows the number as it is."""
    unquoted = re.sub(r'"[^"]*"|\\.', "", number_format or "")
    return "%" in unquoted


def _cell_errors(number, cells):
    for header, value in zip(HEADERS, cells, strict=True):
        if isinstance(value, str) and value.startswith("="):
            yield RowError(
                number,
                "formula",
                _("Row %(row)s: “%(column)s” holds a formula; paste the value only.")
                % {"row": number, "column": header},
            )
        elif isinstance(value, datetime.date | datetime.time | datetime.timedelta):
            yield RowError(
                number,
                "date",
                _("Row %(row)s: “%(column)s” holds a date, not a number.")
                % {"row": number, "column": header},
            )
