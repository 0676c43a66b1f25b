"""A PDF plan with a text layer → the parser's text. Pure: no database.

PDFium (pypdfium2, fast) gives each page's characters with their positions; pdfplumber finds the
ruled tables on the pages that draw lines (pdfminer is too slow to read every page of a long plan):
- a ruled table of two columns or more becomes tab rows in its place (its words are left out of the
  page text); a cell merged across columns is one cell, a cell merged down rows gives its text on its
  first row and an empty cell below; a table that goes on over a page break and repeats its header
  row there keeps the row once, and a row the page end broke (its rest in a few of the cells at the
  top of the next page) is one row;
- page furniture is dropped: a line at the top or bottom of pages that comes back (numbers aside) on
  at least half of them, or a page number there;
- lines are joined into paragraphs by where they stand: a line that runs to the right edge of the
  text goes on in the next line unless that one is indented, set in another size (a heading) or
  further below than the text's usual line pitch (paragraphs set apart by spacing); so a paragraph
  reads on across a page end, and a line that happens to end in 。 at the edge stays joined;
- a line's characters are read in the order they stand, left to right, whatever order the writer
  drew them in;
- CJK radicals that PDF writers put in the text layer for ordinary characters (Chromium and others
  write ⽣ U+2F63 for 生, ⻓ U+2ED3 for 长) become those characters, and so does a dash written as
  a horizontal bar.
Refused: a file that is no PDF, an encrypted one, and one without a text layer (a scan).
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from operations.uploads import Deadline, UploadRefused

from .errors import PlanParseError, budget_refusal
from .text import PAGE_NUMBER_LINE

NO_TEXT_LAYER = "该PDF没有文字层，请上传Word版或先进行文字识别"
ENCRYPTED = "该PDF已加密（需要密码才能打开），无法读取文字：请上传未加密的PDF或Word版"
MIN_CHARS_PER_PAGE = 20
MAX_PAGES = 1000  # a plan runs to 100–200 pages
MAX_CHARS = 500_000  # of the text layer, all pages; a plan holds some 100,000
MAX_OBJECTS = 100_000  # page objects, all pages; a plan's hold some 20,000
TOO_MANY_PAGES = "该PDF有%(pages)d页，超过%(limit)d页的上限，不像一份规划文本，不予导入"
TOO_MUCH_TEXT = "该PDF的文字远多于一份规划文本（可能是恶意构造的文件），不予导入"
EDGE_LINES = 2  # lines at each end of a page that may be running headers, footers or page numbers
RUNNING_SHARE = 0.5
BARE_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
NUMBER_CELL = re.compile(r"[\d.%≥≤<>~～\-—]+")
PARAGRAPH_GAP = 1.4  # lines further apart than this many line pitches are two paragraphs

# CJK Radicals Supplement → the unified ideograph drawn with the same glyph in Simplified Chinese
# fonts (Unicode's EquivalentUnifiedIdeograph data). The Kangxi Radicals block is covered by NFKC,
# except ⼾ DOOR, which those fonts draw as 户 (NFKC gives the traditional 戶).
RADICALS_SUPPLEMENT = (
    "⺂乛⺃乚⺅亻⺉刂⺋㔾⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺫罒⺭礻"
    "⺯糹⺰纟⺱罓⺲罒⺳㓁⺹耂⺺肀⺾艹⺿艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻈讠⻉贝⻋车⻌辶⻍辶⻎辶⻐钅⻑長⻒镸⻓长"
    "⻔门⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜"
    "⻰龙⻱龜⻲亀⻳龟"
)
RADICALS = {
    ord(radical): ideograph for radical, ideograph in zip(*[iter(RADICALS_SUPPLEMENT)] * 2, strict=True)
}
RADICALS |= {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)}
RADICALS[ord("⼾")] = "户"
# The same glyph again: Chinese dashes (——) are U+2014; writers put U+2015 HORIZONTAL BAR for them.
RADICALS[ord("―")] = "—"


@dataclass
class TextLine:
    text: str
    top: float
    x0: float
    x1: float
    size: float


@dataclass
class TableRows:
    rows: list[list[str]]
    top: float
    bbox: tuple[float, float, float, float]


def read_pdf(data: bytes) -> str:
    if b"%PDF-" not in data[:1024]:
        raise PlanParseError("文件不是PDF格式（没有PDF文件头），可能已损坏或只是改了扩展名")
    pages = _pages(data)
    if sum(len(line.text) for page in pages for line in page if isinstance(line, TextLine)) < (
        MIN_CHARS_PER_PAGE * max(len(pages), 1)
    ):
        raise PlanParseError(NO_TEXT_LAYER)
    pages = _drop_furniture(pages)
    return "\n".join(_flow(pages)).translate(RADICALS) + "\n"


def _pages(data: bytes) -> list[list[TextLine | TableRows]]:
    """Text lines from PDFium (fast, in C); ruled tables from pdfplumber, on the pages that draw lines."""
    import pypdfium2  # imported here: reading text files needs no PDF library

    deadline = Deadline()

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PlanParseError(ENCRYPTED) from exc
        raise PlanParseError("PDF文件无法读取，可能已损坏") from exc
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise PlanParseError(TOO_MANY_PAGES % {"pages": count, "limit": MAX_PAGES})
        # One page at a time, each closed after use, the clock checked between pages and the text
        # counted as it is read: pages may share one heavy content stream, so their number and the
        # file's size say nothing of the work.
        path = (pypdfium2.raw.FPDF_PAGEOBJ_PATH,)
        budget = CharBudget(MAX_CHARS, MAX_OBJECTS, deadline)
        ruled = []
        for index in range(count):
            deadline.check()
            page = document[index]
            budget.spend_objects(pypdfium2.raw.FPDFPage_CountObjects(page.raw))  # before walking them
            if next(page.get_objects(filter=path), None):
                ruled.append(index)
            page.close()
        tables = _tables(data, ruled, deadline)
        items = []
        for index in range(count):
            deadline.check()
            page = document[index]
            items.append(_page_items(page, tables.get(index, []), budget))
            page.close()
        return items
    except UploadRefused as refused:
        raise budget_refusal(refused) from refused
    finally:
        document.close()


@dataclass
class CharBudget:
    """Characters of the text layer and page objects (text runs, paths, images) left to read, all pages
    together: each costs Python time (some 5 µs a character, 30 µs an object walked)."""

    left: int
    objects_left: int
    deadline: Deadline

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise PlanParseError(TOO_MUCH_TEXT)

    def spend_objects(self, count: int) -> None:
        self.objects_left -= count
        if self.objects_left < 0:
            raise PlanParseError(TOO_MUCH_TEXT)


def _tables(data: bytes, pages: list[int], deadline: Deadline) -> dict[int, list[TableRows]]:
    """Ruled tables of two columns or more on the given pages (a one-cell frame is a box: its text
    stays text)."""
    if not pages:
        return {}
    import pdfplumber

    # pdfminer logs every font it cannot measure; the tables are read all the same
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    found = {}
    try:
        with pdfplumber.open(io.BytesIO(data), pages=[index + 1 for index in pages]) as pdf:
            for index, page in zip(pages, pdf.pages, strict=True):
                deadline.check()
                found[index] = [
                    TableRows(_rows(table), table.bbox[1], table.bbox)
                    for table in page.find_tables()
                    if _width(table) >= 2
                ]
    except UploadRefused:
        raise
    except Exception as exc:  # pdfminer raises many kinds on a damaged file that PDFium could open
        raise PlanParseError("PDF文件无法读取，可能已损坏") from exc
    return found


def _page_items(page, tables: list[TableRows], budget: CharBudget) -> list[TextLine | TableRows]:
    """The page's text lines outside its tables, and the tables, from top to bottom."""
    import pypdfium2.raw as raw

    text_page = page.get_textpage()
    height = page.get_height()
    lines: list[TextLine] = []
    chars: list[tuple[str, float, float, float, float, float]] = []

    def close():
        # Characters in the order they stand (by their middles: glyph boxes overlap a little): some
        # writers (LibreOffice) draw a line's quotation marks in a run of their own after the line.
        chars.sort(key=lambda char: (char[3] + char[4]) / 2)
        inked = [char for char in chars if not char[0].isspace()]
        if inked:
            line = TextLine(
                "".join(char[0] for char in chars).strip(),
                min(char[2] for char in inked),
                min(char[3] for char in inked),
                max(char[4] for char in inked),
                Counter(char[5] for char in inked).most_common(1)[0][0],
            )
            previous = lines[-1] if lines else None
            if (
                previous
                and abs(line.top - previous.top) < 0.5 * line.size
                and previous.x1 - 1 <= line.x0 <= previous.x1 + line.size
            ):
                # PDFium guessed a line end where the text only changed its font: the same line
                lines[-1] = TextLine(
                    previous.text + line.text, previous.top, previous.x0, line.x1, previous.size
                )
            else:
                lines.append(line)
        chars.clear()

    count = text_page.count_chars()
    budget.spend(count)
    for index in range(count):
        if index % 4096 == 0:
            budget.deadline.check()
        char = chr(raw.FPDFText_GetUnicode(text_page, index))
        if char in "\r\n":
            close()
            continue
        if char == "\x02":  # PDFium marks a hyphen at a line end as soft; in Chinese text it is a dash
            char = "-"
        elif not char.isprintable() and char != " ":
            continue
        left, bottom, right, top = text_page.get_charbox(index, loose=True)
        x, y = (left + right) / 2, height - (top + bottom) / 2
        if any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in (table.bbox for table in tables)):
            continue
        size = round(raw.FPDFText_GetFontSize(text_page, index), 1)
        if chars and abs(y - chars[-1][1]) > 0.5 * max(size, chars[-1][5]):
            close()
        chars.append((char, y, height - top, left, right, size))
    close()
    text_page.close()
    return sorted([*lines, *tables], key=lambda item: item.top)


