"""The evaluation report as a Word document: `document.Report` in, .docx bytes out, rendered from a
Word template (docxtpl). Pure: no database; charts come from the renderers passed in.

The template (`report_template.docx`, or an office's own, see `evaluation.models.ReportTemplate`)
holds the fixed text, letterhead, fonts, styles and page setup of an official document (GB/T 9704;
`scripts/build_report_template.py` says how the shipped one is laid out); this module supplies what
changes: the numbers as printed, the table rows, the charts, and the numbering of tables and figures.

Only what carries information is drawn: a binding indicator gets a chart when it has approved values,
a text target with approved statuses gets a row of the year-by-status table, and the others are named
in one sentence.
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path

from django.utils.translation import gettext as _
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage, Listing
from lxml import etree

from plans.importing.numerals import to_chinese

from . import charts
from .document import Chart, Counts, IndicatorLine, Kind, PlanEvaluation, Report

TEMPLATE = Path(__file__).resolve().parent / "report_template.docx"
FIGURE_WIDTH = Mm(140)
TITLE_EMS = 20  # 二号 (22 pt) characters on the 156 mm line of the A4 公文 page
# Where a title may turn to its next line: after these words, or before those (GB/T 9704: lines that
# keep words whole, balanced in length).
BREAK_AFTER = ("规划", "计划", "方案", "报告", "保护", "地区", "区域", "优势", "建设上", "”", "的")
BREAK_BEFORE = ("终期", "中期", "实现", "关于", "“")


def build_docx(
    report: Report,
    *,
    template=None,
    render_chart=charts.render_chart,
    render_comparison=charts.render_comparison,
) -> bytes:
    """`template`: a path or binary file of a docxtpl Word template; the shipped one by default."""
    document = DocxTemplate(template if template is not None else TEMPLATE)
    document.render(_Context(report, document, render_chart, render_comparison).build(), autoescape=True)
    _grid_from_cells(document.docx.element.body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _grid_from_cells(body):
    """A table whose columns a `{%tc %}` loop repeated: its grid (which LibreOffice reads) made from
    the first row's cell widths (which Word reads), where docxtpl would make every column equal."""
    for table in body.iter(qn("w:tbl")):
        grid = table.find(qn("w:tblGrid"))
        row = table.find(qn("w:tr"))
        if grid is None or row is None:
            continue
        widths = [cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}") for cell in row.findall(qn("w:tc"))]
        if len(widths) == len(grid) or any(w is None for w in widths):
            continue
        for column in list(grid):
            grid.remove(column)
        for width in widths:
            etree.SubElement(grid, qn("w:gridCol")).set(qn("w:w"), width.get(qn("w:w")))


def chart_labels() -> dict[str, str]:
    return {
        "values": _("Approved value"),
        "path": _("Straight path to the target"),
        "target": _("Target"),
        "no_data": _("no data yet"),
        "demo": _("demo data"),
        "year": _(" (%(year)s)"),
        "year_none": _(" (no approved figure)"),
        "unreported": _(" (%(year)s data not reported)"),
    }


def _ems(text: str) -> float:
    """Width in characters of the title font: Latin letters and digits are half a character."""
    return sum(0.5 if ord(char) < 0x2000 else 1 for char in text)


