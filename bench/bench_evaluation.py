#!/usr/bin/env python
"""The evaluation report (评估报告, Word) of a jurisdiction with N synthetic plans, on scratch SQLite.

    .venv/bin/python bench/bench_evaluation.py [--plans 100] [--year 2024] [--repeat 2]

Generates a province whose cities and districts hold `--plans` synthetic plans (`generate_synthetic`),
then writes the province's report: reading (selectors), charts (matplotlib) and the document
(python-docx). Goal: under 20 s for 100 plans. Prints the best wall-clock time of `--repeat` runs,
split into reading and writing, and the same for one plan. DATABASE_URL points at a temporary SQLite
file, never at the development db.sqlite3.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 20.0


def setup(plans):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import Jurisdiction

    call_command("migrate", verbosity=0)
    province = Jurisdiction.objects.create(
        name="合成省", level=Jurisdiction.Level.PROVINCE, is_synthetic=True
    )
    started = time.perf_counter()
    call_command("generate_synthetic", plans=plans, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"generate_synthetic --plans {plans}: {time.perf_counter() - started:.1f} s")
    return province


def timed(repeat, run):
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
        province = setup(args.plans)

        from evaluation import charts, selectors
        from evaluation.writer import build_docx
        from plans.models import Plan

        charts.cjk_family()  # the font lookup, once per process
        today = datetime.date.today()

        def read():
            return selectors.jurisdiction_evaluation(jurisdiction=province, year=args.year, written_on=today)

        read_seconds, report = timed(args.repeat, read)
        write_seconds, content = timed(args.repeat, lambda: build_docx(report))
        total = read_seconds + write_seconds
        pictures = sum(1 for p in report.plans for line in p.indicators if line.chart) + len(
            report.comparisons
        )
        print(
            f"jurisdiction report, {len(report.plans)} plans, "
            f"{sum(len(p.indicators) for p in report.plans)} indicators, {pictures} charts, "
            f"{len(content) // 1024} KB: {total:.1f} s (read {read_seconds:.1f} s, write {write_seconds:.1f} s); "
            f"goal < {GOAL_SECONDS:.0f} s: {'ok' if total < GOAL_SECONDS else 'MISSED'}"
        )
        plan = Plan.objects.select_related("jurisdiction").filter(jurisdiction__parent=province).first()
        one, _report = timed(
            args.repeat,
            lambda: build_docx(selectors.plan_evaluation(plan=plan, year=args.year, written_on=today)),
        )
        print(f"one plan's report ({plan.indicators.count()} indicators): {one:.1f} s")
        return 0 if total < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
