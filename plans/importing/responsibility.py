"""The bracket that closes a task paragraph and names the units responsible for it.

`（区生态环境分局牵头，区发改局、区规自分局按职责分工负责）`: units are separated by 、, groups by ，
or ；, and each group ends with the role its units share (牵头 lead, 负责 responsible, 配合 support).
A group without a role word counts as responsible.
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
