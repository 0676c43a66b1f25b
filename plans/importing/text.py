"""Cleaning the converted text: what Word and PDF conversion left behind, removed by rules about the text.

The result is a list of `Line` (1-based source line number + cleaned text). Blank lines are kept as
empty strings because tables use them as row separators; broken paragraphs are joined later by
`paragraphs.py`, which knows what a heading looks like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .structure import CHAPTER, SECTION, list_heading

CJK = r"\u3400-\u9fff\uf900-\ufaff"
CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef“”‘’、"

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
BOLD = re.compile(r"\*\*")
# A PDF page number on its own line ("- 94 -", "-60-", "— 7 —", "第 14 页", "第14页 共30页", "14/30") or
# glued to the end of a line ("…养殖业氨-40-"). A bare "14" is told from a table cell by `pages.py`.
PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:[-－—–]\s*\d{1,3}\s*[-－—–]|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
PAGE_NUMBER_TAIL = re.compile(r"[-－]\d{1,3}[-－]\s*$")
# Word's sub/superscript markup: "PM _{2.5}" → "PM2.5", "m ³" → "m3".
SCRIPT = re.compile(r"\s*[_^]\{([^}]*)\}")
SPACE_BETWEEN = re.compile(rf"(?<=[{CJK}{CJK_PUNCT}])[ \u3000\u00a0]+|[ \u3000\u00a0]+(?=[{CJK}{CJK_PUNCT}])")
TOC_HEADING = re.compile(r"^目\s*录$")
ENDS_WITH_PAGE = re.compile(r"\d\s*$")
# OCR misreadings of 专栏 seen in PDF text: the first character dropped a stroke.
BOX_WORD_SLIPS = {"芒栏": "专栏"}
BRACKET_VARIANTS = re.compile(r"[\[［〔(（]\s*([市县区])\s*[\]］〕)）]")
# "X等", "X等部门", "X等相关部门", "X等成员单位", "X等河长制成员单位": X and others like it.
PARAGRAPH_ENDS = ("。", "！", "？", "；")
AND_OTHERS = re.compile(rf"等+(?:(?:相关|有关)?部门|[{CJK}]{{0,6}}?成员单位)?$")


@dataclass(frozen=True)
class Line:
    number: int
    text: str


def squeeze_spaces(text: str) -> str:
    """Drop spaces the conversion put between Chinese characters; keep those between Latin words."""
    text = SCRIPT.sub(r"\1", text)
    text = re.sub(r"\s*³", "3", text)
    text = re.sub(r"\s*²", "2", text)
    text = SPACE_BETWEEN.sub("", text)
    return re.sub(r"[ \u3000\u00a0]{2,}", " ", text).strip()


def full_width_punctuation(text: str, quote_open: bool = False) -> str:
    """Half-width punctuation inside Chinese text becomes full-width, as in the other documents.
    `quote_open`: the line goes on a paragraph whose last straight quote opened a quotation."""
    if not re.search(f"[{CJK}]", text):
        return text
    text = _curly_quotes(text, quote_open)
    text = text.replace("(", "（").replace(")", "）")
    text = re.sub(rf"(?<=[{CJK}{CJK_PUNCT}\d%）])\s*,\s*|\s*,\s*(?=[{CJK}{CJK_PUNCT}])", "，", text)
    text = re.sub(rf"(?<=[{CJK}{CJK_PUNCT}\d%）]);|;(?=[{CJK}])", "；", text)
    return re.sub(rf"(?<=[{CJK}]):(?=\S)", "：", text)


def _curly_quotes(text: str, quote_open: bool = False) -> str:
    """Straight quotes paired in turn, opening first unless the line goes on an open quotation."""
    parts = text.split('"')
    if len(parts) == 1:
        return text
    out = [parts[0]]
    for index, part in enumerate(parts[1:], start=int(quote_open)):
        out.append("“" if index % 2 == 0 else "”")
        out.append(part)
    return "".join(out)


def normalise_unit_name(name: str) -> str:
    """`各县[市]区政府`, `各县(市)区政府` and `各县〔市〕区政府` are one unit; a trailing 等 means "and others",
    and so do 等部门, 等相关部门 and 等（河长制）成员单位: the unit named before them is the one meant."""
    name = squeeze_spaces(name).replace(" ", "")
    name = BRACKET_VARIANTS.sub(r"〔\1〕", name)
    return AND_OTHERS.sub("", name).strip("、，,；; ")


def fix_slips(text: str) -> str:
    for wrong, right in BOX_WORD_SLIPS.items():
        text = text.replace(wrong, right)
    return text


def clean_line(raw: str, quote_open: bool = False) -> str:
    """One line without markup, page numbers or conversion spaces. Tabs survive: tables need them.
    `quote_open`: the line continues a paragraph broken inside a quotation of straight quotes."""
    text = BOOKMARK.sub("", raw)
    text = BOLD.sub("", text)
    text = text.replace("\ufeff", "").rstrip("\r\n")
    if PAGE_NUMBER_LINE.match(text):
        return ""
    text = PAGE_NUMBER_TAIL.sub("", text)
    text = fix_slips(text)
    cells = [
        squeeze_spaces(full_width_punctuation(squeeze_spaces(cell), quote_open)) for cell in text.split("\t")
    ]
    return "\t".join(cells) if len(cells) > 1 else cells[0]


def clean_lines(text: str) -> list[Line]:
    return clean_lines_and_contents(text)[0]


def clean_lines_and_contents(text: str) -> tuple[list[Line], list[Line]]:
    """The cleaned lines without the table of contents, and the contents' lines (empty without one)."""
    lines, quote_open = [], False
    for number, raw in enumerate(text.splitlines(), start=1):
        # A paragraph broken over lines (PDF text) pairs its straight quotes across the break, blank
        # lines included (PDF text puts them inside paragraphs too); a heading starts afresh, and a
        # line that ends a sentence or a table row ends the paragraph.
        bare = raw.strip()
        heading = bool(bare) and _is_heading(bare)
        line = Line(number, clean_line(raw, quote_open and not heading))
        lines.append(line)
        quote_open = (
            not heading
            and "\t" not in raw
            and not line.text.endswith(PARAGRAPH_ENDS)
            and quote_open != (BOOKMARK.sub("", raw).count('"') % 2 == 1)
        )
    start, end = _contents_span(lines)
    return lines[:start] + lines[end:], lines[start:end]


def _is_heading(text: str) -> bool:
    return bool(CHAPTER.match(text) or SECTION.match(text) or list_heading(text))


def _contents_span(lines: list[Line]) -> tuple[int, int]:
    """A 目录 heading starts the contents; they end at the first line not closed by a page number."""
    for index, line in enumerate(lines):
        if TOC_HEADING.match(line.text.replace("\t", "").strip()):
            end = index + 1
            while end < len(lines) and (
                not lines[end].text.strip() or ENDS_WITH_PAGE.search(lines[end].text)
            ):
                end += 1
            return index, end
    return 0, 0
