"""What an evaluation report (评估报告) says, as plain data: the selectors fill it, the writer prints it.

Everything here is already worded for print (labels, numbers as text), so the writer and the chart
renderer need neither the database nor the attainment rules.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    FINAL = "final"  # 终期评估: the plan's last year
    MIDTERM = "midterm"  # 中期评估: any earlier year


class Bucket(StrEnum):
    """How the overview counts an indicator's status."""

    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_DATA = "no_data"


@dataclass
class Counts:
    """Indicators of one attribute (or all of them) by bucket; `regressing` is part of `behind` and
    `forecast_miss` cuts across the buckets (a trend that misses the target)."""

    total: int = 0
    met: int = 0
    on_track: int = 0
    behind: int = 0
    regressing: int = 0
    no_data: int = 0
    forecast_miss: int = 0
    not_met: int = 0  # final verdicts 未达标, part of `behind`; `met` holds the final 已达标
    unreported: int = 0  # final verdicts without the last year's value (2025年数据未报), part of `no_data`

    def add(
        self,
        bucket: Bucket,
        *,
        regressing: bool = False,
        forecast_miss: bool = False,
        not_met: bool = False,
        unreported: bool = False,
    ):
        self.total += 1
        setattr(self, bucket.value, getattr(self, bucket.value) + 1)
        self.regressing += regressing
        self.forecast_miss += forecast_miss
        self.not_met += not_met
        self.unreported += unreported

    def merge(self, other: Counts):
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class Chart:
    """A binding indicator over the plan's years: approved values (None where a year has none), the
    straight path and the target in force; a text target has its yearly statuses instead."""

    title: str
    unit: str
    years: list[int]  # the baseline year, then the plan's years
    values: list[float | None]  # the baseline first
    path: list[float | None]
    target: float | None
    statuses: dict[int, str] = field(default_factory=dict)  # year → label, for text targets
    status_codes: dict[int, str] = field(default_factory=dict)  # year → ProgressStatus code
    demo_years: frozenset[int] = frozenset()  # years whose approved value is demo data
    places: int | None = None  # the decimals the plan prints

    @property
    def numeric(self) -> bool:
        return any(value is not None for value in self.values) or self.target is not None

    @property
    def has_values(self) -> bool:
        """Some year of the plan has an approved figure (the baseline alone is not a trend)."""
        return any(value is not None for value in self.values[1:])


@dataclass(frozen=True)
class ComparisonRow:
    region: str
    value: float | None  # the approved figure judged (`Verdict.value`)
    target: float | None
    status: str
    value_year: int | None = None  # its year
    status_label: str = ""  # the status in words (已达标 / 未达标 once final)
    unreported: bool = False  # final without the report's year's value: labelled "2025年数据未报"


@dataclass(frozen=True)
class Comparison:
    """One binding indicator (by comparison key) across the plans of a jurisdiction report."""

    title: str
    unit: str
    rows: list[ComparisonRow]
    year: int | None = None  # the report's year: a figure of another year is labelled with it


@dataclass(frozen=True)
class IndicatorLine:
    """A row of the 专栏 table, every cell as printed."""

    seq: int
    name: str
    unit: str
    baseline: str
    target: str
    target_revised: bool
    latest: str  # "38（2024年）", "" when nothing is approved up to the year
    status: str  # an attainment.Status code
    status_label: str
    forecast: str
    forecast_misses: bool
    attribute: str
    binding: bool
    demo: bool  # some approved value of the indicator is demo data
    missed: bool  # binding and behind, moving away or forecast to miss: its reason is asked for
    units: str  # responsible units, joined
    chart: Chart | None = None
    final: bool = False  # a final verdict (已达标 / 未达标, or the last year's data not reported)
    value: str = ""  # the value judged, as printed ("" when none)
    value_year: int | None = None  # its year
    target_note: str = ""  # the printed target a revision replaced, or the figure assigned from above
    rule: str = ""  # the rule applied, in words
    latest_demo: bool = False  # the latest value shown is demo data


@dataclass(frozen=True)
class TaskLine:
    title: str
    status: str  # the ProgressStatus code, "" when none is approved
    status_label: str  # the approved status of the year, "" when none is approved
    narrative: str
    units: str
    demo: bool = False


@dataclass
class ChapterProgress:
    number: int
    title: str
    tasks: int = 0
    done: int = 0
    in_progress: int = 0
    not_done: int = 0
    lines: list[TaskLine] = field(default_factory=list)  # tasks with an approved narrative

    @property
    def unreported(self) -> int:
        """Tasks without an approved status for the year (not reported, or not yet reviewed)."""
        return self.tasks - self.done - self.in_progress - self.not_done


@dataclass(frozen=True)
class ProjectLine:
    box: str
    title: str
    status: str
    status_label: str
    narrative: str
    units: str
    demo: bool = False


@dataclass(frozen=True)
class Risk:
    """Something at risk, for 四、存在的问题."""

    region: str
    subject: str  # the indicator or task
    problem: str
    units: str


@dataclass
class PlanEvaluation:
    title: str
    region: str
    synthetic: bool
    indicators: list[IndicatorLine] = field(default_factory=list)
    binding: Counts = field(default_factory=Counts)
    indicative: Counts = field(default_factory=Counts)
    chapters: list[ChapterProgress] = field(default_factory=list)
    projects: list[ProjectLine] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)

    @property
    def forecasts(self) -> bool:
        """Whether its table has a forecast column: not once every verdict is final (the period is over),
        when no forecast is made and the column would stay empty."""
        return any(not line.final for line in self.indicators)

    @property
    def tasks(self) -> ChapterProgress:
        """The chapters' task counts added up."""
        total = ChapterProgress(0, "")
        for chapter in self.chapters:
            total.tasks += chapter.tasks
            total.done += chapter.done
            total.in_progress += chapter.in_progress
            total.not_done += chapter.not_done
        return total


@dataclass
class Report:
    title: str
    scope: str  # the jurisdiction, as the overview names it
    kind: Kind
    year: int
    start_year: int
    end_year: int
    baseline_year: int
    written_on: datetime.date
    plans: list[PlanEvaluation] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)

    @property
    def demo(self) -> bool:
        """Some figure or narrative in the report is demo data."""
        return any(
            line.demo
            for plan in self.plans
            for line in [*plan.indicators, *plan.projects, *(t for c in plan.chapters for t in c.lines)]
        )

    @property
    def binding(self) -> Counts:
        return _sum(plan.binding for plan in self.plans)

    @property
    def indicative(self) -> Counts:
        return _sum(plan.indicative for plan in self.plans)

    @property
    def risks(self) -> list[Risk]:
        return [risk for plan in self.plans for risk in plan.risks]


def _sum(counts) -> Counts:
    total = Counts()
    for part in counts:
        total.merge(part)
    return total
