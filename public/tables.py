"""The public tables as plain rows, for the CSV, xlsx and JSON downloads (open data): the same columns
the pages print."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from operations.cells import escaped_text, safe_cell
from operations.downloads import download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    title: str  # the file's name and the sheet's
    columns: list[str]
    rows: list[list]


def binding_label(row: dict) -> str:
    return _("binding") if row["binding"] else _("expected")


def value_with_year(row: dict) -> str:
    if not row["value"]:
        return ""
    return f"{row['value']}（{row['value_year']}）" if row["value_year"] else row["value"]


def plan_table(published) -> Table:
    snapshot = published.snapshot
    plan = snapshot["plan"]
    columns = [
        _("Group"),
        _("Indicator"),
        _("Unit"),
        _("Attribute"),
        _("Baseline (%(year)s)") % {"year": plan["baseline_year"]},
        _("Target (%(year)s)") % {"year": plan["end_year"]},
        _("Approved value"),
        _("Year of the value"),
        _("Verdict"),
    ]
    rows = [
        [
            row["group"] or row["category"],
            row["name"],
            row["unit"],
            binding_label(row),
            row["baseline"],
            row["target"],
            row["value"],
            row["value_year"] or "",
            row["label"],
        ]
        for row in snapshot["indicators"]
    ]
    return Table(f"{plan['jurisdiction']}_{plan['title']}_{published.year}", columns, rows)


def indicator_table(plan, found) -> Table:
    name = found[-1][1]["name"]
    columns = [
        _("Year published"),
        _("Approved value"),
        _("Year of the value"),
        _("Target"),
        _("Verdict"),
        _("Published at"),
        _("Data as of"),
    ]
    rows = [
        [
            published.year,
            row["value"],
            row["value_year"] or "",
            row["target"],
            row["label"],
            _local(published.published_at),
            _local(published.data_as_of),
        ]
        for published, row in found
    ]
    return Table(f"{plan.jurisdiction}_{name}", columns, rows)


@dataclass
class ComparedRow:
    """One indicator across a jurisdiction's plans: its row in each plan's latest published year."""

    name: str
    unit: str
    cells: list  # [(plan title, row or None)], one per plan


def region_rows(region) -> tuple[list, list[ComparedRow]]:
    """The latest published year of each plan, and their indicators side by side: one row per indicator
    (matched by their comparison key, else their name), one cell per plan (None where it has none)."""
    latest = [plan.latest for plan in region.plans]
    titles = [published.snapshot["plan"]["title"] for published in latest]
    found: dict[str, list] = {}
    for index, published in enumerate(latest):
        for row in published.snapshot["indicators"]:
            cells = found.setdefault(row["key"] or row["name"], [None] * len(latest))
            if cells[index] is None:
                cells[index] = row
    rows = []
    for cells in found.values():  # in the order the plans print them, oldest plan first
        first = next(cell for cell in cells if cell is not None)
        rows.append(ComparedRow(first["name"], first["unit"], list(zip(titles, cells, strict=True))))
    return latest, rows


def region_table(region) -> Table:
    latest, rows = region_rows(region)
    columns = [_("Indicator"), _("Unit")]
    for published in latest:
        title = f"{published.snapshot['plan']['title']} {published.year}"
        columns += [f"{title} {_('Approved value')}", f"{title} {_('Verdict')}"]
    body = []
    for compared in rows:
        line = [compared.name, compared.unit]
        for _title, cell in compared.cells:
            line += [value_with_year(cell), cell["label"]] if cell else ["", ""]
        body.append(line)
    return Table(region.name, columns, body)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def as_csv(table: Table):
    """UTF-8 with a byte order mark, so that Excel opens the Chinese text; formula-like text kept text."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([escaped_text(cell) for cell in row])
    return download(out.getvalue().encode("utf-8"), f"{table.title}.csv", "text/csv; charset=utf-8")


def as_json(table: Table):
    """The table for programs: its columns and rows as printed."""
    data = {"title": table.title, "columns": table.columns, "rows": table.rows}
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def as_xlsx(table: Table):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31].translate(str.maketrans("[]:*?/\\", "（）：＊？／＼"))
    sheet.append(table.columns)
    for row in table.rows:
        sheet.append([safe_cell(sheet, cell) for cell in row])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return download(out.getvalue(), f"{table.title}.xlsx", XLSX)
