"""The evaluation report as a Word document (python-docx): `document.Report` in, .docx bytes out.
Pure: no database; charts come from the renderers passed in.

Laid out as a bureau's official document (GB/T 9704 公文格式) so it can be edited and sent: A4, title
in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 with a two-character indent and fixed 28 pt lines,
headings 一、 in 黑体 and （一） in 楷体_GB2312, page numbers "— 1 —". Word takes the East-Asian
font from `w:eastAsia`; where the official fonts are not installed the font table names a standard
substitute (黑体, 仿宋, 楷体), which Word and LibreOffice use instead.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

from indicators.attainment import Status

from . import charts
from .document import Counts, IndicatorLine, Kind, PlanEvaluation, Report

TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
SUBSTITUTES = {TITLE_FONT: "黑体", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", HEADING_FONT: "SimHei"}
TABLE_TEXT, TABLE_HEADING = "TableText", "TableHeading"
TITLE_SIZE, BODY_SIZE, TABLE_SIZE, LINE = Pt(22), Pt(16), Pt(10.5), Pt(28)
RED = RGBColor(0xC0, 0x00, 0x00)
NUMERALS = "一二三四五六七八九十"
PICTURE_WIDTH, PICTURE_MAX_HEIGHT = Cm(15), Cm(21)


def build_docx(
    report: Report, *, render_chart=charts.render_chart, render_comparison=charts.render_comparison
) -> bytes:
    writer = _Writer(report, render_chart, render_comparison)
    writer.write()
    out = io.BytesIO()
    writer.doc.save(out)
    return out.getvalue()


def _fonts(run_or_style, name: str):
    """Latin and East-Asian font alike: Word reads Chinese text's font from w:eastAsia only."""
    run_or_style.font.name = name
    element = run_or_style.element if hasattr(run_or_style, "style_id") else run_or_style._element
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the name
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:cs"), name)


def _append_row(tbl, texts, twips, style_id, header=False):
    """A table row written as XML: thousands of rows in a province's report, which python-docx's cell
    objects would take seconds over. Each cell: its width and one paragraph in a table style."""
    tr = etree.SubElement(tbl, qn("w:tr"))
    if header:
        properties = etree.SubElement(tr, qn("w:trPr"))
        etree.SubElement(properties, qn("w:tblHeader")).set(qn("w:val"), "true")  # repeated on each page
    for text, width in zip(texts, twips, strict=True):
        tc = etree.SubElement(tr, qn("w:tc"))
        width_element = etree.SubElement(etree.SubElement(tc, qn("w:tcPr")), qn("w:tcW"))
        width_element.set(qn("w:w"), str(width))
        width_element.set(qn("w:type"), "dxa")
        paragraph = etree.SubElement(tc, qn("w:p"))
        etree.SubElement(etree.SubElement(paragraph, qn("w:pPr")), qn("w:pStyle")).set(qn("w:val"), style_id)
        if text:
            run_text = etree.SubElement(etree.SubElement(paragraph, qn("w:r")), qn("w:t"))
            run_text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run_text.text = text


def chart_labels() -> dict[str, str]:
    return {
        "values": _("Approved value"),
        "path": _("Straight path to the target"),
        "target": _("Target"),
        "no_data": _("no data yet"),
    }


def chinese_numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


