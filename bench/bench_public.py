#!/usr/bin/env python
"""Server time of the public site (public/) with N published plans, SQLite and PostgreSQL.

    .venv/bin/python bench/bench_public.py [--plans 3000] [--requests 30] [--backends sqlite,postgres]

Each backend runs in a child process against a scratch database (a temporary SQLite file; a throwaway
PostgreSQL cluster from scripts/with_postgres.py). The child migrates, loads the real plans and the demo
values when it can, adds `--plans` synthetic plans (`generate_synthetic`), publishes one year of every plan
through the service (`plan_year_publish`, timed), then requests each public page as an anonymous visitor
through Django's test client: the plan page of a real plan (the issue's measure), its CSV, an indicator
page, the jurisdiction page, the index and the JSON listing of everything published. Every request is
timed once with the application's page cache empty ("first": rendered), then `--requests` times (the
rendered page kept by ETag: what every later visitor gets until the next publication, unless a reverse
proxy in front answers first, see the README); a request with the ETag is answered 304 and timed too.
Prints the times and the queries of the first and of a later request.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

from children import report, run_child

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 100  # the public plan page rendered (cache empty), PostgreSQL, whatever the number of plans


class Counter:
    """Counts the queries run while it wraps the connection (`connection.execute_wrapper`)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def child(requests: int, plans: int) -> list[dict]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from plans.models import Plan
    from public.services import plan_year_publish

    setup_test_environment()  # allows "testserver" as host
    call_command("migrate", verbosity=0)
    quiet = io.StringIO()
    try:
        call_command("load_plans", verbosity=0, stdout=quiet)
        call_command("seed_demo", force=True, stdout=quiet)
    except Exception as error:  # noqa: BLE001 - any failure means no real data to measure
        print(f"  real plans not loaded ({error.__class__.__name__}: {error})", file=sys.stderr)
    started = time.perf_counter()
    call_command("generate_synthetic", plans=plans, verbosity=0, stdout=quiet)
    print(f"  generate_synthetic --plans {plans}: {time.perf_counter() - started:.1f} s", file=sys.stderr)

    started = time.perf_counter()
    every = list(Plan.objects.select_related("jurisdiction").order_by("pk"))
    for plan in every:
        plan_year_publish(plan=plan, year=plan.start_year + 1)
    publishing = time.perf_counter() - started
    print(
        f"  published {len(every)} plan years in {publishing:.1f} s ({publishing / len(every) * 1000:.0f} ms each)",
        file=sys.stderr,
    )

    plan = Plan.objects.filter(is_synthetic=False).order_by("pk").first() or every[0]
    indicator = plan.indicators.order_by("pk").first()
    pages = {
        "plan": f"/public/plans/{plan.pk}/",
        "plan csv": f"/public/plans/{plan.pk}/{plan.start_year + 1}.csv",
        "indicator": f"/public/plans/{plan.pk}/indicators/{indicator.pk}/",
        "region": f"/public/regions/{plan.jurisdiction_id}/",
        "index": "/public/",
        "listing": "/public/data.json",
    }
    client = Client()
    results = []
    for name, url in pages.items():
        caches["public"].clear()
        queries = Counter()
        with connection.execute_wrapper(queries):
            start = time.perf_counter()
            assert client.get(url).status_code == 200, url
            first = (time.perf_counter() - start) * 1000
        times = []
        for _ in range(requests):
            warm = Counter()
            with connection.execute_wrapper(warm):
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        start = time.perf_counter()
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
        not_modified = (time.perf_counter() - start) * 1000
        times.sort()
        results.append(
            {
                "page": name,
                "median": statistics.median(times),
                "p95": times[int(len(times) * 0.95) - 1],
                "not_modified": not_modified,
                "first": first,
                "queries": queries.count,
                "warm_queries": warm.count,
                "bytes": len(response.content),
            }
        )
    return [dict(row, plans=len(every), publish_ms=publishing / len(every) * 1000) for row in results]


def run_backend(backend: str, requests: int, plans: int) -> list[dict]:
    return run_child(__file__, backend, ["--requests", str(requests), "--plans", str(plans)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--plans", type=int, default=3000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        report(child(args.requests, args.plans))
        return
    rows = [
        row for backend in args.backends.split(",") for row in run_backend(backend, args.requests, args.plans)
    ]
    print(
        f"{'backend':9} {'published':>9} {'page':10} {'first ms':>9} {'median ms':>10} {'p95 ms':>8} "
        f"{'304 ms':>7} {'queries':>9} {'KB':>6}  goal"
    )
    missed = False
    for r in rows:
        goal = ""
        if r["page"] == "plan" and r["backend"] == "postgres":
            goal = "ok" if r["first"] < GOAL_MS else "MISSED"
            missed |= goal == "MISSED"
        print(
            f"{r['backend']:9} {r['plans']:9} {r['page']:10} {r['first']:9.1f} {r['median']:10.1f} {r['p95']:8.1f} "
            f"{r['not_modified']:7.1f} {r['queries']:>4}/{r['warm_queries']:<4} {r['bytes'] / 1024:6.0f}  {goal}"
        )
    for backend in dict.fromkeys(r["backend"] for r in rows):
        publish = next(r["publish_ms"] for r in rows if r["backend"] == backend)
        print(f"{backend}: publishing one plan year took {publish:.0f} ms on average")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
