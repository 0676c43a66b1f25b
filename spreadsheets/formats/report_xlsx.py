"""The formatted report workbook: per plan the sheets 主要指标, 重点任务 and 重点工程; all plans add 汇总.

Written in openpyxl's write-only mode (rows stream to the file), so hundreds of plans stay cheap.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from indicators.attainment import STATUS_LABELS, Status
from indicators.verdicts import UNREPORTED
from operations.cells import cell_value, safe_cell

from .layout import LINE_HEIGHT, fit_columns, merge_row, print_setup, wrapped_lines
from .rows import PlanReport
from .styles import STATUS_COLOURS, register_styles, status_style

INDICATORS_SHEET, TASKS_SHEET, PROJECTS_SHEET, SUMMARY_SHEET = "主要指标", "重点任务", "重点工程", "汇总"
SUMMARY_STATUSES = [
    "met",
    "on_track",
    "behind",
    "regressing",
    "not_met",
    "no_data",
    UNREPORTED,  # a final year not reported (2025年数据未报), apart from 暂无数据 as the rows read
    "not_assessable",
]
MAX_SHEET_TITLE = 31
HEADER_ROW = 3  # after the title and the subtitle
PLAIN_WHEN_EMPTY = {"pw_text", "pw_centre", "pw_number"}


class _Book:
    """The workbook being written and what its sheets share: resolved styles and status labels."""

    def __init__(self):
        self.workbook = Workbook(write_only=True)
        register_styles(self.workbook)
        self.arrays, self.rules = {}, {}
        # Labels are lazy translations; resolving one per cell would cost more than writing it.
        self.labels = {status.value: str(label) for status, label in STATUS_LABELS.items()}
        self.labels[UNREPORTED] = _("Last year of the plan not reported")

    def status_label(self, code) -> str:
        return self.labels.get(code, "") if code else ""

    def status_rule(self, code, label=None):
        """One rule object per status and its words (the status's own, or 2025年数据未报 in the colour
        of no data), shared by every sheet (building them is costly)."""
        label = self.status_label(code) if label is None else label
        rule = self.rules.get((code, label))
        if rule is None:
            colour, quoted = STATUS_COLOURS[code], label.replace('"', '""')
            fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
            rule = self.rules[code, label] = CellIsRule(operator="equal", formula=[f'"{quoted}"'], fill=fill)
        return rule


class _Sheet:
    """A write-only sheet and the shorthand to append styled rows to it."""

    def __init__(self, book, title):
        self.book = book
        self.ws = book.workbook.create_sheet(title=title)
        self.row = 0

    def cell(self, value, style=None):
        """A styled cell; a plain value where no style is asked for or nothing is written (the printed
        grid lines draw the table), since styling costs more than writing the value itself."""
        if style is None or (value is None and style in PLAIN_WHEN_EMPTY):
            return cell_value(value)
        # Assigning a named style looks it up each time; its style array, resolved once per workbook, is
        # copied into the cell instead (a third of the writing time on hundreds of plans).
        array = self.book.arrays.get(style)
        if array is None:
            probe = WriteOnlyCell(self.ws)
            probe.style = style
            array = self.book.arrays[style] = probe._style
        return Cell(self.ws, row=1, column=1, value=cell_value(value), style_array=array)

    def status(self, code):
        return self.book.status_label(code) if code else None

    def colour_statuses(self, first_column: int, last_column: int, codes, labelled=()):
        """Fill status cells by their label through conditional formatting: Excel colours them as it
        shows them, which spares a style per cell and stays right if someone corrects a status.
        `labelled`: (code, label) of cells printing other words than the status's own."""
        if self.row <= HEADER_ROW:
            return
        area = f"{get_column_letter(first_column)}{HEADER_ROW + 1}:{get_column_letter(last_column)}{self.row}"
        for code in STATUS_COLOURS:
            if code in codes:
                self.ws.conditional_formatting.add(area, self.book.status_rule(code))
        for code, label in sorted(labelled):
            if label != self.book.status_label(code):
                self.ws.conditional_formatting.add(area, self.book.status_rule(code, label))

    def append(self, cells, wrapped=()):
        """`wrapped`: (column, text) of cells whose text wraps: the row is made tall enough for the
        longest, since a spreadsheet opened or printed elsewhere keeps the default height and the
        wrapped lines would run over the rows below."""
        lines = max((wrapped_lines(self.ws, column, text) for column, text in wrapped), default=1)
        if lines > 1:
            self.ws.row_dimensions[self.row + 1].height = LINE_HEIGHT * lines + 3
        self.ws.append([safe_cell(self.ws, item) for item in cells])
        self.row += 1

    def title_rows(self, title, subtitle, width):
        print_setup(self.ws, header_row=HEADER_ROW)
        self.append([self.cell(title, "pw_title")])
        merge_row(self.ws, self.row, width)
        self.ws.row_dimensions[1].height = 24
        self.append([self.cell(subtitle, "pw_subtitle")])
        merge_row(self.ws, self.row, width)

    def header(self, labels):
        self.append([self.cell(label, "pw_header") for label in labels])