class _Writer:
    def __init__(self, report: Report, render_chart, render_comparison):
        self.report = report
        self.render_chart = render_chart
        self.render_comparison = render_comparison
        self.doc = Document()
        self.tables = 0
        self.figures = 0
        self.several = len(report.plans) > 1
        self.demo_mark = _("demo data")

    # --- layout ------------------------------------------------------------------------------

    def _setup(self):
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        normal = self.doc.styles["Normal"]
        _fonts(normal, BODY_FONT)
        normal.font.size = BODY_SIZE
        body = normal.paragraph_format
        body.first_line_indent, body.space_after = Pt(32), Pt(0)
        self._lines(body)
        for style_id, font, align in (
            (TABLE_TEXT, None, None),
            (TABLE_HEADING, HEADING_FONT, WD_ALIGN_PARAGRAPH.CENTER),
        ):
            style = self.doc.styles.add_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.font.size = TABLE_SIZE
            if font:
                _fonts(style, font)
            style.paragraph_format.first_line_indent = Pt(0)
            style.paragraph_format.alignment = align
            self._lines(style.paragraph_format, Pt(16))
        for name, font in (("Heading 1", HEADING_FONT), ("Heading 2", SUBHEADING_FONT)):
            style = self.doc.styles[name]
            _fonts(style, font)
            style.font.size = BODY_SIZE
            style.font.bold = False
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.paragraph_format.first_line_indent = Pt(32)
            style.paragraph_format.space_before = Pt(0)
            style.paragraph_format.space_after = Pt(0)
            self._lines(style.paragraph_format)
        self._substitutes()
        self._page_numbers(section)
        if self.report.demo:
            header = section.header.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            header.paragraph_format.first_line_indent = Pt(0)
            self._run(header, _("Contains demo data"), size=Pt(10.5), color=RED)

    @staticmethod
    def _lines(paragraph_format, exactly=LINE):
        paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph_format.line_spacing = exactly

    def _substitutes(self):
        """Font-table entries naming a standard font for each official one, for machines without them."""
        part = next(p for p in self.doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
        table = parse_xml(part.blob)
        for name, substitute in SUBSTITUTES.items():
            table.append(
                parse_xml(
                    f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{substitute}"/>'
                    '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
                )
            )
        part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _page_numbers(self, section):
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Pt(0)
        self._run(paragraph, "— ", size=Pt(14), font="宋体")
        run = self._run(paragraph, "", size=Pt(14), font="宋体")
        for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            elif text == "PAGE":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = " PAGE "
            else:
                element = OxmlElement("w:t")
                element.text = text
            run._element.append(element)
        self._run(paragraph, " —", size=Pt(14), font="宋体")

    def _run(self, paragraph, text, *, size=None, font=None, bold=None, color=None, highlight=False):
        run = paragraph.add_run(text)
        if font:
            _fonts(run, font)
        if size:
            run.font.size = size
        if bold is not None:
            run.font.bold = bold
        if color is not None:
            run.font.color.rgb = color
        if highlight:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return run

    def para(self, text="", *, indent=True, align=None, **run):
        """A body paragraph (Normal is the body style: indented two characters, 28 pt lines)."""
        paragraph = self.doc.add_paragraph()
        if not indent:
            paragraph.paragraph_format.first_line_indent = Pt(0)
        if align is not None:
            paragraph.alignment = align
        if text:
            self._run(paragraph, text, **run)
        return paragraph

    def heading(self, text, level=1):
        return self.doc.add_heading(text, level=level)

    def placeholder(self, paragraph, text):
        """Words for the bureau to replace, highlighted so none is sent by mistake."""
        self._run(paragraph, text, highlight=True)

    def table(self, header: list[str], rows: list[list[str]], widths: list[float], caption: str):
        self.tables += 1
        self.para(
            _("Table %(number)s %(caption)s") % {"number": self.tables, "caption": caption},
            indent=False,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            font=HEADING_FONT,
            size=Pt(14),
        )
        table = self.doc.add_table(rows=0, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        twips = [int(Cm(width).twips) for width in widths]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)  # the grid: LibreOffice reads it, Word the cells' widths
        _append_row(table._tbl, header, twips, TABLE_HEADING, header=True)
        for texts in rows:
            _append_row(table._tbl, texts, twips, TABLE_TEXT)
        return table

    def picture(self, png: bytes, caption: str, aspect_tall: bool = False):
        self.figures += 1
        paragraph = self.para(indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        stream = io.BytesIO(png)
        if aspect_tall:
            paragraph.add_run().add_picture(stream, height=PICTURE_MAX_HEIGHT)
        else:
            paragraph.add_run().add_picture(stream, width=PICTURE_WIDTH)
        self.para(
            _("Figure %(number)s %(caption)s") % {"number": self.figures, "caption": caption},
            indent=False,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            size=Pt(14),
        )

    # --- content -----------------------------------------------------------------------------

    def write(self):
        self._setup()
        report = self.report
        self.para(
            report.title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, size=TITLE_SIZE
        ).paragraph_format.line_spacing = Pt(36)
        date = _("%(year)s-%(month)s-%(day)s") % {
            "year": report.written_on.year,
            "month": report.written_on.month,
            "day": report.written_on.day,
        }
        self.para(f"（{date}）", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        if report.demo:
            self.para(
                _(
                    "Contains demo data: figures marked “demo data” are not real statistics and must not be sent."
                ),
                indent=False,
                align=WD_ALIGN_PARAGRAPH.CENTER,
                color=RED,
                bold=True,
                size=Pt(12),
            )
        self.para()
        self.overview()
        self.indicators()
        self.progress()
        self.problems()
        self.next_steps()

    def _counts_text(self, label: str, counts: Counts) -> str:
        return _(
            "%(label)s %(total)s: %(met)s met, %(on_track)s on track, %(behind)s behind (%(regressing)s of "
            "them moving away), %(no_data)s without approved data; %(forecast_miss)s forecast to miss the "
            "target on the current trend"
        ) % {"label": label, **vars(counts)}

    def overview(self):
        report = self.report
        self.heading(_("1. Overall implementation of the plan"))
        if self.several:
            intro = _(
                "This report covers %(count)s plans of %(scope)s and the regions below it (%(start)s–%(end)s, "
                "baseline year %(baseline)s), on the figures approved up to %(year)s."
            )
        else:
            intro = _(
                "The plan runs from %(start)s to %(end)s against the baseline year %(baseline)s; this report "
                "uses the figures approved up to %(year)s."
            )
        self.para(
            intro
            % {
                "count": len(report.plans),
                "scope": report.scope,
                "start": report.start_year,
                "end": report.end_year,
                "baseline": report.baseline_year,
                "year": report.year,
            }
        )
        binding, indicative = report.binding, report.indicative
        total = binding.total + indicative.total
        self.para(
            _("Of the %(total)s main indicators: %(binding)s; %(indicative)s.")
            % {
                "total": total,
                "binding": self._counts_text(_("binding indicators"), binding),
                "indicative": self._counts_text(_("indicative indicators"), indicative),
            }
        )
        tasks, projects = self._task_totals(), sum(len(p.projects) for p in report.plans)
        self.para(
            _(
                "The plan sets %(tasks)s key tasks; in %(year)s, by approved reports, %(done)s were completed, "
                "%(in_progress)s in progress and %(not_done)s not completed, and %(unreported)s are not yet "
                "reported or reviewed. Key projects: %(projects)s."
            )
            % {"year": report.year, "projects": projects, **tasks}
        )
        if self.several:
            rows = []
            for plan in report.plans:
                counts = Counts()
                counts.merge(plan.binding)
                counts.merge(plan.indicative)
                rows.append(
                    [
                        self._region(plan),
                        str(counts.total),
                        str(counts.met),
                        str(counts.on_track),
                        str(counts.behind),
                        str(counts.no_data),
                        str(plan.binding.forecast_miss),
                    ]
                )
            self.table(
                [
                    _("Region"),
                    _("Indicators"),
                    str(Status.MET.label),
                    str(Status.ON_TRACK.label),
                    str(Status.BEHIND.label),
                    str(Status.NO_DATA.label),
                    _("Binding, forecast to miss"),
                ],
                rows,
                [4.4, 1.6, 1.6, 1.8, 1.6, 1.8, 2.8],
                _("Attainment of the main indicators by region"),
            )

    def _task_totals(self) -> dict:
        totals = {"tasks": 0, "done": 0, "in_progress": 0, "not_done": 0, "unreported": 0}
        for plan in self.report.plans:
            found = plan.tasks
            for name in totals:
                totals[name] += getattr(found, name)
        return totals

    def _region(self, plan: PlanEvaluation) -> str:
        return f"{plan.region}{_('(synthetic)')}" if plan.synthetic else plan.region

    def _subheading(self, number: int, plan: PlanEvaluation):
        if self.several:
            synthetic = _("(synthetic)") if plan.synthetic else ""
            self.heading(f"（{chinese_numeral(number)}）{plan.title}{synthetic}", level=2)

    def _latest(self, line: IndicatorLine) -> str:
        if line.demo and line.latest:
            return f"{line.latest}（{self.demo_mark}）"
        return line.latest

    def indicators(self):
        report = self.report
        self.heading(_("2. Attainment of the main indicators"))
        header = [
            _("No."),
            _("Indicator"),
            _("Unit"),
            _("%(year)s baseline") % {"year": report.baseline_year},
            _("%(year)s target") % {"year": report.end_year},
            _("Latest value"),
            _("Status"),
            _("%(year)s forecast") % {"year": report.end_year},
            _("Attribute"),
        ]
        widths = [1.1, 3.2, 1.3, 1.4, 1.7, 2.3, 1.5, 1.6, 1.5]
        number = 0
        for number, plan in enumerate(report.plans, start=1):
            self._subheading(number, plan)
            if not plan.indicators:
                self.para(_("The plan has no indicator table."))
                continue
            rows = [
                [
                    str(line.seq),
                    line.name,
                    line.unit,
                    line.baseline,
                    f"{line.target}{_('(revised)')}" if line.target_revised else line.target,
                    self._latest(line),
                    line.status_label,
                    f"{line.forecast}{_('(misses)')}"
                    if line.forecast and line.forecast_misses
                    else line.forecast,
                    line.attribute,
                ]
                for line in plan.indicators
            ]
            self.table(header, rows, widths, _("Main indicators of %(plan)s") % {"plan": plan.title})
            for line in plan.indicators:
                if line.chart is not None:
                    caption = f"{line.name}（{line.unit}）" if line.unit else line.name
                    self.picture(self.render_chart(line.chart, chart_labels()), caption)
                if line.missed:
                    self._reason(line)
        if report.comparisons:
            self.heading(
                f"（{chinese_numeral(number + 1)}）{_('Binding indicators across the regions')}", level=2
            )
            for comparison in report.comparisons:
                png = self.render_comparison(comparison, chart_labels())
                caption = f"{comparison.title}（{comparison.unit}）" if comparison.unit else comparison.title
                self.picture(png, caption, aspect_tall=len(comparison.rows) > 40)

    def _reason(self, line: IndicatorLine):
        word = (
            _("Why the target was missed")
            if self.report.kind == Kind.FINAL
            else _("Why it is behind schedule")
        )
        paragraph = self.para()
        self._run(paragraph, f"{line.name}{word}：", bold=True)
        self.placeholder(paragraph, _("(to be filled in by the bureau)"))

    def progress(self):
        report = self.report
        self.heading(_("3. Progress of the key tasks and key projects"))
        for number, plan in enumerate(report.plans, start=1):
            self._subheading(number, plan)
            if not plan.chapters and not plan.projects:
                self.para(_("The plan lists no tasks or key projects."))
            for chapter in plan.chapters:
                title = _("Chapter %(number)s %(title)s") % {"number": chapter.number, "title": chapter.title}
                paragraph = self.para()
                self._run(paragraph, f"{title}。", bold=True)
                self._run(
                    paragraph,
                    _(
                        "%(tasks)s tasks: %(done)s completed, %(in_progress)s in progress, %(not_done)s not "
                        "completed, %(unreported)s not yet reported or reviewed."
                    )
                    % {
                        "tasks": chapter.tasks,
                        "done": chapter.done,
                        "in_progress": chapter.in_progress,
                        "not_done": chapter.not_done,
                        "unreported": chapter.unreported,
                    },
                )
                for line in chapter.lines:
                    self._work_line(line.title, line.status_label, line.narrative, line.demo)
            if plan.projects:
                paragraph = self.para()
                self._run(paragraph, _("Key projects") + "。", bold=True)
                for line in plan.projects:
                    self._work_line(
                        line.title, line.status_label or _("not reported"), line.narrative, line.demo
                    )

    def _work_line(self, title, status, narrative, demo):
        text = f"{title}（{status}）"
        if narrative:
            text += f"：{narrative}"
        if demo:
            text += f"（{self.demo_mark}）"
        self.para(text)

    def problems(self):
        report = self.report
        self.heading(_("4. Problems"))
        risks = report.risks
        if not risks:
            self.para(
                _(
                    "No binding indicator is behind or forecast to miss, and no task is reported as not completed."
                )
            )
            return
        self.para(
            _(
                "The binding indicators behind schedule or forecast to miss their targets, and the tasks and key "
                "projects not completed, with the units responsible:"
            )
        )
        header = [_("No."), _("Item"), _("Problem"), _("Responsible units")]
        widths = [1.0, 4.6, 6.0, 4.0]
        if self.several:
            header.insert(1, _("Region"))
            widths = [1.0, 2.4, 3.8, 5.0, 3.4]
        rows = []
        for seq, risk in enumerate(risks, start=1):
            row = [str(seq), risk.subject, risk.problem, risk.units]
            if self.several:
                row.insert(1, risk.region)
            rows.append(row)
        self.table(header, rows, widths, _("What is at risk"))

    def next_steps(self):
        self.heading(_("5. Suggestions for the next stage"))
        paragraph = self.para()
        self.placeholder(
            paragraph,
            _(
                "(To be written by the bureau: measures for the indicators and tasks above, and what the next "
                "plan should take over.)"
            ),
        )
