"""Page furniture of PDF text: page numbers and running headers or footers.

They fall wherever a page ends, often inside a paragraph; removed here, the paragraph reads on across
the page end (paragraphs are joined by `parser.py` when a part does not end a sentence).
- A line that is only a number is a page number, unless it is a table cell: inside a 专栏 box (until
  the next heading) or beside a tab row.
- A short line printed again and again in the body (at least `RUNNING_MIN` times), that is no heading
  and no piece of a sentence, is a running header or footer (the plan's title, the issuer); a page number beside it is ignored.
  The document's opening lines keep it: the title is read there.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .structure import CHAPTER, SECTION, box_title, flat, list_heading
from .text import Line

RUNNING_MIN = 3
RUNNING_MAX_CHARS = 40
# A running header is a name or a title; a repeated line with these marks is part of a sentence
# (a paragraph's wrapped tail such as "（区住建局负责）").
SENTENCE_MARKS = re.compile(r"[。，；：、（）()！？,;]")
BARE_NUMBER = re.compile(r"^\d{1,3}$")
PAGE_AROUND = re.compile(
    r"^(?:\d{1,3}|[-－—–]\s*\d{1,3}\s*[-－—–])\s*|\s*(?:\d{1,3}|[-－—–]\s*\d{1,3}\s*[-－—–])$"
)


def drop_page_furniture(lines: list[Line], body_start: int) -> list[Line]:
    lines = _drop_bare_page_numbers(lines)
    running = running_keys(line.text for line in lines[body_start:])
    if not running:
        return lines
    return lines[:body_start] + [
        Line(line.number, "") if offset in running else line for offset, line in enumerate(lines[body_start:])
    ]


def running_keys(texts: Iterable[str]) -> dict[int, str]:
    """Position → running header key of each line printed again and again (`RUNNING_MIN` times)."""
    keys = {position: key for position, text in enumerate(texts) if (key := _running_key(text))}
    counts = Counter(keys.values())
    return {position: key for position, key in keys.items() if counts[key] >= RUNNING_MIN}


def _running_key(text: str) -> str | None:
    """The line without a page number beside it, if it could be a running header at all."""
    if "\t" in text or not text.strip():
        return None
    key = PAGE_AROUND.sub("", text.strip())
    if not key or len(key) > RUNNING_MAX_CHARS or SENTENCE_MARKS.search(key) or _is_heading(key):
        return None
    return key


def _is_heading(text: str) -> bool:
    return bool(CHAPTER.match(text) or SECTION.match(text) or list_heading(text) or box_title(text))


def _drop_bare_page_numbers(lines: list[Line]) -> list[Line]:
    out, in_box = list(lines), False
    for index, line in enumerate(lines):
        text = flat(line.text)
        if box_title(line.text):
            in_box = True
        elif CHAPTER.match(text) or SECTION.match(text) or list_heading(text):
            in_box = False
        elif (
            not in_box and "\t" not in line.text and BARE_NUMBER.match(text) and not _near_tabs(lines, index)
        ):
            out[index] = Line(line.number, "")
    return out


def _near_tabs(lines: list[Line], index: int) -> bool:
    """A neighbouring line (blank lines skipped) is a table row."""
    neighbours = []
    for step in (-1, 1):
        position = index + step
        while 0 <= position < len(lines) and not flat(lines[position].text):
            position += step
        if 0 <= position < len(lines):
            neighbours.append(lines[position].text)
    return any("\t" in text for text in neighbours)
