"""An evaluation report end to end: read (selectors), write (writer). What the command and the views call."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from . import selectors
from .document import Report
from .selectors import NoPlan, kind_label
from .writer import build_docx

__all__ = ["NoPlan", "Written", "jurisdiction_report", "plan_report"]


@dataclass(frozen=True)
class Written:
    filename: str  # 宽城区_终期评估_2025.docx
    content: bytes


def _written(report: Report) -> Written:
    return Written(f"{report.scope}_{kind_label(report.kind)}_{report.year}.docx", build_docx(report))


def plan_report(*, plan, year: int, written_on: datetime.date, user=None) -> Written:
    """The report on `plan`, with the rows `user` may read (all of them for None)."""
    return _written(selectors.plan_evaluation(plan=plan, year=year, written_on=written_on, user=user))


def jurisdiction_report(*, jurisdiction, year: int, written_on: datetime.date, user=None) -> Written:
    """The plans of `jurisdiction` and below it covering `year` (those `user` may see, if given)."""
    return _written(
        selectors.jurisdiction_evaluation(
            jurisdiction=jurisdiction, year=year, written_on=written_on, user=user
        )
    )
