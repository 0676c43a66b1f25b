"""The plan's period and baseline year, read from the document; nothing here assumes a period.

The evidence, strongest first:
1. the title: a five-year plan named by its ordinal ("“十四五”" is the 14th; from the 3rd plan on the
   Nth ends in 1955 + 5N: 十五五 is 2026–2030), or its years printed as a range ("2026—2030年");
2. the indicator tables: header cells of two years five apart ("Y年" / "Y+5年"): the earlier is the
   baseline year, the later the period's last year;
3. the running text: the year most often stated as "到Y年" that can end a period (every period since
   the 6th ends in a multiple of five).
The baseline year is the year before the period.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .numerals import to_int

LENGTH = 5
# A period's name: its ordinal and 五 ("十四五", "十五五", "九五"), as printed: quoted or followed by
# a word that names a plan or a time ("“十三五”", "十三五时期", a header cell "十三五目标").
ORDINAL_PATTERN = r"(?:十[一二三四五六七八九]?|[三四五六七八九])五"
PERIOD_NAME = re.compile(rf"{ORDINAL_PATTERN}(?=[”\"’'」]|规划|计划|时期|期间|目标|$)")
YEAR_RANGE = re.compile(r"(\d{4})\s*[-—–~～至到]+\s*(\d{4})\s*年")
# A value column's header cell: a year, alone or with the kind of value ("2030年", "2030年目标值").
HEADER_YEAR = re.compile(r"(\d{4})年(?:基准值|基期值|基准|现状值|现状|目标值|目标|规划值|值)?")
BY_YEAR = re.compile(r"[到至]\s*(\d{4})\s*年")


@dataclass(frozen=True)
class Period:
    first: int
    last: int

    @classmethod
    def ending(cls, last: int) -> Period:
        return cls(last - LENGTH + 1, last)

    @property
    def baseline_year(self) -> int:
        return self.first - 1

    def __str__(self):
        return f"{self.first}—{self.last}年"


def named_period(text: str) -> Period | None:
    """The period a name such as "“十五五”" denotes, the first one in the text."""
    match = PERIOD_NAME.search(text)
    ordinal = to_int(match.group(0)[:-1]) if match else None
    return Period.ending(1955 + LENGTH * ordinal) if ordinal else None


def header_year(cell: str) -> int | None:
    """The year a table header cell names ("2030年", "2030 年目标值"), if any."""
    match = HEADER_YEAR.fullmatch(re.sub(r"\s", "", cell))
    return int(match.group(1)) if match else None


def plan_period(title: str, lines: list[str]) -> Period | None:
    """The period from the title, else the indicator tables' header years, else "到Y年"; None when
    the document says nothing about it."""
    if period := named_period(title):
        return period
    if (match := YEAR_RANGE.search(title)) and int(match.group(2)) - int(match.group(1)) == LENGTH - 1:
        return Period(int(match.group(1)), int(match.group(2)))
    years = {year for line in lines for cell in line.split("\t") if (year := header_year(cell))}
    if pairs := [year for year in years if year + LENGTH in years]:
        # A review table looks back at the previous period; the plan's own table is the latest pair.
        return Period.ending(max(pairs) + LENGTH)
    stated = Counter(int(year) for line in lines for year in BY_YEAR.findall(line) if int(year) % LENGTH == 0)
    if stated:
        last = min(stated, key=lambda year: (-stated[year], year))
        return Period.ending(last)
    return None
