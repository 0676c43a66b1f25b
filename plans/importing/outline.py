"""The outline of one plan: plain dataclasses, the contract between parsing and the database.

Field names follow ``shared/docs/plan-outline.md``; ``to_dict()`` gives exactly that JSON form and
``PlanOutline.from_dict()`` reads it back, checking its shape. Values are strings as printed
(whitespace-normalised) unless typed otherwise; unknown is ``None``.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Union, get_args, get_origin, get_type_hints

# The version of the JSON form that to_dict() writes and from_dict() reads.
OUTLINE_VERSION = 2
# Keys of version 1 that version 2 renamed (period-neutral value keys).
VERSION_1_KEYS = {"baseline_2020": "baseline", "target_2025": "target", "target_2020": "previous_target"}
# Fields with this metadata belong to the parse, not to the JSON form.
NOT_IN_JSON = {"json": False}


class OutlineFormatError(ValueError):
    """Data that is not an outline of this form; the message names the place where it differs."""


@dataclass
class UnitRole:
    name: str
    role: str  # "lead" | "responsible" | "support"


@dataclass
class TextTarget:
    statement: str
    metric: str
    value: str
    unit: str | None


@dataclass
class Task:
    title: str
    text: str
    units: list[UnitRole] = field(default_factory=list)
    text_targets: list[TextTarget] = field(default_factory=list)
    # 1-based line in the source: where the task was found, not part of the outline.
    line: int | None = field(default=None, compare=False, metadata=NOT_IN_JSON)


@dataclass
class Section:
    number: int
    title: str
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Chapter:
    number: int
    title: str
    subtitle: str | None = None
    sections: list[Section] = field(default_factory=list)


@dataclass
class IndicatorRow:
    seq: int | None
    category: str | None
    name: str
    unit: str | None
    baseline: str | None  # the value of the plan's baseline year
    target: str | None  # the value for the period's last year
    previous_target: str | None  # review tables: the previous period's target
    attribute: str | None  # "约束性" | "预期性" | None
    direction: str  # lower_is_better | higher_is_better | hold | range | qualitative
    footnote: str | None


@dataclass
class Project:
    seq: int
    title: str
    text: str


@dataclass
class Box:
    number: int
    title: str
    kind: str  # "indicators" | "review" | "projects"
    indicators: list[IndicatorRow] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)


@dataclass
class Goal:
    name: str
    target: str
    unit: str | None
    direction: str


@dataclass
class PlanInfo:
    title: str
    jurisdiction: str
    parent_jurisdiction: str | None
    level: str  # district | development_zone | city
    issuer: str | None
    doc_number: str | None
    issued_date: str | None  # "YYYY-MM-DD" or "YYYY-MM"
    period: tuple[int, int]  # first and last year
    baseline_year: int  # the year of the baseline column, the year before the period


@dataclass
class PlanOutline:
    plan: PlanInfo
    chapters: list[Chapter] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return _to_data(self)

    @classmethod
    def from_dict(cls, data: dict) -> PlanOutline:
        """The outline of `to_dict()`'s form; raises OutlineFormatError naming the first difference."""
        return _from_data(cls, data, "outline")


def _json_fields(cls):
    return [f for f in fields(cls) if f.metadata.get("json", True)]


def _to_data(value):
    if is_dataclass(value):
        return {f.name: _to_data(getattr(value, f.name)) for f in _json_fields(value)}
    if isinstance(value, list | tuple):
        return [_to_data(item) for item in value]
    return value


def _from_data(cls, data, path: str):
    if not isinstance(data, dict):
        raise OutlineFormatError(f"{path}：应为对象，实为{type(data).__name__}")
    names = [f.name for f in _json_fields(cls)]
    if unknown := [key for key in data if key not in names]:
        old = [f"{key} → {VERSION_1_KEYS[key]}" for key in unknown if key in VERSION_1_KEYS]
        hint = f"（第1版大纲的键名，第{OUTLINE_VERSION}版已改名：{'，'.join(old)}）" if old else ""
        raise OutlineFormatError(f"{path}：未知的键 {', '.join(unknown)}{hint}")
    if missing := [name for name in names if name not in data]:
        raise OutlineFormatError(f"{path}：缺少键 {', '.join(missing)}")
    hints = get_type_hints(cls)
    return cls(**{name: _value(hints[name], data[name], f"{path}.{name}") for name in names})


def _value(hint, value, path: str):
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        [hint] = [arg for arg in args if arg is not type(None)]
        return _value(hint, value, path)
    if is_dataclass(hint):
        return _from_data(hint, value, path)
    if origin in (list, tuple):
        if not isinstance(value, list) or (origin is tuple and len(value) != len(args)):
            raise OutlineFormatError(f"{path}：应为列表，实为{value!r}")
        items = args if origin is tuple else args * len(value)
        converted = [
            _value(item, v, f"{path}[{i}]") for i, (item, v) in enumerate(zip(items, value, strict=True))
        ]
        return tuple(converted) if origin is tuple else converted
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        raise OutlineFormatError(f"{path}：应为{hint.__name__}，实为{value!r}")
    return value
