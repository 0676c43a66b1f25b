"""Other renderings of the seed plans, made from the text and its parsed outline.

The importer is measured on conversions of the plans that no test here has seen; these functions
make such conversions from the seeds by general transformations (never by a seed's name or lines).
"""

import unicodedata
from dataclasses import astuple, replace

from plans.importing.structure import box_title
from plans.importing.text import clean_line


def row_cells(row) -> list[str]:
    """An indicator row as printed: category, 序号, name with unit and footnote star, values, attribute.

    Fields are read by position (seq, category, name, unit, baseline, target, previous target,
    attribute, …) so the renderings do not depend on what the value fields are called.
    """
    seq, _category, name, unit, baseline, target, _previous, attribute, *_rest = astuple(row)
    footnote = row.footnote
    printed = name + (f"（{unit}）" if unit else "") + ("*" if footnote else "")
    return [str(seq), printed, baseline or "", target or "", attribute or ""]


def table_spans(text: str, outline):
    """(box, first line index, end index) of each indicator table: the lines after the box title that
    hold tabs or are blank."""
    lines = text.splitlines()
    wanted = {box.number: box for box in outline.boxes if box.kind == "indicators"}
    for index, raw in enumerate(lines):
        title = box_title(clean_line(raw))
        if title and title[0] in wanted:
            end = index + 1
            while end < len(lines) and ("\t" in lines[end] or not lines[end].strip()):
                end += 1
            yield wanted.pop(title[0]), index + 1, end


def replace_tables(text: str, outline, render) -> str:
    """The text with each indicator table's lines replaced by `render(box)` (a list of lines)."""
    lines = text.splitlines()
    out, position = [], 0
    for box, start, end in table_spans(text, outline):
        out += lines[position:start] + render(box)
        position = end
    return "\n".join(out + lines[position:]) + "\n"


def tab_rows(header: list[str]):
    """One row per line, tab-separated; the category cell only on a group's first row."""

    def render(box):
        lines, previous = ["\t".join(header)], None
        for row in box.indicators:
            category = row.category if row.category != previous else ""
            previous = row.category
            lines.append("\t".join([category or "", *row_cells(row)]))
        return lines

    return render


def tab_columns(columns: list[str], header: list[str]):
    """Tab rows with the columns in another order or set. Each of `columns` names a cell: `category`
    (on a group's first row), `seq`, `name` (with its unit and footnote star, as the seeds print it),
    `starred` (the star between the name and its unit: 比例*（%）), `bare` (name and star, the unit in
    a column of its own), `unit`, `baseline`, `target`, `attribute`."""

    def render(box):
        lines, previous = ["\t".join(header)], None
        for row in box.indicators:
            seq, category, name, unit, baseline, target, _previous, attribute, *_rest = astuple(row)
            star = "*" if row.footnote else ""
            bracket = f"（{unit}）" if unit else ""
            cells = {
                "category": category if category != previous else "",
                "seq": str(seq),
                "name": name + bracket + star,
                "starred": name + star + bracket,
                "bare": name + star,
                "unit": unit or "",
                "baseline": baseline or "",
                "target": target or "",
                "attribute": attribute or "",
            }
            previous = category
            lines.append("\t".join(cells[column] or "" for column in columns))
        return lines

    return render


PAGE_NUMBERS = ("- {n} -", "-{n}-", "{n}", "第 {n} 页", "— {n} —", "第{n}页 共{total}页", "{n}/{total}")
SENTENCE_END = "。！？；：）”"


