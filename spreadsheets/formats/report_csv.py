"""The 主要指标 table of one or more plans as CSV (UTF-8 with BOM, so Excel opens the Chinese right)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from io import StringIO

from operations.cells import cell_value, escaped_text

from .rows import PlanReport


def build_csv(plans: Sequence[PlanReport]) -> bytes:
    years = sorted({year for plan in plans for year in plan.years})
    # Plans of one period name its years; plans of two periods (十四五 beside 十五五) share a column
    # whose year differs by row, so its header names none.
    baseline_years = {plan.baseline_year for plan in plans}
    end_years = {plan.years[-1] for plan in plans if plan.years}
    baseline_year = next(iter(baseline_years)) if len(baseline_years) == 1 else None
    end_year = next(iter(end_years)) if len(end_years) == 1 else None
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
            f"{baseline_year}年" if baseline_year else "基期值",
            *(f"{year}年" for year in years),
            f"{end_year}年目标" if end_year else "目标值",
            "指标属性",
            "完成情况",
            f"{end_year}年预测" if end_year else "期末预测",
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