def title_lines(title: str, per_line: float = TITLE_EMS) -> list[str]:
    """The title on as few lines as fit, broken where a word ends and as even in length as may be
    (no "告" alone on the second line); never inside “…” or a number."""
    if _ems(title) <= per_line:
        return [title]
    allowed, preferred = [], set()
    quoted = False
    for i in range(1, len(title)):
        before = title[i - 1]
        quoted = (quoted or before == "“") and before != "”"
        if quoted or (before.isascii() and title[i].isascii()):
            continue
        allowed.append(i)
        if title[:i].endswith(BREAK_AFTER) or title[i:].startswith(BREAK_BEFORE):
            preferred.add(i)
    lines = int(-(-_ems(title) // per_line))
    best, best_cost = None, None
    for count in (lines, lines + 1):
        for cuts in itertools.combinations(allowed, count - 1):
            parts = [title[a:b] for a, b in itertools.pairwise((0, *cuts, len(title)))]
            widths = [_ems(part) for part in parts]
            if max(widths) > per_line:
                continue
            mean = sum(widths) / count
            cost = (
                sum((w - mean) ** 2 for w in widths)
                + 9 * sum(c not in preferred for c in cuts)
                + 20 * (count - lines)
            )
            if best_cost is None or cost < best_cost:
                best, best_cost = parts, cost
        if best is not None:
            return best
    return [title]


class _Context:
    """The template's context, numbering tables and figures in the order the template prints them."""

    def __init__(self, report: Report, document, render_chart, render_comparison):
        self.report = report
        self.document = document
        self.render_chart = render_chart
        self.render_comparison = render_comparison
        self.several = len(report.plans) > 1
        self.tables = itertools.count(1)
        self.figures = itertools.count(1)
        self.demo_mark = _("demo data")

    def build(self) -> dict:
        report = self.report
        binding, indicative = report.binding, report.indicative
        written = report.written_on
        context = {
            "title": Listing("\n".join(title_lines(report.title))),
            "written_on": _("%(year)s-%(month)s-%(day)s")
            % {"year": written.year, "month": written.month, "day": written.day},
            "demo": report.demo,
            "final": report.kind == Kind.FINAL,
            "several": self.several,
            "scope": report.scope,
            "plan_count": len(report.plans),
            "year": report.year,
            "start_year": report.start_year,
            "end_year": report.end_year,
            "baseline_year": report.baseline_year,
            "years": list(range(report.start_year, report.end_year + 1)),
            "total": binding.total + indicative.total,
            "binding": binding,
            "indicative": indicative,
            "tasks": self._task_totals(),
            "projects": sum(len(p.projects) for p in report.plans),
            "reason_word": _("Why the target was missed")
            if report.kind == Kind.FINAL
            else _("Why it is behind schedule"),
        }
        if self.several:
            context["regions_table"] = next(self.tables)
            context["regions"] = [self._region_row(plan) for plan in report.plans]
        context["plans"] = [self._plan(number, plan) for number, plan in enumerate(report.plans, start=1)]
        context["comparisons_numeral"] = to_chinese(len(report.plans) + 1)
        context["comparisons"] = [
            self._figure(
                self.render_comparison(comparison, chart_labels()),
                f"{comparison.title}（{comparison.unit}）" if comparison.unit else comparison.title,
            )
            for comparison in report.comparisons
        ]
        risks = report.risks
        if risks:
            context["risks_table"] = next(self.tables)
        context["risks"] = [
            {
                "seq": seq,
                "subject": f"{risk.region}：{risk.subject}" if self.several else risk.subject,
                "problem": risk.problem,
                "units": risk.units,
            }
            for seq, risk in enumerate(risks, start=1)
        ]
        return context

    def _task_totals(self) -> dict:
        totals = {"tasks": 0, "done": 0, "in_progress": 0, "not_done": 0, "unreported": 0}
        for plan in self.report.plans:
            found = plan.tasks
            for name in totals:
                totals[name] += getattr(found, name)
        return totals

    def _region(self, plan: PlanEvaluation) -> str:
        return f"{plan.region}{_('(synthetic)')}" if plan.synthetic else plan.region

    def _region_row(self, plan: PlanEvaluation) -> dict:
        counts = Counts()
        counts.merge(plan.binding)
        counts.merge(plan.indicative)
        return {
            "region": self._region(plan),
            **vars(counts),
            "forecast_miss": plan.binding.forecast_miss,
            "binding_not_met": plan.binding.not_met,
        }

    def _figure(self, png: bytes, caption: str) -> dict:
        return {
            "image": InlineImage(self.document, io.BytesIO(png), width=FIGURE_WIDTH),
            "number": next(self.figures),
            "caption": caption,
        }

    def _plan(self, number: int, plan: PlanEvaluation) -> dict:
        title = f"{plan.title}{_('(synthetic)')}" if plan.synthetic else plan.title
        out = {
            "numeral": to_chinese(number),
            "title": title,
            "rows": [],
            "demo_rows": False,
            "forecasts": plan.forecasts,
        }
        if plan.indicators:
            out["table"] = next(self.tables)
            out["rows"] = [self._row(line) for line in plan.indicators]
            out["demo_rows"] = any(line.latest_demo for line in plan.indicators)
        charted = [line for line in plan.indicators if line.chart is not None]
        qualitative = [line for line in charted if not line.chart.has_values and line.chart.statuses]
        out["no_data"] = "、".join(
            line.name for line in charted if not line.chart.has_values and not line.chart.statuses
        )
        if qualitative:
            out["qualitative_table"] = next(self.tables)
        out["qualitative"] = [self._statuses(line.name, line.chart) for line in qualitative]
        out["figures"] = [
            self._figure(
                self.render_chart(line.chart, chart_labels()),
                f"{line.name}（{line.unit}）" if line.unit else line.name,
            )
            for line in charted
            if line.chart.has_values
        ]
        out["reasons"] = [line.name for line in plan.indicators if line.missed]
        out["chapters"] = [
            {
                **{name: getattr(chapter, name) for name in ("number", "title", "tasks", "done")},
                "in_progress": chapter.in_progress,
                "not_done": chapter.not_done,
                "unreported": chapter.unreported,
                "lines": [
                    self._work_line(t.title, t.status_label, t.narrative, t.demo) for t in chapter.lines
                ],
            }
            for chapter in plan.chapters
        ]
        out["projects_summary"], out["projects"] = "", []
        if not plan.projects:
            return out
        reported = [p for p in plan.projects if p.status_label]
        waiting = [p.title for p in plan.projects if not p.status_label]
        summary = _("%(total)s in all, %(reported)s with approved progress by %(year)s.") % {
            "total": len(plan.projects),
            "reported": len(reported),
            "year": self.report.year,
        }
        if waiting:
            summary += _("Not yet reported or reviewed: %(names)s.") % {"names": "、".join(waiting)}
        out["projects_summary"] = summary
        out["projects"] = [self._work_line(p.title, p.status_label, p.narrative, p.demo) for p in reported]
        return out

    def _row(self, line: IndicatorLine) -> dict:
        """The cells of a 专栏 row; a value's year, a revision and a forecast's verdict on their own
        line, so the columns stay narrow and no figure is broken."""
        latest = line.latest
        if latest.endswith("）") and "（" in latest:  # "86（2022年）": the year below, unbracketed
            value, _sep, year = latest[:-1].rpartition("（")
            latest = f"{value}\n{year}"
        if line.latest_demo and latest:
            latest += f"\n{self.demo_mark}"
        forecast = line.forecast
        if forecast and line.forecast_misses:
            forecast += "\n" + _("misses the target")
        return {
            "seq": line.seq,
            "name": line.name,
            "unit": line.unit,
            "baseline": line.baseline,
            "target": f"{line.target}\n{_('(revised)')}" if line.target_revised else line.target,
            "latest": latest,
            "status": line.status_label,
            "forecast": forecast,
            "attribute": line.attribute,
        }

    def _statuses(self, name: str, chart: Chart) -> dict:
        return {"name": name, "statuses": [chart.statuses.get(year, "—") for year in self._years()]}

    def _years(self) -> list[int]:
        return list(range(self.report.start_year, self.report.end_year + 1))

    def _work_line(self, title, status, narrative, demo) -> str:
        text = f"{title}（{status}）"
        if narrative:
            text += f"：{narrative}"
        if demo:
            text += f"（{self.demo_mark}）"
        return text
