"""Layout-preserving PDF text (`pdftotext -layout`): tables whose columns are runs of spaces.

Turned into the tab rows the table reader knows, before the spaces are squeezed out of the text:
- a table starts at its header: lines of short header words ("指标", "2020年", "（基期）", "属性"),
  two or more cells apart, one or several lines (a header spread over lines is joined column by column);
- a body line holding a sequence number starts a row; a line without one continues the row above,
  each piece in the column it starts in (long cell text wrapped onto the next line);
- columns are where the header's and the rows' cells start (in display columns: a Chinese character
  is two wide), so a column left empty in every row still has its place;
- the table ends at a heading, a footnote (注：…), a 专栏 title or a line of running text.
The row is written on its first line and its continuation lines become blank, so line numbers hold.
"""

from __future__ import annotations

import re
import unicodedata

from .structure import CHAPTER, FOOTNOTE, SECTION, box_title, list_heading
from .tables import is_header_fragment

CELL_GAP = re.compile(r"\S+(?: \S+)*")  # cells: text runs separated by two or more spaces
SEQ = re.compile(r"^\d{1,3}$")
YEAR_OR_ATTRIBUTE = re.compile(r"(?:19|20)\d\d|属性")
# A cell this long alone on a line, starting at most a paragraph's indent (two Chinese characters)
# from the margin, is running text after the table; wrapped cell text starts in its column.
RUNNING_TEXT = 16
PARAGRAPH_INDENT = 4


def layout_tables_to_tabs(raw_lines: list[str]) -> list[str]:
    out = list(raw_lines)
    index = 0
    while index < len(out):
        end = _header_end(out, index)
        if end is None:
            index += 1
            continue
        index = _convert_table(out, index, end)
    return out


def _cells(line: str) -> list[tuple[int, str]]:
    """(display column, text) of each cell of a line without tabs."""
    if "\t" in line:
        return []
    cells = []
    for match in CELL_GAP.finditer(line):
        cells.append((_width(line[: match.start()]), match.group(0)))
    return cells


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _is_header_line(line: str) -> bool:
    cells = _cells(line)
    return len(cells) >= 2 and is_header_fragment([text.replace(" ", "") for _, text in cells])


def _header_end(lines: list[str], index: int) -> int | None:
    """The end of a header block starting at `index`, if one starts there."""
    end = index
    while end < len(lines) and _is_header_line(lines[end]):
        end += 1
    block = "".join(lines[index:end])
    if end == index or "指标" not in block or not YEAR_OR_ATTRIBUTE.search(block):
        return None
    return end


def _convert_table(lines: list[str], start: int, body: int) -> int:
    end = body
    rows: list[list[tuple[int, str]]] = []  # cells of each body line, and whether it starts a row
    starts: list[bool] = []
    while end < len(lines):
        line = lines[end]
        cells = _cells(line)
        if not line.strip():
            rows.append([])
            starts.append(False)
            end += 1
            continue
        if not cells or _ends_table(line, cells):
            break
        rows.append(cells)
        starts.append(any(SEQ.match(text) for _, text in cells[:3]))
        end += 1
    if not any(starts):
        return body
    header_cells = [_cells(line) for line in lines[start:body]]
    columns = _columns(header_cells + [cells for cells, is_row in zip(rows, starts, strict=True) if is_row])
    header = [""] * len(columns)
    for cells in header_cells:
        for column, text in _placed(cells, columns):
            header[column] += text
    lines[start] = "\t".join(header)
    for position in range(start + 1, body):
        lines[position] = ""
    current: tuple[int, list[str]] | None = None
    for offset, (cells, is_row) in enumerate(zip(rows, starts, strict=True)):
        position = body + offset
        if is_row:
            current = (position, [""] * len(columns))
        if not cells:
            continue
        target = current[1] if current else header  # before the first row: the header's last words
        for column, text in _placed(cells, columns):
            target[column] += text
        lines[position] = ""
        lines[current[0] if current else start] = "\t".join(target)
    return end


def _ends_table(line: str, cells: list[tuple[int, str]]) -> bool:
    text = line.strip().replace(" ", "")
    if FOOTNOTE.match(text) or CHAPTER.match(text) or SECTION.match(text) or box_title(text):
        return True
    if list_heading(text) and len(cells) == 1:
        return True
    return len(cells) == 1 and cells[0][0] <= PARAGRAPH_INDENT and len(cells[0][1]) >= RUNNING_TEXT


def _columns(rows: list[list[tuple[int, str]]]) -> list[int]:
    """Column starts: where cells start, starts within two display columns of each other one."""
    starts = sorted({column for cells in rows for column, _ in cells})
    columns: list[int] = []
    for column in starts:
        if not columns or column - columns[-1] > 2:
            columns.append(column)
    return columns


def _placed(cells: list[tuple[int, str]], columns: list[int]):
    """Each cell with the column it starts in."""
    for start, text in cells:
        column = max((i for i, column in enumerate(columns) if column <= start + 2), default=0)
        yield column, text.replace(" ", "") if re.search(r"[\u3400-\u9fff]", text) else text
