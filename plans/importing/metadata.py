"""Plan metadata from the document's opening lines (before the first chapter) and its wording."""

from __future__ import annotations

import re
from collections import Counter

from .numerals import to_int, year_digits
from .outline import PlanInfo
from .period import ORDINAL_PATTERN, Period
from .text import CJK

TITLE_END = ("规划", "计划", "方案")
# A title may end with its years in brackets: "……规划（2026—2030年）".
YEARS_SUFFIX = r"(?:[（(][^（）()]*\d{4}[^（）()]*[)）])?"
TITLE = re.compile(rf".*(?:{'|'.join(TITLE_END)}){YEARS_SUFFIX}")
QUOTED_TITLE = re.compile(rf"《([^《》]*(?:{'|'.join(TITLE_END)}){YEARS_SUFFIX})》")
DOC_NUMBER = re.compile(rf"[{CJK}]+〔\d{{4}}〕\d+号")
ISSUER = re.compile(r"^[\u4e00-\u9fff]{4,40}(?:人民政府|管理委员会|委员会|办公室)$")
DATE_FULL = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
DATE_MONTH = re.compile(r"^([\d〇零一二三四五六七八九]{4})年([\d十一二三四五六七八九]{1,3})月$")
ZONE_SUFFIXES = ("开发区", "高新区", "新区", "示范区")


def plan_title(preamble: list[str]) -> str | None:
    """The title printed as the document's first lines, else the first 《…规划》 it names."""
    lines = [line.replace("\t", "") for line in preamble if line.strip()]
    for start in range(min(len(lines), 3)):
        joined = ""
        for line in lines[start : start + 3]:
            joined += line
            if "《" not in joined and TITLE.fullmatch(joined) and len(joined) <= 60:
                return joined
    match = QUOTED_TITLE.search("".join(lines))
    return match.group(1) if match else None


def plan_metadata(
    preamble: list[str], body_text: str, title: str, units: list[str], period: Period
) -> PlanInfo:
    short_lines = [line.strip() for line in preamble if 0 < len(line.strip()) <= 40]
    doc_number = next((m.group(0) for line in preamble if (m := DOC_NUMBER.search(line))), None)
    issuer = next((line for line in short_lines if ISSUER.match(line)), None)
    jurisdiction, parent, level = _jurisdiction(title, issuer, body_text, units)
    return PlanInfo(
        title=title,
        jurisdiction=jurisdiction,
        parent_jurisdiction=parent,
        level=level,
        issuer=issuer,
        doc_number=doc_number,
        issued_date=_issued_date(short_lines),
        period=(period.first, period.last),
        baseline_year=period.baseline_year,
    )


def _issued_date(lines: list[str]) -> str | None:
    for line in lines:
        compact = line.replace(" ", "")
        if match := DATE_FULL.match(compact):
            year, month, day = (int(part) for part in match.groups())
            return f"{year:04d}-{month:02d}-{day:02d}"
        if match := DATE_MONTH.match(compact):
            month = to_int(match.group(2))
            if month:
                return f"{year_digits(match.group(1))}-{month:02d}"
    return None


def _most_common(pattern: str, text: str, within: str | None = None) -> str | None:
    counts = Counter(re.findall(pattern, text))
    for name, _ in counts.most_common():
        if within is None or name[:-1] in within:
            return name
    return None


def _jurisdiction(title: str, issuer: str | None, text: str, units: list[str]) -> tuple[str, str | None, str]:
    """Name, parent and level of the plan's jurisdiction, from the title's place name and the text."""
    place = re.split(rf"生态环境|生态文明|[“\"]{ORDINAL_PATTERN}[”\"]|聚焦|关于", title)[0]
    # A city's parent is the province the whole application covers; the outline names only a city parent.
    province = None
    if not place:
        # An action plan names no place in its title: its wording does ("美丽长春建设").
        beautiful = Counter(re.findall(rf"美丽([{CJK}]{{2}})(?:建设|篇章)", text))
        stem = beautiful.most_common(1)[0][0] if beautiful else None
        city = f"{stem}市" if stem else None
        level = "city" if sum(unit.startswith("市") for unit in units) >= len(units) / 2 else "district"
        return city or "", province, level
    if place.endswith(ZONE_SUFFIXES):
        short = _most_common(rf"([{CJK}]{{2}}区)", text, within=place) or place
        city = _city_prefix(place, text)
        return short, city, "development_zone"
    city_match = re.match(rf"^([{CJK}]{{2,3}}市)([{CJK}]+区)$", place)
    if city_match:
        return city_match.group(2), city_match.group(1), "district"
    if place.endswith(("区", "县")):
        city = _city_prefix(issuer or "", text) if issuer else None
        return place, city or _most_common(rf"([{CJK}]{{2}}市)", text), "district"
    if place.endswith("市"):
        return place, province, "city"
    return place, None, "city"


def _city_prefix(name: str, text: str) -> str | None:
    match = re.match(rf"^([{CJK}]{{2}})(?:市)?", name)
    if match and f"{match.group(1)}市" in text:
        return f"{match.group(1)}市"
    return None