class _Titles:
    """Unique sheet titles within Excel's 31 characters."""

    def __init__(self):
        self.used = set()

    def __call__(self, prefix, name):
        base = f"{prefix}·{name}" if prefix else name
        title, n = base[:MAX_SHEET_TITLE], 2
        while title in self.used:
            suffix = f"({n})"
            title, n = base[: MAX_SHEET_TITLE - len(suffix)] + suffix, n + 1
        self.used.add(title)
        return title


def _subtitle(plan: PlanReport, exported_on: datetime.date) -> str:
    return _("%(jurisdiction)s · exported on %(date)s · assessed for %(year)s") % {
        "jurisdiction": plan.jurisdiction,
        "date": exported_on.isoformat(),
        "year": plan.report_year,
    }


def _indicator_headers(plan: PlanReport):
    """The 主要指标 columns; without the forecast and its flag once every verdict is final."""
    years = [f"{year}年" for year in plan.years]
    forecast = [f"{plan.years[-1]}年预测", "预计无法完成"] if plan.forecasts else []
    return [
        "类别",
        "序号",
        "指标",
        "单位",
        f"{plan.baseline_year}年",
        *years,
        f"{plan.years[-1]}年目标",
        "指标属性",
        "完成情况",
        *forecast,
        "备注",
    ]


def write_indicators(book, plan: PlanReport, exported_on, title=INDICATORS_SHEET):
    sheet = _Sheet(book, title)
    headers = _indicator_headers(plan)
    rows = plan.indicators
    status_column = headers.index("完成情况") + 1
    forecasts = plan.forecasts
    fit_columns(
        sheet.ws,
        [
            [headers[0], *(r.category for r in rows)],
            [headers[1]],
            [headers[2], *(r.name for r in rows)],
            [headers[3], *(r.unit for r in rows)],
            [headers[4], *(r.baseline for r in rows)],
            *([h, *(r.values.get(y) for r in rows)] for h, y in zip(headers[5:], plan.years, strict=False)),
            [headers[status_column - 3], *(r.shown_target for r in rows)],
            *([h] for h in headers[status_column - 2 : -1]),
            [headers[-1], *(r.note[:40] for r in rows)],
        ],
    )
    sheet.title_rows(f"{plan.title}　主要指标完成情况", _subtitle(plan, exported_on), len(headers))
    sheet.header(headers)
    group_start, group = None, None
    for row in rows:
        new_group = row.category != group or not row.category
        if new_group:
            _merge_category(sheet, group_start)
            group_start, group = sheet.row + 1, row.category
        cells = [
            sheet.cell(row.category if new_group else None, "pw_centre"),
            row.seq,
            sheet.cell(row.name, "pw_text"),
            row.unit,
            cell_value(row.baseline),
        ]
        cells += [
            *(cell_value(row.values.get(year)) for year in plan.years),
            row.shown_target,
            row.attribute,
            row.status_label,
        ]
        if forecasts:
            cells += [row.shown_forecast, sheet.cell(row.flag or None, "pw_flag")]
        cells.append(sheet.cell(row.note or None, "pw_text"))
        sheet.append(cells, wrapped=[(3, row.name), (len(headers), row.note)])
    _merge_category(sheet, group_start)
    sheet.colour_statuses(
        status_column,
        status_column,
        {row.status for row in rows},
        labelled={(row.status, row.status_label) for row in rows},
    )


def _merge_category(sheet, start):
    if start is not None and sheet.row > start:
        sheet.ws.merged_cells.add(f"A{start}:A{sheet.row}")


DEMO_COLUMN, PROGRESS_COLUMN = "演示数据", "最新进展"


def _progress_headers(first, plan):
    """The years' statuses, whether the progress text is demo data (its own column, so the text
    stays the reported one), then the latest progress reported up to the report's year."""
    return [*first, *(f"{year}年" for year in plan.years), DEMO_COLUMN, PROGRESS_COLUMN]


def _progress_text(row) -> str | None:
    """The latest progress reported, with the year it was reported for: "2023年：完成改造"."""
    if not row.narrative:
        return None
    return f"{row.narrative_year}年：{row.narrative}" if row.narrative_year else row.narrative


