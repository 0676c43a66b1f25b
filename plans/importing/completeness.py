"""Is the whole document there? A file cut off anywhere is refused where a general rule can tell.

What a complete plan shows, and a cut file loses:
- every chapter its table of contents lists, and as many parts as its text announces ("共分十一章");
- every 专栏 its text refers to ("见专栏3") at or after the last box printed;
- the indicator table its text counts ("共设置重点指标20项"), with all those rows when the file ends
  in that table;
and, once it has `MIN_HEADINGS` or more chapters and sections (fewer make an excerpt, too little of a
plan to judge its end by):
- a closing part (保障措施, 规划实施, 附则…) as its last chapter;
- a last line that ends a sentence, or the date, signature or distribution line of a document;
  never a heading with nothing under it.
Each refusal names the line where the text stops or where the announcement is made.
"""

from __future__ import annotations

import re

from .errors import PlanParseError
from .numerals import to_int
from .outline import Box, Chapter
from .structure import CHAPTER, NUMERAL, SECTION, SUMMARY, box_title, flat, list_heading
from .text import Line

CLOSING_WORDS = ("保障", "附则", "组织实施", "规划实施", "实施保障")
MIN_HEADINGS = 5
BOX_MENTION = re.compile(r"(?:见|详见|参见)\s*专栏\s*(\d+)")
ANNOUNCED_PARTS = re.compile(
    rf"(?:本规划|本计划|本方案|全文)[^。]{{0,6}}?(?:共|分为|分)\s*({NUMERAL})\s*(?:章|个部分|部分)"
)
SENTENCE_ENDS = ("。", "！", "？", "）", ")", "”", "」", "》", "…", "』")
# The last lines of an issued document: a date ("2023年4月25日印发"), a distribution or signature line.
CLOSING_LINE = re.compile(
    r"(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?\s*(?:印发|发布)?|印发|抄送[:：].*|人民政府|办公室)$"
)


def check_complete(
    *,
    lines: list[Line],
    contents: list[Line],
    chapters: list[Chapter],
    boxes: list[Box],
    body_text: str,
    table_at_end: Box | None = None,
):
    """Raise PlanParseError when the document stops short of what it announces."""
    filled = [line for line in lines if flat(line.text)]
    if not filled or not chapters:
        return
    last = filled[-1]
    last_chapter = chapters[-1]
    listed = [number for line in contents if (match := CHAPTER.match(flat(line.text)))
              and (number := to_int(match.group(1)))]  # fmt: skip
    if listed and last_chapter.number < max(listed):
        raise PlanParseError(
            f"目录列出{max(listed)}章，正文到第{last_chapter.number}章“{last_chapter.title}”就结束了，文件不完整",
            line=last.number,
        )
    announced = ANNOUNCED_PARTS.search(body_text)
    if announced and len(chapters) < (to_int(announced.group(1)) or 0):
        raise PlanParseError(
            f"正文称“{announced.group(0)}”，但只有{len(chapters)}章，文件不完整", line=last.number
        )
    printed = max((box.number for box in boxes), default=0)
    for line in lines:
        for mention in BOX_MENTION.finditer(flat(line.text)):
            if int(mention.group(1)) > printed:
                raise PlanParseError(
                    f"正文提到专栏{mention.group(1)}，但文件中没有这个专栏，文件可能不完整", line=line.number
                )
    if stated := SUMMARY.search(body_text):
        if not any(box.kind == "indicators" for box in boxes):
            raise PlanParseError("正文列出了指标数量，但文件中没有指标表，文件可能不完整", line=last.number)
        if (
            table_at_end
            and table_at_end.kind == "indicators"
            and len(table_at_end.indicators) < int(stated.group(1))
        ):
            raise PlanParseError(
                f"文件在专栏{table_at_end.number}的表格中结束：正文称共设置指标{stated.group(1)}项，"
                f"表格只有{len(table_at_end.indicators)}项，文件不完整",
                line=last.number,
            )
    if len(chapters) + sum(len(chapter.sections) for chapter in chapters) < MIN_HEADINGS:
        return
    _check_last_line(last)
    if not any(word in last_chapter.title for word in CLOSING_WORDS):
        raise PlanParseError(
            f"文件在第{last_chapter.number}章“{last_chapter.title}”中结束，没有规划的保障措施等收尾部分，"
            "文件可能不完整",
            line=last.number,
        )


def _check_last_line(last: Line):
    if "\t" in last.text:
        return  # a table row: the table reader judges whether its last row is whole
    text = flat(last.text)
    if CHAPTER.match(text) or SECTION.match(text) or list_heading(text) or box_title(text):
        raise PlanParseError(f"文件在标题“{text}”处结束，标题下没有内容，文件可能不完整", line=last.number)
    if not text.endswith(SENTENCE_ENDS) and not CLOSING_LINE.search(text):
        raise PlanParseError(f"文件最后一句没有结束（“…{text[-12:]}”），文件可能不完整", line=last.number)
