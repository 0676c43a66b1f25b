#!/usr/bin/env python
"""Server time of the dashboard's pages at the real plans and at N synthetic plans, SQLite and PostgreSQL.

    .venv/bin/python bench/bench_pages.py [--requests 50] [--plans 500] [--approvals 5] [--backends sqlite,postgres]

`--plans 3000` is every county-level plan in China (the child prints how many indicators and values that makes).

Each backend runs in a child process against a scratch database (a temporary SQLite file; a
throwaway PostgreSQL cluster from scripts/with_postgres.py), never the development db.sqlite3. The
child migrates, loads the real plans (`load_plans`; skipped with a message when the fixtures are not
there), times the overview, a plan page and an indicator page through Django's test client as an
administrator (who sees everything), adds the synthetic plans and times them again. Prints median and
p95 per page and the ratio of the large to the small data set.

Warm figures repeat a request whose tables are cached. "After approval" is the first request after
a value was approved through the services (a reporter of its units enters and submits it, a reviewer
approves it: the data's fingerprint moves, so the cached tables are brought up to date); each of
`--approvals` rounds approves a new value and then times each page once, and the median of those
rounds is printed.
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
GOAL_MS = 150  # warm, PostgreSQL, at most 500 synthetic plans (and at most GOAL_RATIO × the real data)
GOAL_RATIO = 3
GOAL_SCALE_MS = 300  # warm, PostgreSQL, beyond 500 synthetic plans (every county's plan: 3000)
GOAL_FIRST_MS = 1500  # the first request after an approval, PostgreSQL


def child(requests: int, plans: int, approvals: int) -> list[dict]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import F
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import User
    from indicators import services
    from indicators.models import Indicator, IndicatorValue, ReviewState
    from plans.models import Plan

    setup_test_environment()  # allows "testserver" as host
    call_command("migrate", verbosity=0)
    results = []
    try:
        call_command("load_plans", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        real = Plan.objects.filter(is_synthetic=False).count()
    except Exception as error:  # noqa: BLE001 - any failure means no real data to measure
        print(
            f"  real plans not loaded ({error.__class__.__name__}: {error}); measuring without them",
            file=sys.stderr,
        )
        real = 0
    admin = User.objects.create_superuser("bench-admin", "", "bench-pass-2025", role=User.Role.ADMIN)
    client = Client()
    client.force_login(admin)

    def approve_one(synthetic: bool):
        """A reporter of its units enters and submits a value of an indicator (of a real or a synthetic
        plan) not yet reported for its plan's last year; a reviewer of the plan's jurisdiction approves it."""
        reported = IndicatorValue.objects.filter(year=F("indicator__plan__end_year")).values("indicator_id")
        indicator = (
            Indicator.objects.assessed()
            .select_related("plan")
            .filter(plan__is_synthetic=synthetic, direction__in=("lower_is_better", "higher_is_better"))
            .filter(baseline_value__isnull=False, units__isnull=False)
            .exclude(pk__in=reported)
            .order_by("pk")
            .first()
        )
        reporter = User.objects.create_user(f"bench-reporter-{indicator.pk}", "", "bench-pass-2025")
        reporter.units.set(indicator.units.all())
        plan = indicator.plan
        reviewer, _ = User.objects.get_or_create(
            username=f"bench-reviewer-{plan.jurisdiction_id}",
            defaults={"role": User.Role.REVIEWER, "jurisdiction_id": plan.jurisdiction_id},
        )
        last = (
            IndicatorValue.objects.filter(indicator=indicator, value__isnull=False).order_by("-year").first()
        )
        figure = last.value if last else indicator.baseline_value
        value = services.value_save(
            user=reporter, indicator=indicator, year=plan.end_year, value=f"{figure.normalize():f}"
        )
        services.record_submit(user=reporter, record=value)
        value = services.record_approve(user=reviewer, record=value)
        assert value.state == ReviewState.APPROVED

    def measure(label):
        plan = Plan.objects.filter(is_synthetic=(label != "real")).order_by("pk").first()
        indicator = Indicator.objects.filter(plan=plan).order_by("pk").first() if plan else None
        pages = {"overview": "/"}
        if plan:
            pages["plan"] = f"/plans/{plan.pk}/"
        if indicator:
            pages["indicator"] = f"/indicators/{indicator.pk}/"
        for page, url in pages.items():
            assert client.get(url).status_code == 200, url  # warm up (and fill the attainment cache)
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, url
            times.sort()
            first = []
            for _ in range(approvals):
                approve_one(label != "real")
                started = time.perf_counter()
                response = client.get(url)
                first.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, url
            results.append(
                {
                    "data": label,
                    "page": page,
                    "median": statistics.median(times),
                    "p95": times[max(0, int(round(0.95 * len(times))) - 1)],
                    "first": statistics.median(first) if first else None,
                }
            )

    if real:
        measure("real")
    else:
        print("  no real plans: fixtures/plans/*.json missing; the 'real' rows are skipped", file=sys.stderr)
    started = time.perf_counter()
    report = io.StringIO()
    call_command("generate_synthetic", plans=plans, verbosity=0, stdout=report)
    added = report.getvalue().splitlines()[0]
    print(
        f"  generate_synthetic --plans {plans}: {time.perf_counter() - started:.1f} s ({added})",
        file=sys.stderr,
    )
    measure(f"N={plans}")
    return results


def run_backend(backend: str, requests: int, plans: int, approvals: int) -> list[dict]:
    args = ["--requests", str(requests), "--plans", str(plans), "--approvals", str(approvals)]
    return run_child(__file__, backend, args)


def met(row: dict, ratio: float | None, plans: int) -> bool:
    if row["backend"] != "postgres":
        return True
    if row["first"] is not None and row["first"] >= GOAL_FIRST_MS:
        return False
    if plans > 500:
        return row["median"] < GOAL_SCALE_MS
    return row["median"] < GOAL_MS and (ratio is None or ratio <= GOAL_RATIO)


def table(rows: list[dict], plans: int) -> str:
    small = {(r["backend"], r["page"]): r["median"] for r in rows if r["data"] == "real"}
    lines = [
        f"{'backend':9} {'data':8} {'page':10} {'median ms':>10} {'p95 ms':>8} {'× real':>7} "
        f"{'after approval ms':>18}  goal"
    ]
    for r in rows:
        base = small.get((r["backend"], r["page"]))
        ratio = r["median"] / base if base and r["data"] != "real" else None
        ok = "" if r["data"] == "real" else ("ok" if met(r, ratio, plans) else "MISSED")
        first = "—" if r.get("first") is None else f"{r['first']:.1f}"
        lines.append(
            f"{r['backend']:9} {r['data']:8} {r['page']:10} {r['median']:10.1f} {r['p95']:8.1f} "
            f"{(f'{ratio:.2f}' if ratio else '—'):>7} {first:>18}  {ok}"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--approvals", type=int, default=5, help="rounds of approve-then-request per page")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        report(child(options.requests, options.plans, options.approvals))
        return
    rows = []
    for backend in options.backends.split(","):
        rows += run_backend(backend.strip(), options.requests, options.plans, options.approvals)
    print(
        f"Dashboard server time over {options.requests} warm requests per page, and the median of "
        f"{options.approvals} first requests after an approval (Django test client, admin user)"
    )
    warm = (
        f"median < {GOAL_SCALE_MS} ms"
        if options.plans > 500
        else f"median < {GOAL_MS} ms and at most {GOAL_RATIO}× the real data"
    )
    print(f"Goal at N={options.plans} on PostgreSQL: {warm}; after an approval < {GOAL_FIRST_MS} ms")
    print(table(rows, options.plans))


if __name__ == "__main__":
    main()
