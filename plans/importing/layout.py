"""Layout-preserving PDF text (`pdftotext -layout`): tables whose columns are runs of spaces.

Turned into the tab rows the table reader knows, before the spaces are squeezed out of the text:
- a table starts at its header: lines of short header words ("指标", "2020年", "（基期）", "属性"),
  two or more cells apart, one or several lines (a header spread over lines is joined column by column);
- columns are where cells start (text pushed right by a long neighbour lands within two positions);
  neighbouring columns whose texts overlap and that no line fills both of are one column (centred
  text starts anywhere in its column). Positions are counted in characters (pdftotext sets a Chinese character in one column) or in display
  width (a Chinese character two wide), whichever lines up more sequence numbers, then starts the cells at fewer positions;
- a line with a sequence number before a name in the name column (where most such names start on
  its page) starts a row; any other line continues the row above,
  each piece in its column (cell text wrapped over lines, a merged category cell printed beside a row);
- page furniture inside a table (a page number, the running header after it) is skipped; the next page
  may set the columns a little wider or narrower, so each page's columns are matched to the first's;
- a header cell over several columns with no other header text ("指标" over 类别, 序号 and the name)
  names the last of them;
- the table ends at a heading, a footnote (注：…), a 专栏 title or a line of running text.
The row is written on its first line and its other lines become blank, so line numbers hold.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .pages import running_keys
from .structure import CHAPTER, FOOTNOTE, SECTION, box_title, list_heading
from .tables import is_header_fragment
from .text import CJK, PAGE_NUMBER_LINE, squeeze_spaces

CELL_GAP = re.compile(r"\S+(?: \S+)*")  # cells: text runs separated by two or more spaces
SEQ = re.compile(r"^\d{1,3}$")
HAS_CJK = re.compile(f"[{CJK}]")
YEAR_OR_ATTRIBUTE = re.compile(r"(?:19|20)\d\d|属性")
# A cell this long alone on a line, starting at most a paragraph's indent (two Chinese characters)
# from the margin, is running text after the table; wrapped cell text starts in its column.
RUNNING_TEXT = 16
PARAGRAPH_INDENT = 4
MIN_GAP = 2


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


METRICS: tuple[Callable[[str], int], ...] = (len, _width)


@dataclass
class Cell:
    start: int
    end: int  # one past the last position
    text: str


def layout_tables_to_tabs(raw_lines: list[str]) -> list[str]:
    out = list(raw_lines)
    furniture = page_furniture(raw_lines)
    index = 0
    while index < len(out):
        end = _header_end(out, index)
        if end is None:
            index += 1
            continue
        index = _convert_table(out, index, end, furniture)
    return out


def page_furniture(lines: list[str]) -> set[int]:
    """Indexes of page numbers and of running headers or footers: a line repeated as often as
    `pages.running_keys` asks that stands next to a page number (blank lines aside) at least once."""
    numbers = {index for index, line in enumerate(lines) if line.strip() and PAGE_NUMBER_LINE.match(line)}
    keys = running_keys(squeeze_spaces(line) for line in lines)
    beside = set()
    for index in numbers:
        for step in (-1, 1):
            position = index + step
            while 0 <= position < len(lines) and not lines[position].strip():
                position += step
            if 0 <= position < len(lines):
                beside.add(position)
    running = {keys[index] for index in beside if index in keys}
    return numbers | {index for index, key in keys.items() if key in running}


def _cells(line: str, metric: Callable[[str], int] = len) -> list[Cell]:
    """The cells of a line without tabs, at their positions under `metric`."""
    if "\t" in line:
        return []
    cells = []
    for match in CELL_GAP.finditer(line):
        start = metric(line[: match.start()])
        cells.append(Cell(start, start + metric(match.group(0)), match.group(0)))
    return cells


def _is_header_line(line: str) -> bool:
    cells = _cells(line)
    return len(cells) >= 2 and is_header_fragment([cell.text.replace(" ", "") for cell in cells])


def _header_end(lines: list[str], index: int) -> int | None:
    """The end of a header block starting at `index`, if one starts there."""
    end = index
    while end < len(lines) and _is_header_line(lines[end]):
        end += 1
    block = "".join(lines[index:end])
    if end == index or "指标" not in block or not YEAR_OR_ATTRIBUTE.search(block):
        return None
    return end


def _ends_table(line: str) -> bool:
    cells = _cells(line)
    text = line.strip().replace(" ", "")
    if not cells or FOOTNOTE.match(text) or CHAPTER.match(text) or SECTION.match(text) or box_title(text):
        return True
    if list_heading(text) and len(cells) == 1:
        return True
    return len(cells) == 1 and cells[0].start <= PARAGRAPH_INDENT and len(cells[0].text) >= RUNNING_TEXT


def _body_end(lines: list[str], body: int, furniture: set[int]) -> int:
    """One past the table's last line (furniture and blank lines after it not included)."""
    end = last = body
    while end < len(lines):
        if end not in furniture and lines[end].strip():
            if _ends_table(lines[end]):
                break
            last = end + 1
        end += 1
    return last


