"""The outline of one plan: plain dataclasses, the contract between parsing and the database.

Field names follow ``shared/docs/plan-outline.md``; ``to_dict()`` gives exactly that JSON form.
Values are strings as printed (whitespace-normalised) unless typed otherwise; unknown is ``None``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


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
    line: int | None = None  # 1-based line in the source; not part of the JSON form


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
    baseline_2020: str | None
    target_2025: str | None
    target_2020: str | None
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
    target_2025: str
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
    period: tuple[int, int] = (2021, 2025)


@dataclass
class PlanOutline:
    plan: PlanInfo
    chapters: list[Chapter] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["plan"]["period"] = list(self.plan.period)
        for chapter in data["chapters"]:
            for section in chapter["sections"]:
                for task in section["tasks"]:
                    task.pop("line", None)
        return data