def _width(table) -> int:
    return max(len([cell for cell in row.cells if cell]) for row in table.rows)


def _rows(table) -> list[list[str]]:
    """Cells as printed: a cell covered by a merge across columns is left out, one covered by a
    merge down rows is empty."""
    starts: dict[int, float] = {}
    for row in table.rows:
        for column, cell in enumerate(row.cells):
            if cell:
                starts[column] = min(starts.get(column, cell[0]), cell[0])
    rows = []
    for row, texts in zip(table.rows, table.extract(), strict=True):
        cells, reach = [], None
        for column, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            if cell is not None:
                cells.append(_cell_text(text))
                reach = cell[2]
            elif reach is None or column not in starts or reach <= starts[column] + 1:
                cells.append("")
        rows.append(cells)
    return rows


def _cell_text(text: str | None) -> str:
    """A cell's wrapped lines run together (with a space only between two Latin words)."""
    out = ""
    for part in (text or "").split("\n"):
        out = _joined(out, part.strip())
    return out.replace("\t", " ")


def _joined(before: str, after: str) -> str:
    latin = before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii() and after[:1].isalnum()
    return before + (" " if latin else "") + after


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_furniture(pages: list[list[TextLine | TableRows]]) -> list[list[TextLine | TableRows]]:
    """Running headers and footers (repeated at the edges of pages) and page numbers there."""

    def edges(page):
        lines = [item for item in page if isinstance(item, TextLine)]
        return lines[:EDGE_LINES] + lines[-EDGE_LINES:]

    counts = Counter(key for page in pages for key in {_furniture_key(line.text) for line in edges(page)})
    running = {key for key, count in counts.items() if count >= 2 and count >= RUNNING_SHARE * len(pages)}
    out = []
    for page in pages:
        furniture = {
            id(line)
            for line in edges(page)
            if _furniture_key(line.text) in running
            or PAGE_NUMBER_LINE.match(line.text)
            or BARE_PAGE_NUMBER.match(line.text.strip())
        }
        out.append([item for item in page if id(item) not in furniture])
    return out


