"""The plain rows the writers take and the reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from indicators.verdicts import UNREPORTED
from operations.cells import cell_value
from plans.periods import period_short_name


@dataclass(frozen=True)
class IndicatorRow:
    """One line of the 主要指标 table: figures are numbers, printed text or status labels."""

    category: str
    seq: int | str
    name: str
    unit: str
    baseline: object
    values: dict[int, object]
    target: object
    attribute: str
    status: str  # an attainment.Status code
    status_label: str
    note: str = ""
    target_revised: bool = False  # `target` is a revision (中期调整) in force, not the printed one
    forecast: object = None  # end-of-period forecast (linear trend of the approved values), if any
    forecast_misses: bool = False  # binding and forecast to miss its target: 预计无法完成
    final: bool = False  # a final verdict (the plan's period is over): no forecast is made
    unreported: bool = False  # final without the last year's value: 2025年数据未报, counted apart

    @property
    def shown_forecast(self):
        """The forecast rounded as the dashboard prints it (up to 2 decimals)."""
        if self.forecast is None:
            return None
        return round(float(self.forecast), 2)

    @property
    def flag(self) -> str:
        return "预计无法完成" if self.forecast_misses else ""

    @property
    def shown_target(self):
        """The target as the report prints it: a revised one marked （调整）, so it is never read as the
        plan's own (the printed one goes in the note)."""
        target = cell_value(self.target)
        if not self.target_revised:
            return target
        return f"{target}{_('(revised)')}"


@dataclass(frozen=True)
class TaskRow:
    chapter: str
    title: str
    lead_units: str
    responsible_units: str
    statuses: dict[int, str]  # year → ProgressStatus code
    narrative: str = ""
    narrative_year: int | None = None  # the year the narrative was reported for
    demo: bool = False  # the narrative's record is demo data


@dataclass(frozen=True)
class ProjectRow:
    box: str
    seq: int
    title: str
    units: str
    statuses: dict[int, str]
    narrative: str = ""
    narrative_year: int | None = None  # the year the narrative was reported for
    demo: bool = False  # the narrative's record is demo data


@dataclass(frozen=True)
class PlanReport:
    title: str
    jurisdiction: str
    years: list[int]
    baseline_year: int
    report_year: int
    indicators: list[IndicatorRow] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)

    @property
    def period(self) -> str:
        """十四五, 十五五; the years for another span."""
        return period_short_name(self.years[0], self.years[-1]) or f"{self.years[0]}—{self.years[-1]}"

    @property
    def forecasts(self) -> bool:
        """Whether its table has the forecast columns: not once every verdict is final, when no forecast
        is made and they would stay empty."""
        return any(not row.final for row in self.indicators)

    def status_counts(self) -> dict[str, int]:
        """Status code → rows, a final year not reported (`UNREPORTED`) apart from no data, as the rows
        read."""
        counts: dict[str, int] = {}
        for row in self.indicators:
            code = UNREPORTED if row.unreported else row.status
            counts[code] = counts.get(code, 0) + 1
        return counts


@dataclass(frozen=True)
class TemplateRow:
    """One line of the import template, as typed: cells are raw (numbers, text or None)."""

    row_number: int
    indicator_id: object
    version: object
    year: object
    name: str
    unit: str
    baseline: object = None
    target: object = None
    previous: object = None
    value: object = None
    note: object = None


@dataclass(frozen=True)
class RowError:
    row_number: int
    code: str
    message: str