def write_tasks(book, plan: PlanReport, exported_on, title=TASKS_SHEET):
    sheet = _Sheet(book, title)
    headers = _progress_headers(["序号", "章节", "重点任务", "牵头单位", "责任单位"], plan)
    rows = plan.tasks
    fit_columns(
        sheet.ws,
        [
            [headers[0]],
            [headers[1], *(r.chapter for r in rows)],
            [headers[2], *(r.title for r in rows)],
            [headers[3], *(r.lead_units for r in rows)],
            [headers[4], *(r.responsible_units for r in rows)],
            *([h, "进度滞后"] for h in headers[5:-2]),
            [headers[-2]],
            [headers[-1], *(_progress_text(r) for r in rows)],
        ],
    )
    sheet.title_rows(f"{plan.title}　重点任务推进情况", _subtitle(plan, exported_on), len(headers))
    sheet.header(headers)
    for number, row in enumerate(rows, start=1):
        sheet.append(
            [
                number,
                row.chapter,
                sheet.cell(row.title, "pw_text"),
                sheet.cell(row.lead_units or None, "pw_text"),
                sheet.cell(row.responsible_units or None, "pw_text"),
                *(sheet.status(row.statuses.get(year)) for year in plan.years),
                sheet.cell("是" if row.demo else None, "pw_flag"),
                sheet.cell(_progress_text(row), "pw_text"),
            ],
            wrapped=[(3, row.title), (5, row.responsible_units), (len(headers), _progress_text(row))],
        )
    sheet.colour_statuses(6, 5 + len(plan.years), {code for row in rows for code in row.statuses.values()})


def write_projects(book, plan: PlanReport, exported_on, title=PROJECTS_SHEET):
    sheet = _Sheet(book, title)
    headers = _progress_headers(["专栏", "序号", "重点工程", "责任单位"], plan)
    rows = plan.projects
    fit_columns(
        sheet.ws,
        [
            [headers[0], *(r.box for r in rows)],
            [headers[1]],
            [headers[2], *(r.title for r in rows)],
            [headers[3], *(r.units for r in rows)],
            *([h, "进度滞后"] for h in headers[4:-2]),
            [headers[-2]],
            [headers[-1], *(_progress_text(r) for r in rows)],
        ],
    )
    sheet.title_rows(f"{plan.title}　重点工程推进情况", _subtitle(plan, exported_on), len(headers))
    sheet.header(headers)
    for row in rows:
        sheet.append(
            [
                row.box,
                row.seq,
                sheet.cell(row.title, "pw_text"),
                row.units,
                *(sheet.status(row.statuses.get(year)) for year in plan.years),
                sheet.cell("是" if row.demo else None, "pw_flag"),
                sheet.cell(_progress_text(row), "pw_text"),
            ],
            wrapped=[(3, row.title), (len(headers), _progress_text(row))],
        )
    sheet.colour_statuses(5, 4 + len(plan.years), {code for row in rows for code in row.statuses.values()})


def write_summary(book, plans: Sequence[PlanReport], exported_on, title=SUMMARY_SHEET):
    sheet = _Sheet(book, title)
    headers = [
        "序号",
        "规划",
        "地区",
        "评估年份",
        "指标数",
        *(sheet.book.status_label(code) for code in SUMMARY_STATUSES),
        "重点任务数",
        "已完成任务",
    ]
    fit_columns(
        sheet.ws,
        [
            [headers[0]],
            [headers[1], *(p.title for p in plans)],
            [headers[2], *(p.jurisdiction for p in plans)],
            *([h] for h in headers[3:]),
        ],
    )
    sheet.title_rows(
        "生态环境保护规划指标完成情况汇总",  # the plans listed name their periods
        _("Exported on %(date)s") % {"date": exported_on.isoformat()},
        len(headers),
    )
    sheet.header(headers)
    for number, plan in enumerate(plans, start=1):
        counts = plan.status_counts()
        done = sum(1 for task in plan.tasks if task.statuses.get(plan.report_year) == Status.DONE)
        sheet.append(
            [
                sheet.cell(number, "pw_centre"),
                sheet.cell(plan.title, "pw_text"),
                sheet.cell(plan.jurisdiction, "pw_centre"),
                sheet.cell(plan.report_year, "pw_centre"),
                sheet.cell(len(plan.indicators), "pw_number"),
                *(sheet.cell(counts.get(code, 0), status_style(code)) for code in SUMMARY_STATUSES),
                sheet.cell(len(plan.tasks), "pw_number"),
                sheet.cell(done, "pw_number"),
            ]
        )


def build_report(plans: Sequence[PlanReport], *, exported_on: datetime.date, summary: bool = False) -> bytes:
    """One plan's report, or with `summary` a workbook of every plan after a 汇总 sheet."""
    book = _Book()
    titles = _Titles()
    if summary:
        write_summary(book, plans, exported_on, titles("", SUMMARY_SHEET))
    for plan in plans:
        prefix = f"{plan.jurisdiction}·{plan.period}" if summary else ""  # 宽城区·十四五·主要指标
        write_indicators(book, plan, exported_on, titles(prefix, INDICATORS_SHEET))
        write_tasks(book, plan, exported_on, titles(prefix, TASKS_SHEET))
        write_projects(book, plan, exported_on, titles(prefix, PROJECTS_SHEET))
    out = BytesIO()
    book.workbook.save(out)
    return out.getvalue()
