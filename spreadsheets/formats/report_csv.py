"""The 主要指标 table of one or more plans as CSV (UTF-8 with BOM, so Excel opens the Chinese right)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from io import StringIO

from .cells import cell_value, escaped_text
from .rows import PlanReport


def build_csv(plans: Sequence[PlanReport]) -> bytes:
    years = sorted({year for plan in plans for year in plan.years})
    baseline_years = sorted({plan.baseline_year for plan in plans}) or [2020]
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "规划",
            "地区",
            "评估年份",
            "类别",
            "序号",
            "指标",
            "单位",
            f"{baseline_years[0]}年",
            *(f"{year}年" for year in years),
            f"{years[-1] if years else 2025}年目标",
            "指标属性",
            "完成情况",
            f"{years[-1] if years else 2025}年预测",
            "预计无法完成",
            "备注",
        ]
    )
    for plan in plans:
        for row in plan.indicators:
            writer.writerow(
                _quoted(
                    plan.title,
                    plan.jurisdiction,
                    plan.report_year,
                    row.category,
                    row.seq,
                    row.name,
                    row.unit,
                    _text(row.baseline),
                    *(_text(row.values.get(year)) for year in years),
                    _text(row.shown_target),
                    row.attribute,
                    row.status_label,
                    _text(row.shown_forecast),
                    row.flag,
                    row.note,
                )
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _text(value):
    value = cell_value(value)
    return "" if value is None else value


def _quoted(*cells):
    """The cells of a line, formula-like text behind an apostrophe so that a spreadsheet shows it as text."""
    return [escaped_text(cell) for cell in cells]
