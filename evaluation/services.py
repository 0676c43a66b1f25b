"""An evaluation report end to end: read (selectors), write (writer) from the jurisdiction's Word template
(its office's upload, else the shipped one). What the command, the views and the admin call."""

from __future__ import annotations

import datetime
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError
from jinja2 import TemplateError as JinjaError

from . import selectors
from .document import Kind, PlanEvaluation, Report
from .models import ReportTemplate
from .selectors import NoPlan, kind_label
from .writer import build_docx

__all__ = ["NoPlan", "TemplateError", "Written", "jurisdiction_report", "plan_report", "template_check"]


class TemplateError(Exception):
    """A Word template that cannot render a report, with the reason in words."""


@dataclass(frozen=True)
class Written:
    filename: str  # 宽城区_终期评估_2025.docx
    content: bytes


def report_template(jurisdiction):
    """The jurisdiction's own template (an open file), else None for the shipped one."""
    found = ReportTemplate.objects.filter(jurisdiction=jurisdiction).first()
    return found.file.open("rb") if found else None


def _written(report: Report, jurisdiction, template=None) -> Written:
    source = template if template is not None else report_template(jurisdiction)
    try:
        content = build_docx(report, template=source)
    finally:
        if source is not None and source is not template:
            source.close()
    return Written(f"{report.scope}_{kind_label(report.kind)}_{report.year}.docx", content)


def plan_report(*, plan, year: int, written_on: datetime.date, user=None, template=None) -> Written:
    """The report on `plan`, with the rows `user` may read (all of them for None); `template`: a Word
    template (path or binary file) instead of the jurisdiction's."""
    report = selectors.plan_evaluation(plan=plan, year=year, written_on=written_on, user=user)
    return _written(report, plan.jurisdiction, template)


def jurisdiction_report(
    *, jurisdiction, year: int, written_on: datetime.date, user=None, template=None
) -> Written:
    """The plans of `jurisdiction` and below it covering `year` (those `user` may see, if given)."""
    report = selectors.jurisdiction_evaluation(
        jurisdiction=jurisdiction, year=year, written_on=written_on, user=user
    )
    return _written(report, jurisdiction, template)


def template_check(template, *, today: datetime.date) -> None:
    """Renders a small sample report from `template`; raises TemplateError saying why it cannot be used."""
    sample = Report(
        title=_("Sample report"),
        scope=_("Sample region"),
        kind=Kind.FINAL,
        year=today.year,
        start_year=today.year - 4,
        end_year=today.year,
        baseline_year=today.year - 5,
        written_on=today,
        plans=[PlanEvaluation(title=_("Sample plan"), region=_("Sample region"), synthetic=False)],
    )
    try:
        build_docx(sample, template=template)
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as broken:
        raise TemplateError(_("This is not a Word (.docx) file: %(error)s") % {"error": broken}) from broken
    except JinjaError as wrong:
        raise TemplateError(
            _("The template's fields cannot be read (line %(line)s): %(error)s")
            % {"line": getattr(wrong, "lineno", "?"), "error": wrong.message or wrong}
        ) from wrong
