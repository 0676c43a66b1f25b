#!/usr/bin/env python
"""Spreadsheet export and import at N synthetic plans, against raw openpyxl floors, on scratch SQLite.

    .venv/bin/python bench/bench_spreadsheets.py [--plans 500] [--values 10000] [--repeat 3]

Export: the all-plans report workbook (reading the database, assessing, writing styled sheets)
against a floor of openpyxl write-only writing the same cell values with no styles; goal ≤ 1.5×.
Import: reading a template of `--values` yearly values and applying it (checks, bulk writes with
history) against a floor of openpyxl read-only reading the same file plus one `bulk_create`;
goal ≤ 3×. Best of `--repeat` runs each. DATABASE_URL points at a temporary SQLite file, never at
the development db.sqlite3.
"""

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPORT_GOAL, IMPORT_GOAL = 1.5, 3.0


def best(repeat, run, reset=None):
    """Least CPU time of the process over `repeat` runs: steadier than the wall clock on a shared machine
    (SQLite works inside the process, so its work is counted)."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        run()
        times.append(time.process_time() - started)
        if reset:
            reset()
    return min(times)


def setup(plans):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("generate_synthetic", plans=plans, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"generate_synthetic --plans {plans}: {time.perf_counter() - started:.1f} s")


def export_floor(reports):
    """The same cell values, unstyled and unmerged: title rows, header and rows of each plan's three sheets."""
    from openpyxl import Workbook

    from indicators.attainment import STATUS_LABELS

    labels = {status.value: str(label) for status, label in STATUS_LABELS.items()}
    workbook = Workbook(write_only=True)
    for n, plan in enumerate(reports):
        years = [f"{y}年" for y in plan.years]
        sheets = {
            "主要指标": (
                ["类别", "序号", "指标", "单位", "2020年", *years, "目标", "属性", "完成情况", "备注"],
                [
                    [
                        r.category,
                        r.seq,
                        r.name,
                        r.unit,
                        r.baseline,
                        *(r.values.get(y) for y in plan.years),
                        r.target,
                        r.attribute,
                        r.status_label,
                        r.note,
                    ]
                    for r in plan.indicators
                ],
            ),
            "重点任务": (
                ["序号", "章节", "重点任务", "牵头单位", "责任单位", *years, "进展"],
                [
                    [
                        i,
                        r.chapter,
                        r.title,
                        r.lead_units,
                        r.responsible_units,
                        *(labels.get(r.statuses.get(y), "") for y in plan.years),
                        r.narrative,
                    ]
                    for i, r in enumerate(plan.tasks, 1)
                ],
            ),
            "重点工程": (
                ["专栏", "序号", "重点工程", "责任单位", *years, "进展"],
                [
                    [
                        r.box,
                        r.seq,
                        r.title,
                        r.units,
                        *(labels.get(r.statuses.get(y), "") for y in plan.years),
                        r.narrative,
                    ]
                    for r in plan.projects
                ],
            ),
        }
        for kind, (header, rows) in sheets.items():
            sheet = workbook.create_sheet(f"{n}{kind}")
            sheet.append([plan.title])
            sheet.append([plan.jurisdiction])
            sheet.append(header)
            for row in rows:
                sheet.append([float(v) if hasattr(v, "as_tuple") else v for v in row])
    workbook.save(BytesIO())