def page_breaks(text: str, running_header: str, every: int = 3) -> str:
    """PDF-like text: every `every`-th long paragraph line is broken in its middle by a page end —
    a blank line, the page number (in turn in the forms PDFs print), a blank line, the running header.

    The break never falls right after a sentence-final mark: there a page end and a paragraph end
    look the same in plain text. Nor inside straight quotes ("…"): each line pairs its own quotes.
    """
    out, page = [], 0
    for raw in text.splitlines():
        line = raw.rstrip()
        if "\t" in line or len(clean_line(line)) < 60 or (len(out) % every):
            out.append(line)
            continue
        cut = len(line) // 2
        while cut < len(line) - 1 and (line[cut - 1] in SENTENCE_END or line[:cut].count('"') % 2):
            cut += 1
        page += 1
        number = PAGE_NUMBERS[page % len(PAGE_NUMBERS)].format(n=page + 1, total=99)
        out += [line[:cut], "", number, "", running_header, line[cut:]]
    return "\n".join(out) + "\n"


def cut_points(text: str, count: int = 20) -> list[int]:
    """`count` line counts evenly spaced from 10 % to 95 % of the document's lines."""
    total = len(text.splitlines())
    return [round(total * (0.10 + 0.85 * step / (count - 1))) for step in range(count)]


def cut(text: str, lines: int) -> str:
    """The document as a file cut off after `lines` lines."""
    return "\n".join(text.splitlines()[:lines]) + "\n"


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def padded(text: str, width: int) -> str:
    return text + " " * max(2, width - display_width(text))


def wrapped(text: str, width: int) -> list[str]:
    pieces, piece = [], ""
    for char in text:
        if display_width(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]


LAYOUT_WIDTHS = (18, 6, 30, 12, 20, 8)  # category, 序号, name, baseline, target, attribute


def layout_rows(header_lines: list[list[str]], name_width: int = 24):
    """`pdftotext -layout` style: columns padded with spaces (a Chinese character is two wide), the
    name wrapped after `name_width` display columns onto lines of its own in the same column."""

    def line(cells):
        return "".join(
            padded(cell, width) for cell, width in zip(cells, LAYOUT_WIDTHS, strict=False)
        ).rstrip()

    def render(box):
        lines, previous = [line(cells) for cells in header_lines], None
        for row in box.indicators:
            category = row.category if row.category != previous else ""
            previous = row.category
            seq, name, *values = row_cells(row)
            first, *rest = wrapped(name, name_width)
            lines.append(line([category or "", seq, first, *values]))
            lines += [line(["", "", piece]) for piece in rest]
        return lines

    return render


def without_task(text: str, task) -> str:
    """The document without the paragraph of `task` (an outline task, which knows its line)."""
    lines = text.splitlines()
    return "\n".join(lines[: task.line - 1] + lines[task.line :]) + "\n"


def with_target(text: str, row, target: str) -> str:
    """The document with the printed target of indicator `row` replaced: the first cell after the row's
    name that reads as its target."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if row.name in line and "\t" in line)
    for index in range(start + 1, len(lines)):
        cells = lines[index].split("\t")
        if row.target in cells:
            cells[cells.index(row.target)] = target
            lines[index] = "\t".join(cells)
            return "\n".join(lines) + "\n"
    raise ValueError(f"no target {row.target} after {row.name}")


def middle_task(outline):
    """(chapter, section, position) of a task with tasks before and after it in its section."""
    for chapter in outline.chapters:
        for section in chapter.sections:
            if len(section.tasks) >= 3:
                return chapter, section, 2
    raise ValueError("no section with three tasks")


def with_rows_swapped(text: str, outline, header: list[str]) -> str:
    """The document with the first two rows of its first indicator table printed in each other's places
    (each keeps its name, unit and values; the 序号 and category cells stay where they were)."""
    number = next(box.number for box in outline.boxes if box.kind == "indicators" and len(box.indicators) > 1)
    render = tab_rows(header)

    def swapped(box):
        if box.number != number:
            return render(box)
        first, second, *rest = box.indicators
        swap = [
            replace(second, seq=first.seq, category=first.category),
            replace(first, seq=second.seq, category=second.category),
        ]
        return render(replace(box, indicators=swap + rest))

    return replace_tables(text, outline, swapped)
