"""The one judgement of an indicator for a year (`Verdict`), which every page, file and report prints.

Built only by `indicators.selectors` (`indicator_attainment`, from prefetched rows, with the
arithmetic of `attainment`); no output judges again or picks its own "latest" value. Plain data: no
database here.

How a status is decided, for the year y asked (kept within the plan's years):
- Mid-period: the latest approved value (or text status) up to y is judged, against the target in
  force for y, and its year is said beside it (38（2024）); the forecast for the plan's last year is
  given. With nothing approved up to y the status is 暂无数据.
- Final: y is the plan's last year and that year's value is approved, or that year has ended (the
  date is past 31 December of it). Then only the last year's value is judged: 已达标 or 未达标
  (`attainment.conclude`), with no forecast; without an approved value the verdict is final and
  says "2025年数据未报" (the plan's own last year), never a judgement of an older value. Earlier
  years keep their mid-period judgement: they are the record of how the period went.

What a verdict says is its `Outcome`: counts group verdicts by it and the status filter selects by its
`code`, so a count of 2025年数据未报 lists exactly the rows that say so, never under 暂无数据. The Open
SDG progress measure is a judgement of progress, so it is given mid-period only (`Verdict.sdg_measure`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .attainment import ASSIGNED, SDG_LABELS, Assessment, SdgCategory, Status

RULE_LABELS = {
    "lower_is_better": _("lower is better"),
    "higher_is_better": _("higher is better"),
    "hold": _("hold the level"),
    "range": _("within a range"),
    "qualitative": _("qualitative"),
    ASSIGNED: _("against the figure assigned from above"),
}


UNREPORTED = "unreported"  # the status filter's code for a final year not reported


class Outcome(NamedTuple):
    """What a verdict says, without its indicator: its status and, for a final verdict without the last
    year's value, that year (2025年数据未报: counted apart from 暂无数据, in its colour, and like it not
    judged)."""

    status: Status
    unreported: int | None = None  # the plan's last year, when its value was not reported

    @property
    def label(self) -> str:
        """The words every output prints."""
        if self.unreported is not None:
            return gettext("%(year)s data not reported") % {"year": self.unreported}
        return str(self.status.label)

    @property
    def code(self) -> str:
        """The status filter's value: the status's code, or `UNREPORTED`."""
        return UNREPORTED if self.unreported is not None else self.status.value


class SdgMeasure(NamedTuple):
    """Open SDG's progress measure of the value judged (`attainment._sdg_measure`)."""

    ratio: Decimal | None
    category: SdgCategory

    @property
    def label(self) -> str:
        return str(SDG_LABELS[self.category])


class TargetSource(StrEnum):
    PRINTED = "printed"  # as the plan prints it
    REVISED = "revised"  # a target revision (中期调整) in force for the year
    ASSIGNED = "assigned"  # a text target judged against the figure assigned for the year (年度下达目标)


@dataclass(frozen=True)
class TargetInForce:
    """The target a verdict was judged against and where it comes from."""

    text: str  # as written: the printed target, or the revision's
    source: TargetSource
    printed: str  # the plan's own printed target, kept beside a revised one
    number: Decimal | None = None  # the figure judged against: the target's number or the assigned figure
    revised_from: int | None = None  # the revision's first year
    revised_on: object = None  # the date the revision was decided (datetime.date)
    reason: str = ""  # why it was revised
    assigned: object = None  # the figure assigned from above for the year judged (an `AssignedTarget`)

    @property
    def revised(self) -> bool:
        return self.source == TargetSource.REVISED

    @property
    def note(self) -> str:
        """What outputs print beside the target: the printed one a revision replaced, or the figure
        assigned from above."""
        if self.assigned is not None:
            return self.assigned.label
        if self.revised:
            return gettext("Printed target: %(target)s") % {"target": self.printed}
        return ""


@dataclass(frozen=True)
class Verdict:
    """One indicator judged for one year: everything an output prints about its attainment."""

    indicator_id: int
    year: int  # the year asked, kept within the plan's years
    end_year: int  # the plan's last year
    binding: bool  # 约束性
    rule: str  # how it is judged: a direction, "range", "qualitative" or "assigned" (`attainment.rule`)
    target: TargetInForce
    assessment: Assessment  # of the value judged: status, expected value, progress, forecast, SDG measure
    final: bool  # the plan's last year, approved or over: 已达标 / 未达标, no forecast
    value: Decimal | None = None  # the approved figure judged
    text_status: str | None = None  # the approved status judged (code), for a target judged by status
    value_year: int | None = None  # the year of that value; None when nothing was judged

    @property
    def status(self) -> Status:
        return self.assessment.status

    @property
    def unreported(self) -> bool:
        """A final verdict without the last year's value (2025年数据未报)."""
        return self.final and self.value_year is None

    @cached_property
    def outcome(self) -> Outcome:
        """What it says, as counts group it (kept: a table of thousands of rows is counted often)."""
        return Outcome(self.status, self.end_year if self.unreported else None)

    @property
    def label(self) -> str:
        """The status in words, as every output prints it."""
        return self.outcome.label

    @property
    def sdg_measure(self) -> SdgMeasure | None:
        """Open SDG's progress measure of the value judged, mid-period only: once final the verdict
        (已达标 / 未达标 / 2025年数据未报) is the one judgement printed, never a "progress" beside it."""
        found = self.assessment
        if self.final or self.value_year is None or found.sdg_category is None:
            return None
        return SdgMeasure(found.sdg_ratio, found.sdg_category)

    @property
    def forecast(self) -> Decimal | None:
        """The forecast for the plan's last year, only while the period runs and a value was judged."""
        return None if self.final or self.value_year is None else self.assessment.forecast

    @property
    def warning(self) -> bool:
        return self.assessment.warning and not self.final

    @property
    def shown_value(self):
        """The value judged: its figure, else the code of its approved status; None without one."""
        return self.value if self.value is not None else self.text_status

    @property
    def missed(self) -> bool:
        """A problem to list: not met at the end, or off track, or forecast to miss, mid-period."""
        return (
            self.status in MISSED
            or self.forecast is not None
            and self.assessment.forecast_meets_target is False
        )

    @property
    def rule_label(self) -> str:
        return str(RULE_LABELS[self.rule])


MISSED = {Status.NOT_MET, Status.BEHIND, Status.REGRESSING, Status.NOT_DONE}


def problems_first(items, verdict_of):
    """`items` in the order every output lists problems: binding (约束性) indicators not met first, then
    binding ones off track, then the others not met, then the others off track, then the rest; each
    group in its order."""

    def rank(item):
        verdict = verdict_of(item)
        if verdict is None or not verdict.missed:
            return 4
        return (0 if verdict.status == Status.NOT_MET else 1) + (0 if verdict.binding else 2)

    return sorted(items, key=rank)
