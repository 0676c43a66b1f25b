"""The bracket that closes a task paragraph and names the units responsible for it.

`（区生态环境分局牵头，区发改局、区规自分局按职责分工负责）`: units are separated by 、, groups by ，
or ；, and each group ends with the role its units share (牵头 lead, 负责 responsible, 配合 support).
A group without a role word counts as responsible.

Within one plan, a name printed without the jurisdiction's prefix is the prefixed unit when the plan
prints that too (`生态环境分局` beside `区生态环境分局`): see `unit_name_merges`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .outline import UnitRole
from .text import normalise_unit_name

ROLE_WORDS = re.compile(
    r"(牵头(?:负责|落实)?|按照?职责分工(?:负责|落实)?|按职责(?:分别)?负责|分别负责|具体负责|共同负责|负责|配合(?:实施|落实|做好)?)"
)
ROLE_OF = (("牵头", "lead"), ("配合", "support"))
CLOSING_BRACKET = re.compile(r"[（(]([^（()）]*(?:[（(][^（()）]*[）)][^（()）]*)*)[）)]\s*$")
# The suffixes of a jurisdiction's name, longest first; its own bureaus are printed with the suffix as a
# prefix (宽城区 → 区生态环境分局, 吉林市 → 市水利局, 长春新区 → 新区… or 区…).
JURISDICTION_SUFFIXES = ("开发区", "高新区", "新区", "示范区", "自治县", "自治旗", "区", "县", "旗", "市")
# For a jurisdiction whose name ends otherwise (or is unknown): the prefix of its level.
LEVEL_PREFIX = {"city": "市", "district": "区", "development_zone": "区"}
# Where one unit is named twice on one task, the stronger role stands.
ROLE_STRENGTH = {"lead": 0, "responsible": 1, "support": 2}
# A paragraph that names units but whose bracket never closes (the PDF lost it, or the text ends early).
OPEN_BRACKET = re.compile(r"[（(]([^（()）]*(?:牵头|负责|配合)[^（()）]*)$")


@dataclass
class Responsibility:
    text: str  # the paragraph without the bracket
    units: list[UnitRole] = field(default_factory=list)
    note: str | None = None  # a sentence inside the bracket that is not a unit list
    unclosed: bool = False


def _role(word: str) -> str:
    for mark, role in ROLE_OF:
        if mark in word:
            return role
    return "responsible"


def parse_units(content: str) -> tuple[list[UnitRole], str | None]:
    """Units with roles, in printed order; a trailing sentence after 。 is returned as a note."""
    content, _, note = content.partition("。")
    units: list[UnitRole] = []
    for group in re.split(r"[，,；;]", content):
        position = 0
        for match in ROLE_WORDS.finditer(group):
            _add(units, group[position : match.start()], _role(match.group(1)))
            position = match.end()
        _add(units, group[position:], "responsible")
    return units, note.strip("。 ") or None


def _add(units: list[UnitRole], names: str, role: str):
    for raw in re.split(r"[、/]", names):
        name = normalise_unit_name(raw)
        if len(name) >= 2 and all(unit.name != name for unit in units):
            units.append(UnitRole(name=name, role=role))


def looks_like_units(content: str) -> bool:
    """A bracket after the final 。 with short 、-separated names is a unit list even without a role word."""
    if ROLE_WORDS.search(content):
        return True
    items = [item for item in re.split(r"[、，,；;]", content) if item]
    return bool(items) and all(2 <= len(item) <= 20 and "。" not in item for item in items)


def split_responsibility(paragraph: str) -> Responsibility | None:
    """The paragraph's closing responsibility bracket, or None when the paragraph names no units."""
    text = paragraph.rstrip()
    match = CLOSING_BRACKET.search(text)
    if match:
        content = match.group(1)
        before = text[: match.start()].rstrip()
        ends_sentence = before.endswith(("。", "；", "！", "”"))
        if ROLE_WORDS.search(content) or (ends_sentence and looks_like_units(content)):
            units, note = parse_units(content)
            if units:
                return Responsibility(text=before, units=units, note=note)
        return None
    match = OPEN_BRACKET.search(text)
    if match and ROLE_WORDS.search(match.group(1)) and len(match.group(1)) < 200:
        units, note = parse_units(match.group(1))
        if units:
            return Responsibility(text=text[: match.start()].rstrip(), units=units, note=note, unclosed=True)
    return None


def stronger_role(first: str, second: str) -> str:
    """lead > responsible > support."""
    return min(first, second, key=lambda role: ROLE_STRENGTH.get(role, len(ROLE_STRENGTH)))


def jurisdiction_prefixes(level: str, jurisdiction: str) -> tuple[str, ...]:
    """The prefixes a plan of this jurisdiction puts before its own units' names, preferred first."""
    suffix = next((s for s in JURISDICTION_SUFFIXES if jurisdiction.endswith(s)), None)
    if suffix is None:
        return (LEVEL_PREFIX[level],) if level in LEVEL_PREFIX else ()
    return tuple(dict.fromkeys((suffix, suffix[-1])))


def unit_name_merges(names, prefixes: tuple[str, ...]) -> dict[str, str]:
    """{name: the unit it is}: a name printed without the jurisdiction's prefix, or with a less preferred
    one, is the preferred prefixed form when the plan prints that too. Only names printed both ways
    merge, so `市场监管局` never loses its 市 to a city's prefix."""
    present = set(names)
    forms = (*prefixes, "")
    merges = {}
    for name in present:
        for rank, prefix in enumerate(forms):
            if not name.startswith(prefix):
                continue
            stem = name[len(prefix) :]
            preferred = next((f + stem for f in forms[:rank] if f + stem in present), None)
            if preferred:
                merges[name] = preferred
                break
    for name, target in merges.items():
        while target in merges:  # each step adds to the name, so this ends
            target = merges[target]
        merges[name] = target
    return merges


def merge_unit_roles(units: list[UnitRole], merges: dict[str, str]) -> list[UnitRole]:
    """A task's units renamed by `merges`; a unit named twice keeps its first place and the stronger role."""
    merged: dict[str, UnitRole] = {}
    for unit in units:
        name = merges.get(unit.name, unit.name)
        if name in merged:
            merged[name].role = stronger_role(merged[name].role, unit.role)
        else:
            merged[name] = UnitRole(name=name, role=unit.role)
    return list(merged.values())