def _row_starts(cells_of: dict[int, list[Cell]]) -> dict[int, int]:
    """Line index → where its name starts, for the lines that start a row: a bare number followed by a
    name in the name column (where most names after a number start). Numbers wander (a converter
    centres "9" and "10" apart), names start at their column."""
    names = {}
    for index, cells in cells_of.items():
        for position, cell in enumerate(cells[:3]):
            name = next((after for after in cells[position + 1 :] if HAS_CJK.search(after.text)), None)
            if SEQ.match(cell.text) and name is not None:
                names[index] = name.start
                break
    if not names:
        return {}
    column = Counter(names.values()).most_common(1)[0][0]
    return {index: start for index, start in names.items() if abs(start - column) <= MIN_GAP}


def _columns(cell_rows: list[list[Cell]]) -> list[tuple[int, int]]:
    """(first, last) cell start of each column. Cells start where their column starts (left-aligned
    text, give or take a pushed cell), so starts close together are one column; centred text starts
    anywhere in its column, so neighbouring columns whose texts overlap and that no line fills both
    of are one column."""
    starts = sorted({cell.start for cells in cell_rows for cell in cells})
    columns: list[tuple[int, int]] = []
    for start in starts:
        if columns and start - columns[-1][1] <= MIN_GAP:
            columns[-1] = (columns[-1][0], start)
        else:
            columns.append((start, start))
    merged = True
    while merged:
        merged = False
        for index in range(len(columns) - 1):
            left, right = columns[index], columns[index + 1]
            if _overlaps(cell_rows, left, right) and not any(
                _fills(cells, left) and _fills(cells, right) for cells in cell_rows
            ):
                columns[index : index + 2] = [(left[0], right[1])]
                merged = True
                break
    return columns


def _overlaps(cell_rows: list[list[Cell]], left: tuple[int, int], right: tuple[int, int]) -> bool:
    """Text starting in the left column reaches past where the right one starts."""
    return any(
        left[0] <= cell.start <= left[1] and cell.end > right[0] for cells in cell_rows for cell in cells
    )


def _fills(cells: list[Cell], column: tuple[int, int]) -> bool:
    return any(column[0] <= cell.start <= column[1] for cell in cells)


def _column_of(cell: Cell, columns: list[tuple[int, int]]) -> int:
    """The last column starting at or before the cell (a wrapped or pushed piece starts a little right)."""
    return max(
        (index for index, (start, _) in enumerate(columns) if start <= cell.start + MIN_GAP), default=0
    )


def _segments(indexes: list[int], furniture: set[int]) -> list[list[int]]:
    """The table's lines, split at page furniture (a page's columns are its own)."""
    segments: list[list[int]] = [[]]
    for index in indexes:
        if index in furniture:
            segments.append([])
        else:
            segments[-1].append(index)
    return [segment for segment in segments if segment]


def _convert_table(lines: list[str], start: int, body: int, furniture: set[int]) -> int:
    end = _body_end(lines, body, furniture)
    content = [index for index in range(start, end) if index in furniture or lines[index].strip()]
    best = None
    for metric in METRICS:
        cells_of = {index: _cells(lines[index], metric) for index in content if index not in furniture}
        segments, row_starts = [], {}
        for segment in _segments(content, furniture):
            starts = _row_starts({index: cells_of[index] for index in segment if index >= body})
            if segments and not any(index in row_starts for index in segments[-1]):
                segments[-1] += segment  # the header's page before the first row: one page with it
            else:
                segments.append(segment)
            row_starts.update(starts)
        if not row_starts:
            continue
        spread = sum(
            len({cell.start for index in segment for cell in cells_of[index]}) for segment in segments
        )
        score = (len(row_starts), -spread)
        if best is None or score > best[0]:
            best = (score, cells_of, row_starts, segments)
    if best is None:
        return body
    _, cells_of, row_starts, segments = best
    columns = [_columns([cells_of[index] for index in segment]) for segment in segments]
    width = len(columns[0])
    first_row = min(row_starts)
    name_column = _column_of(Cell(row_starts[first_row], row_starts[first_row], ""), columns[0])
    header: list[str] = [""] * width
    rows: dict[int, list[str]] = {}
    current: list[str] | None = None
    for segment, segment_columns in zip(segments, columns, strict=True):
        mapping = _matched(segment_columns, columns[0], segment, row_starts, row_starts[first_row])
        header_cells: list[tuple[int, Cell]] = []
        for index in segment:
            placed = [(mapping[_column_of(cell, segment_columns)], cell) for cell in cells_of[index]]
            if index < body:
                header_cells += [(column, cell) for column, cell in placed]
                continue
            if index in row_starts:
                current = rows.setdefault(index, [""] * width)
            target = current if current is not None else header
            for column, cell in placed:
                target[column] += _cell_text(cell.text)
        for column, text in _spanning(header_cells, name_column):
            header[column] += text
    for index in content:
        lines[index] = ""
    lines[start] = "\t".join(header)
    for index, cells in rows.items():
        lines[index] = "\t".join(cells)
    return end


