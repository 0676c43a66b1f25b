#!/usr/bin/env python
"""The 填报 page of a reporter with many rows: server time, queries and size of its HTML.

    .venv/bin/python bench/bench_entry.py [--rows 124] [--requests 20] [--dump page.html]
    .venv/bin/python scripts/with_postgres.py .venv/bin/python bench/bench_entry.py   # on PostgreSQL

In a scratch test database (the configured backend's), one unit of a district is responsible for
`rows` rows of one plan's reporting year, in the mix of a district's 生态环境分局: a sixth indicators
(one in four qualitative), three quarters tasks, the rest key projects. Last year's record of each row is
approved; this year every row is still editable: most are empty, every fifth a draft with a note (every
tenth with an evidence file), every seventh returned with the reviewer's reason. Times the reporter's
GET of /entry/ through Django's test client (the whole middleware stack, template rendering without the
test runner's instrumentation) and prints the median, p95, the median CPU time of this process (the
server time a busy machine's other processes do not inflate; SQLite runs in it, PostgreSQL does not),
queries and the HTML's size, raw and gzipped, against the goals (median < 300 ms, < 100 KB).
"""

import argparse
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 300
GOAL_KB = 100
YEAR = 2025
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def build(rows: int):
    """The plan, the unit, its reporter and `rows` rows (see the module's docstring); the reporter."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from indicators.evidence import evidence_attach
    from indicators.models import IndicatorValue, ReviewState
    from plans.models import Box, TaskResponsibility
    from tests.factories import (
        BoxFactory,
        ChapterFactory,
        IndicatorFactory,
        JurisdictionFactory,
        KeyProjectFactory,
        PlanFactory,
        ProjectProgressFactory,
        SectionFactory,
        TaskFactory,
        TaskProgressFactory,
        UnitFactory,
        UserFactory,
    )

    district = JurisdictionFactory(name="宽城区")
    unit = UnitFactory(jurisdiction=district, name="区生态环境分局")
    other = UnitFactory(jurisdiction=district, name="区规自分局")
    reporter = UserFactory(username="bench_reporter", units=[unit])
    plan = PlanFactory(jurisdiction=district, start_year=2021, end_year=YEAR, baseline_year=2020)
    indicators = rows // 6
    projects = max(1, rows // 9)
    tasks = rows - indicators - projects
    box = BoxFactory(plan=plan, number=1)
    subjects = []
    for n in range(indicators):
        qualitative = n % 4 == 3
        traits = {"qualitative": True} if qualitative else {"share": True}
        indicator = IndicatorFactory(plan=plan, box=box, seq=n + 1, key="", name=f"指标{n + 1:03d}", **traits)
        indicator.units.add(unit)
        previous = {"status": "in_progress"} if qualitative else {"value": 86}
        IndicatorValue.objects.create(
            indicator=indicator, year=YEAR - 1, state=ReviewState.APPROVED, **previous
        )
        subjects.append(indicator)
    chapter = ChapterFactory(plan=plan, number=1, title="推进大气污染防治")
    for n in range(tasks):
        if n % 15 == 0:
            section = SectionFactory(chapter=chapter, number=n // 15 + 1)
        task = TaskFactory(
            section=section, order=n + 1, title=f"加强建设用地准入管理，推进第{n + 1}项任务落实"
        )
        TaskResponsibility.objects.create(task=task, unit=unit, role="lead", order=1)
        if n % 3 == 0:
            TaskResponsibility.objects.create(task=task, unit=other, role="joint", order=2)
        TaskProgressFactory(task=task, year=YEAR - 1, state=ReviewState.APPROVED)
        subjects.append(task)
    projects_box = BoxFactory(plan=plan, number=9, title="重点工程", kind=Box.Kind.PROJECTS)
    for n in range(projects):
        project = KeyProjectFactory(box=projects_box, seq=n + 1, title=f"燃煤锅炉淘汰工程{n + 1}")
        project.units.add(unit)
        ProjectProgressFactory(project=project, year=YEAR - 1, state=ReviewState.APPROVED)
        subjects.append(project)

    for n, subject in enumerate(subjects):
        if n % 5 and n % 7:
            continue  # left empty
        state = ReviewState.RETURNED if n % 7 == 0 else ReviewState.DRAFT
        fields = {"year": YEAR, "state": state, "reported_by": reporter}
        if state == ReviewState.RETURNED:
            fields["review_comment"] = "数据来源不明，请补充监测报告"
        if hasattr(subject, "baseline_text"):
            qualitative = subject.direction == "qualitative"
            figure = {"status": "done"} if qualitative else {"value": 88}
            record = IndicatorValue.objects.create(indicator=subject, note="按监测站年报", **figure, **fields)
        elif hasattr(subject, "section_id"):
            record = TaskProgressFactory(
                task=subject, status="in_progress", narrative="已完成年度任务的八成", **fields
            )
        else:
            record = ProjectProgressFactory(
                project=subject, status="in_progress", narrative="主体工程完工", **fields
            )
        if n % 10 == 0 and state == ReviewState.DRAFT:
            evidence_attach(user=reporter, record=record, upload=SimpleUploadedFile("监测报告.pdf", PDF))
    return reporter


def measure(rows: int, requests: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    reporter = build(rows)
    client = Client()
    client.force_login(reporter)
    url = f"/entry/?year={YEAR}"
    response = client.get(url)  # warm up
    assert response.status_code == 200, response.status_code
    shown = response.content.count(b"data-row=")
    assert shown == rows, f"{shown} rows shown, {rows} built"
    times, cpu = [], []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    times.sort()
    return {
        "median": statistics.median(times),
        "cpu": statistics.median(cpu),
        "p95": times[max(0, int(round(0.95 * len(times))) - 1)],
        "queries": len(queries.captured_queries),
        "bytes": len(response.content),
        "gzipped": len(gzip.compress(response.content)),
        "html": response.content,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=124)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--dump", type=Path, help="write the page's HTML here, to see where its bytes go")
    options = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host
    connection.creation.create_test_db(verbosity=0)
    result = measure(options.rows, options.requests)
    kb = result["bytes"] / 1000
    if options.dump:
        options.dump.write_bytes(result["html"])
    ok = "ok" if result["median"] < GOAL_MS and kb < GOAL_KB else "MISSED"
    print(
        f"填报 page, {options.rows} rows, {connection.vendor}, {options.requests} warm requests "
        f"(goal: median < {GOAL_MS} ms, HTML < {GOAL_KB} KB)"
    )
    print(f"{'median ms':>10} {'p95 ms':>8} {'CPU ms':>8} {'queries':>8} {'HTML KB':>8} {'gzip KB':>8}  goal")
    print(
        f"{result['median']:10.1f} {result['p95']:8.1f} {result['cpu']:8.1f} {result['queries']:8d} {kb:8.1f} "
        f"{result['gzipped'] / 1000:8.1f}  {ok}"
    )


if __name__ == "__main__":
    main()