def _continued_row(last: list[str], first: list[str]) -> list[str] | None:
    """The last row before a page break with the rest of its text, when the first row after the
    break is that rest: a row the page broke fills only some of the cells of the row it continues
    (fewer than half), never a cell that row left empty, and with wrapped text, never a number alone
    (a 序号 or a value: too short to wrap)."""
    filled = [index for index, cell in enumerate(first) if cell]
    before = [index for index, cell in enumerate(last) if cell]
    if len(first) != len(last) or not filled or 2 * len(filled) >= len(before):
        return None
    if any(not last[index] or NUMBER_CELL.fullmatch(first[index]) for index in filled):
        return None
    return [_joined(above, below) for above, below in zip(last, first, strict=True)]


def _line_pitch(pages: list[list[TextLine | TableRows]]) -> float | None:
    """The usual distance from one line of running text to the next on a page."""
    steps = Counter(
        round(item.top - before.top)
        for page in pages
        for before, item in zip(page, page[1:], strict=False)
        if isinstance(before, TextLine) and isinstance(item, TextLine) and item.size == before.size
        and item.top > before.top
    )  # fmt: skip
    return float(steps.most_common(1)[0][0]) if steps else None


def _flow(pages: list[list[TextLine | TableRows]]) -> list[str]:
    """The pages' lines in order, wrapped lines joined into their paragraphs, tables as tab rows."""
    lines = [item for page in pages for item in page if isinstance(item, TextLine)]
    if not lines:
        return []
    right = sorted(line.x1 for line in lines)[int(len(lines) * 0.9)]
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    pitch = _line_pitch(pages)
    out: list[str] = []
    previous: TextLine | TableRows | None = None
    header_before_break: list[str] | None = None
    for page in pages:
        for position, item in enumerate(page):
            # On the same page, a gap wider than the text's line pitch is space between paragraphs.
            spaced = position > 0 and pitch is not None and item.top - previous.top > PARAGRAPH_GAP * pitch
            if isinstance(item, TableRows):
                rows = item.rows
                if (
                    position == 0
                    and isinstance(previous, TableRows)
                    and rows
                    and rows[0] == header_before_break
                ):
                    rows = rows[1:]  # the header row repeated on the new page
                else:
                    header_before_break = rows[0] if rows else None
                if (
                    position == 0
                    and isinstance(previous, TableRows)
                    and rows
                    and (joined := _continued_row(out[-1].split("\t"), rows[0])) is not None
                ):
                    out[-1], rows = "\t".join(joined), rows[1:]
                out += ["\t".join(row) for row in rows]
            elif (
                isinstance(previous, TextLine)
                and previous.x1 >= right - 1.5 * previous.size
                and item.x0 <= left + 0.5 * item.size
                and abs(item.size - previous.size) < 0.5
                and not spaced
            ):
                out[-1] = _joined(out[-1], item.text)
            else:
                out.append(item.text)
            previous = item
    return out