def bench_export(repeat):
    """(reading the plans, writing the workbook, the floor) in seconds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from indicators.years import default_year
    from plans.models import Plan
    from spreadsheets.formats.report_xlsx import build_report
    from spreadsheets.selectors import plan_reports

    def read():
        plans = Plan.objects.select_related("jurisdiction")
        return plan_reports(plans=plans, year=default_year())

    with CaptureQueriesContext(connection) as queries:
        reports = read()
    cells = sum(len(p.indicators) * (9 + len(p.years)) for p in reports)
    print(f"export: {len(reports)} plans, {cells} indicator cells, {len(queries)} queries to read them")
    reading = best(repeat, read)
    writing = best(repeat, lambda: build_report(reports, exported_on=timezone.localdate(), summary=True))
    return reading, writing, best(repeat, lambda: export_floor(reports))


def bench_import(repeat, count):
    from openpyxl import load_workbook

    from accounts.models import Jurisdiction, ResponsibleUnit, User
    from indicators.models import Indicator, IndicatorValue
    from spreadsheets import services as spreadsheet_services
    from spreadsheets.formats.template_xlsx import HEADER_ROW, build_template, read_template
    from spreadsheets.selectors import template_rows

    # The synthetic values stop at 2024: 2025 is free for every indicator; when there are fewer indicators
    # than values wanted, the 2024 values of the first ones are removed from this scratch database.
    indicators = list(
        Indicator.objects.exclude(direction="qualitative")
        .exclude(source="review")
        .select_related("plan")
        .order_by("pk")
    )
    extra = indicators[: max(0, count - len(indicators))]
    IndicatorValue.objects.filter(indicator__in=extra, year=2024).delete()
    jurisdiction = Jurisdiction.objects.create(name="基准测试区", level=Jurisdiction.Level.DISTRICT)
    unit = ResponsibleUnit.objects.create(jurisdiction=jurisdiction, name="基准测试局")
    user = User.objects.create_user("bench-reporter", role=User.Role.REPORTER)
    user.units.add(unit)
    Indicator.units.through.objects.bulk_create(
        [Indicator.units.through(indicator_id=i.pk, responsibleunit_id=unit.pk) for i in indicators]
    )
    rows = template_rows(indicators=indicators[:count], years=[2025]) + template_rows(
        indicators=extra, years=[2024]
    )
    filled = [
        replace(row, value=round(float(row.target if isinstance(row.target, Decimal) else 1), 1))
        for row in rows
    ]
    content = build_template(filled, title="bench")
    print(f"import: {len(filled)} yearly values, file {len(content) // 1024} KiB")
    fresh = {(i.pk, 2025) for i in indicators[:count]} | {(i.pk, 2024) for i in extra}

    def reset():
        created = IndicatorValue.objects.filter(reported_by=user)
        IndicatorValue.history.filter(history_user=user).delete()
        created.delete()

    def ours():
        read = read_template(content)
        check = spreadsheet_services.import_apply(user=user, rows=read.rows, read_errors=read.errors)
        assert check.count("new") == len(fresh), (check.errors[:3], check.count("new"))

    def floor():
        sheet = load_workbook(BytesIO(content), read_only=True)["数值填报"]
        objects = [
            IndicatorValue(indicator_id=line[0], year=line[2], value=line[8], reported_by=user)
            for line in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        ]
        IndicatorValue.objects.bulk_create(objects, batch_size=spreadsheet_services.BATCH)

    return best(repeat, ours, reset), best(repeat, floor, reset)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--values", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sheets-") as scratch:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
        setup(options.plans)
        reading, writing, export_base = bench_export(options.repeat)
        imported, import_base = bench_import(options.repeat, options.values)
    lines = [
        ("export: write the workbook", writing, export_base, EXPORT_GOAL),
        ("export: read + write", reading + writing, export_base, None),
        (f"import {options.values} values", imported, import_base, IMPORT_GOAL),
    ]
    print(
        f"CPU seconds, best of {options.repeat}; the export floor writes the same cells unstyled, the import"
    )
    print("floor reads the same file read-only and bulk_creates the rows (no checks, no history).")
    print(f"{'':28} {'ours s':>8} {'floor s':>8} {'ratio':>6}  goal")
    for label, ours, floor, goal in lines:
        ratio = ours / floor
        verdict = (
            "(reading the database is not in the floor)"
            if goal is None
            else (f"≤{goal} {'ok' if ratio <= goal else 'MISSED'}")
        )
        print(f"{label:28} {ours:8.2f} {floor:8.2f} {ratio:6.2f}  {verdict}")


if __name__ == "__main__":
    main()