def _spanning(header_cells: list[tuple[int, Cell]], name_column: int):
    """Header cells in their columns; a cell over several columns that no other header line names
    (one cell for 类别, 序号 and 指标) goes to the last of them."""
    named = {column for column, _ in header_cells}
    by_line_start = sorted(header_cells, key=lambda item: item[1].start)
    for column, cell in by_line_start:
        following = [other for other, _ in header_cells if other > column]
        stop = min(following, default=column + 1)
        target = column
        while target + 1 < stop and target + 1 not in named and target < name_column:
            target += 1
        yield target, _cell_text(cell.text)


def _matched(
    segment_columns: list[tuple[int, int]],
    first_columns: list[tuple[int, int]],
    segment: list[int],
    row_starts: dict[int, int],
    first_name: int,
) -> list[int]:
    """For each of a page's columns, the column of the table's first page it is: the nearest, its
    position scaled so that the name columns and the last columns meet."""
    names = [row_starts[index] for index in segment if index in row_starts]
    if not names:
        return [_nearest(start, first_columns) for start, _ in segment_columns]
    here_name = names[0]
    here_last, first_last = segment_columns[-1][0], first_columns[-1][0]
    scale = (first_last - first_name) / (here_last - here_name) if here_last > here_name else 1
    return [_nearest(first_name + (start - here_name) * scale, first_columns) for start, _ in segment_columns]


def _nearest(position: float, columns: list[tuple[int, int]]) -> int:
    return min(range(len(columns)), key=lambda index: abs(columns[index][0] - position))


def _cell_text(text: str) -> str:
    return text.replace(" ", "") if HAS_CJK.search(text) else text


# -- paragraphs -----------------------------------------------------------------------------------
INDENT = re.compile(r"^[ \u3000]{1,8}\S")
# A document sets its paragraphs apart by an indented first line when at least this share of its
# running-text lines (and `INDENTED_MIN` of them) is indented, and at least as many start at the margin.
INDENTED_SHARE = 0.08
INDENTED_MIN = 10
# A wrapped line is full: at most this many display columns (three Chinese characters) short of the
# document's usual line.
FULL_SLACK = 6
# Text is wrapped (a converter's lines, not one line per paragraph as Word or a .txt gives) when at
# least this share of its running-text lines is full.
WRAPPED_SHARE = 0.4


def join_indented_paragraphs(raw_lines: list[str]) -> list[str]:
    """Where paragraphs open with an indent and wrap to the margin, a line at the margin goes on the
    full line of the paragraph above even after a full stop (a sentence that ended at the line's end),
    across page furniture. Headings and table rows are left alone. The joined line becomes blank."""
    out = list(raw_lines)
    text_lines = [index for index, line in enumerate(out) if _is_running_text(line)]
    indented = sum(1 for index in text_lines if INDENT.match(out[index]))
    at_margin = sum(1 for index in text_lines if not out[index][:1].isspace())
    if indented < max(INDENTED_MIN, INDENTED_SHARE * len(text_lines)) or at_margin < indented:
        return out
    widths = [_width(out[index].rstrip()) for index in text_lines]
    usual = Counter(widths).most_common(1)[0][0]
    if sum(abs(width - usual) <= FULL_SLACK for width in widths) < WRAPPED_SHARE * len(widths):
        return out  # one line per paragraph (Word, a .txt): a paragraph at the margin is its own
    furniture = page_furniture(out)
    previous = None
    for index, line in enumerate(out):
        if index in furniture or not line.strip():
            continue
        if (
            previous is not None
            and not line[:1].isspace()
            and _is_running_text(line)
            and _width(out[previous].rstrip()) >= usual - FULL_SLACK
        ):
            out[previous] = out[previous].rstrip() + line.strip()
            out[index] = ""
            continue
        previous = index if _is_running_text(line) else None
    return out


def _is_running_text(line: str) -> bool:
    """A line of a paragraph: one cell of text that is no heading, 专栏 title or footnote."""
    if "\t" in line or len(_cells(line)) != 1:
        return False
    text = squeeze_spaces(line)
    return not (
        CHAPTER.match(text)
        or SECTION.match(text)
        or list_heading(text)
        or box_title(text)
        or FOOTNOTE.match(text)
    )
