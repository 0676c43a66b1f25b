"""The seed plans rendered as the files bureaus hold: a Word document with real tables, and an HTML
page that Chromium prints to PDF. Both are made from the text and its parsed outline by general rules
(never by a seed's name or lines):

- markup that a conversion left in the text ([bookmark: …], **) is not printed;
- a chapter or section line is a heading, any other line a paragraph (leading and trailing tabs gone);
- each indicator table is rebuilt from the outline as a real table: a header whose 指标 cell spans the
  category, number and name columns, one row per indicator, the category cell merged down its group;
- any other run of tab rows (a review table: a row of three cells or more, and the tab rows after
  it) is a real table of the cells as printed.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

from plans.importing.structure import CHAPTER, SECTION, flat
from plans.importing.text import BOLD, BOOKMARK, clean_line

from .renderings import row_cells, table_spans


@dataclass
class Table:
    rows: list[list[str]]
    # (first row, last row) of each category cell merged down the first column
    merged: list[tuple[int, int]] = field(default_factory=list)
    # the header row's first cell spans this many columns
    header_span: int = 1


@dataclass
class Paragraph:
    text: str
    level: int = 0  # 1 chapter, 2 section, 0 body


def blocks(text: str, outline) -> list[Paragraph | Table]:
    lines = [BOOKMARK.sub("", BOLD.sub("", line)) for line in text.splitlines()]
    spans = {start: (box, end) for box, start, end in table_spans(text, outline)}
    years = (f"{outline.plan.baseline_year}年", f"{outline.plan.period[1]}年")
    out: list[Paragraph | Table] = []
    index = 0
    while index < len(lines):
        if index in spans:
            box, end = spans[index]
            out.append(indicator_table(box, years))
            index = end
            continue
        end = index
        while (
            end < len(lines)
            and end + 1 not in spans  # a box title line before its table stays a line
            and len([c for c in lines[end].split("\t") if c.strip()]) >= (3 if end == index else 1)
            and "\t" in lines[end]
        ):
            end += 1
        if end - index >= 2:
            rows = [line.strip("\n").split("\t") for line in lines[index:end]]
            width = max(len(row) for row in rows)
            out.append(Table(rows=[row + [""] * (width - len(row)) for row in rows]))
            index = end
            continue
        line = lines[index].strip()
        index += 1
        if line:
            heading = flat(clean_line(line))
            level = 1 if CHAPTER.match(heading) else 2 if SECTION.match(heading) else 0
            out.append(Paragraph(line, level))
    return out


def indicator_table(box, years) -> Table:
    rows = [["指标", "", "", *years, "指标属性"]]
    merged, previous = [], object()
    for row in box.indicators:
        cells = row_cells(row)
        if row.category != previous or not row.category:
            merged.append((len(rows), len(rows)))
            rows.append([row.category or "", *cells])
        else:
            merged[-1] = (merged[-1][0], len(rows))
            rows.append(["", *cells])
        previous = row.category
    return Table(rows=rows, merged=[span for span in merged if span[1] > span[0]], header_span=3)


# -- Word ---------------------------------------------------------------------------------------
def docx_bytes(parts: list[Paragraph | Table], official: bool = False) -> bytes:
    """`official`: paragraphs open with a two-character indent and pages are numbered "- N -" in the
    footer under the title as running header, as government documents are set."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    if official:
        section = document.sections[0]
        section.header.paragraphs[0].text = next(
            (part.text for part in parts if isinstance(part, Paragraph)), ""
        )
        footer = section.footer.paragraphs[0]
        footer.add_run("- ")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        footer._p.append(field)
        footer.add_run(" -")
    for part in parts:
        if isinstance(part, Paragraph):
            if part.level:
                document.add_heading(part.text, level=part.level)
            else:
                paragraph = document.add_paragraph(part.text)
                if official:
                    paragraph.paragraph_format.first_line_indent = Pt(24)
            continue
        table = document.add_table(rows=len(part.rows), cols=len(part.rows[0]))
        table.style = "Table Grid"
        for row, cells in zip(table.rows, part.rows, strict=True):
            for cell, value in zip(row.cells, cells, strict=True):
                cell.text = value
        if part.header_span > 1:
            table.cell(0, 0).merge(table.cell(0, part.header_span - 1)).text = part.rows[0][0]
        for first, last in part.merged:
            table.cell(first, 0).merge(table.cell(last, 0)).text = part.rows[first][0]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- HTML for print -----------------------------------------------------------------------------
STYLE = """
@page { size: A4; margin: 25mm 22mm; }
body { font-family: "Noto Serif CJK SC", serif; font-size: 12pt; line-height: 1.6; }
p { margin: 0; text-indent: 2em; text-align: justify; }
h1 { font-size: 16pt; text-align: center; margin: 12pt 0; }
h2 { font-size: 14pt; margin: 8pt 0; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 10.5pt; }
td, th { border: 1px solid #000; padding: 2pt 4pt; }
tr { break-inside: avoid; }
"""


def html_page(parts: list[Paragraph | Table], font_size: str = "12pt") -> str:
    body = []
    for part in parts:
        if isinstance(part, Paragraph):
            tag = {1: "h1", 2: "h2"}.get(part.level, "p")
            body.append(f"<{tag}>{html.escape(part.text.replace(chr(9), ' '))}</{tag}>")
            continue
        covered = {(row, 0) for first, last in part.merged for row in range(first + 1, last + 1)}
        covered |= {(0, column) for column in range(1, part.header_span)}
        rows = []
        for r, cells in enumerate(part.rows):
            tds = []
            for c, value in enumerate(cells):
                if (r, c) in covered:
                    continue
                span = next((last - first + 1 for first, last in part.merged if first == r and c == 0), 1)
                attributes = (f' rowspan="{span}"' if span > 1 else "") + (
                    f' colspan="{part.header_span}"' if r == 0 and c == 0 and part.header_span > 1 else ""
                )
                tds.append(f"<td{attributes}>{html.escape(value)}</td>")
            rows.append(f"<tr>{''.join(tds)}</tr>")
        body.append(f"<table>{''.join(rows)}</table>")
    style = STYLE.replace("font-size: 12pt", f"font-size: {font_size}")
    return f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>{style}</style>{"".join(body)}'


HEADER = '<div style="font-size:8pt;width:100%;text-align:center;font-family:serif">{title}</div>'
FOOTER = '<div style="font-size:9pt;width:100%;text-align:center">- <span class="pageNumber"></span> -</div>'


def pdf_bytes(browser, page_html: str, running_title: str) -> bytes:
    """Printed by Chromium with a running header (the plan's title) and page numbers in the footer."""
    page = browser.new_page()
    try:
        page.set_content(page_html, wait_until="load")
        return page.pdf(
            format="A4",
            display_header_footer=True,
            header_template=HEADER.format(title=html.escape(running_title)),
            footer_template=FOOTER,
            margin={"top": "25mm", "bottom": "25mm", "left": "22mm", "right": "22mm"},
        )
    finally:
        page.close()
