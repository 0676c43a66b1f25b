"""The import template: write it pre-filled for a bureau, read back what the bureau typed.

Layout of the one sheet 数值填报: two title rows, the header on row 3, one indicator-year per row from
row 4. Columns A (ID) and B (版本) are hidden; only 本年数值 and 备注 are for typing.
Reading refuses a file, with one message, when it is not this template (see `TemplateRejected`);
problems of single cells come back as row errors so that all of them can be shown at once.
"""

from __future__ import annotations

import datetime
import re
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from operations.cells import cell_value, safe_cell

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
MAX_ROWS = 20_000  # lines below the header, empty ones included
MAX_READ_SECONDS = 10  # well inside a worker's timeout
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a zip bomb unpacks far beyond this
MACRO_PARTS = re.compile(r"vbaProject|macrosheet|\.bin$", re.IGNORECASE)
ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s/>]")
CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
CELLS_PER_ROW = 2 * len(HEADERS)  # room for a stray note beside the table, not for a filled-in sheet
MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="[A-Z]+(\d+)(?::[A-Z]+(\d+))?"')


class TemplateRejected(Exception):
    """The whole file is refused; the message says why, in the reader's language."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message, self.code = message, code


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


def _count_tags(part, pattern, limit) -> int:
    """How many `pattern` tags the XML stream holds, counting stops past `limit` (chunks stay small)."""
    count, tail = 0, b""
    while chunk := part.read(1 << 20):
        data = tail + chunk
        cut = len(data) - 16  # a tag starting later may be cut short: count it with the next chunk
        for match in pattern.finditer(data):
            if match.start() >= cut:
                break
            count += 1
            if count > limit:
                return count
        tail = data[cut:]
    return count + sum(1 for _match in pattern.finditer(tail))


def _check_sheet_sizes(package, max_rows: int):
    """Count the rows and cells of every sheet in its XML before openpyxl parses it: opening a sheet
    reads it through when it declares no dimension, and empty rows pack small."""
    for info in package.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        lines = HEADER_ROW + max_rows
        with package.open(info) as part:
            if _count_tags(part, ROW_TAG, lines) > lines:
                _too_many_rows(max_rows)
        with package.open(info) as part:
            if _count_tags(part, CELL_TAG, lines * CELLS_PER_ROW) > lines * CELLS_PER_ROW:
                _refuse(
                    _("The sheet has far more cells than the template; fill in a fresh template."),
                    "too_many_cells",
                )


def _check_package(data: bytes, max_rows: int = MAX_ROWS):
    """Refuse what is not a plain .xlsx before openpyxl parses anything."""
    if not data or not data.strip():
        _refuse(_("The file is empty."), "empty")
    if len(data) > MAX_UPLOAD_BYTES:
        _refuse(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}, "too_big"
        )
    if not zipfile.is_zipfile(BytesIO(data)):
        _refuse(
            _("This is not an Excel workbook (.xlsx). Save the template as “Excel workbook” and try again."),
            "not_xlsx",
        )
    with zipfile.ZipFile(BytesIO(data)) as package:
        infos = package.infolist()
        names = [info.filename for info in infos]
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            _refuse(
                _(
                    "This is not an Excel workbook (.xlsx). Save the template as “Excel workbook” and try again."
                ),
                "not_xlsx",
            )
        content_types = package.read("[Content_Types].xml")
        if any(MACRO_PARTS.search(name) for name in names) or b"macroEnabled" in content_types:
            _refuse(
                _("Workbooks with macros (.xlsm) are not accepted. Save it as a plain .xlsx workbook."),
                "macros",
            )
        if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
            _refuse(
                _("The file is larger than %(mb)d MB.") % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)},
                "too_big",
            )
        _check_sheet_sizes(package, max_rows)


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


def _too_many_rows(max_rows):
    _refuse(
        _(
            "The sheet has more than %(limit)d rows below the header, empty rows included; delete the "
            "empty rows below the table or split it into several files."
        )
        % {"limit": max_rows},
        "too_many_rows",
    )


def read_template(
    data: bytes, *, max_rows: int = MAX_ROWS, max_seconds: float = MAX_READ_SECONDS
) -> TemplateRead:
    """The rows of an uploaded template, or TemplateRejected when the file is not one.

    Bounded whatever the file holds: a few hundred KB can pack millions of empty rows, so every line
    read counts toward `max_rows` (blank or not), a sheet that declares more is refused unread, and
    reading stops after `max_seconds`.
    """
    deadline = time.monotonic() + max_seconds
    _check_package(data, max_rows)
    workbook = _open(data)
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
        lines = sheet.iter_rows(max_col=len(HEADERS), values_only=True)
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
            if time.monotonic() > deadline:
                _refuse(
                    _("The sheet took too long to read; split it into several files."),
                    "too_slow",
                )
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
