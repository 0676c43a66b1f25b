"""Sheet furniture: column widths that fit the text, A4 landscape printing, a frozen header."""

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

MIN_WIDTH, MAX_WIDTH = 6, 48


def text_width(value) -> int:
    """Display width in Excel's character units: a CJK character takes two, as it takes two bytes in GBK
    (encoding is the quick way to count them over thousands of cells)."""
    if value is None:
        return 0
    text = str(value)
    longest = max(text.split("\n"), key=len) if "\n" in text else text
    return len(longest.encode("gbk", "replace"))


LINE_HEIGHT = 13.5  # points: a line of the sheets' 10-point text


def wrapped_lines(sheet, column: int, text) -> int:
    """How many lines `text` takes in `column` (fitted by `fit_columns`) once wrapped."""
    width = sheet.column_dimensions[get_column_letter(column)].width or MIN_WIDTH
    room = max(width - 1, 1)
    return sum(max(1, -(-text_width(part) // room)) for part in str(text or "").split("\n"))


def fit_columns(sheet, columns):
    """`columns`: for each column, the values it will hold (the header first)."""
    for index, values in enumerate(columns, start=1):
        width = max((text_width(v) for v in values), default=0) + 2
        sheet.column_dimensions[get_column_letter(index)].width = max(MIN_WIDTH, min(MAX_WIDTH, width))


def print_setup(sheet, *, header_row: int):
    """Before any row is written: a write-only sheet writes its view and properties with the first row."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.print_options.gridLines = True  # the table's rules, without a border style on every cell
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = f"A{header_row + 1}"


def merge_row(sheet, row: int, last_column: int):
    sheet.merged_cells.add(f"A{row}:{get_column_letter(last_column)}{row}")
