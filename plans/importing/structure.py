"""Recognising the kinds of line a plan is made of."""

from __future__ import annotations

import re

NUMERAL = r"[一二三四五六七八九十百零〇两\d]+"
CHAPTER = re.compile(rf"^第\s*({NUMERAL})\s*章\s*(.*)$")
SECTION = re.compile(rf"^第\s*({NUMERAL})\s*节\s*(.*)$")
LIST_ONE = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+)$")
LIST_TWO = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.+)$")
SUBTITLE = re.compile(r"^[-—－]{3,}\s*(.+)$")
BOX_TITLE = re.compile(r"^(?P<junk>.{0,3}?)专栏\s*(?P<number>\d+)\s*(?P<title>.*)$")
BOX_REFERENCE = re.compile(r"^(?P<title>.+?)(?:见|详见)专栏\s*(?P<number>\d+)[。．.]?$")
FOOTNOTE = re.compile(r"^注[：:]\s*(.*)$")
TERMINAL = ("。", "！", "？", "；", "：", "）", "”", "」", ")")
QUOTE_CLOSERS = ("”", "」", "’")
SENTENCE_END = ("。", "！", "？", "；", "：", "…")
SUMMARY = re.compile(r"共设置[^。]*?指标\s*(\d+)\s*项")
SUMMARY_BINDING = re.compile(r"约束性指标\s*(\d+)\s*项")
SUMMARY_INDICATIVE = re.compile(r"预期性指标\s*(\d+)\s*项")


def flat(text: str) -> str:
    """A line's text with table tabs dropped."""
    return text.replace("\t", "").strip()


def is_heading_text(text: str, limit: int = 40) -> bool:
    """Short list headings (一、… / （一）…) carry no sentence inside them."""
    return len(text) <= limit and "。" not in text.rstrip("。")


def list_heading(text: str):
    for level, pattern in ((1, LIST_ONE), (2, LIST_TWO)):
        match = pattern.match(text)
        if match and is_heading_text(match.group(2)):
            return level, match.group(1), match.group(2).rstrip("。")
    return None


def box_title(text: str):
    match = BOX_TITLE.match(flat(text))
    if match and not re.search(r"[见详如]$", match.group("junk")):
        return int(match.group("number")), match.group("title").strip()
    return None


def is_open(paragraph: str) -> bool:
    """A paragraph the PDF broke mid-sentence: it does not end where sentences end. A closing quote
    ends a sentence only after a full stop (“…。”); otherwise the sentence goes on (原则上“只减不增”。)."""
    text = paragraph.rstrip()
    if text.endswith(QUOTE_CLOSERS):
        return not text.rstrip("”」’").endswith(SENTENCE_END)
    return not text.endswith(TERMINAL)
