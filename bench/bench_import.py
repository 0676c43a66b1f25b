#!/usr/bin/env python
"""How long reading and loading the five plan documents takes.

    .venv/bin/python bench/bench_import.py [--repeat 5]

Parsing is timed alone (pure text → outline), then the whole import (parse + write in one
transaction) into a scratch SQLite database under /tmp, first import and re-import (which must
change nothing). Prints median seconds per document and the queries of the first import and of a
re-import (a fixed number whatever the plan's size: rows are written in bulk). Goal: the whole set
under 2 s.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 2.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp()) / "bench_import.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from importer.fixtures_io import seed_documents
    from importer.services import plan_import_file
    from plans.importing import parse_plan

    call_command("migrate", verbosity=0)
    print(
        f"{'document':32} {'lines':>6} {'parse s':>8} {'import s':>9} {'re-import s':>12}"
        f" {'queries':>8} {'re-import queries':>18}"
    )
    worst = total = 0.0
    queries = {}
    for path in seed_documents():
        text = path.read_text(encoding="utf-8")
        parse = statistics.median(_timed(parse_plan, text) for _ in range(args.repeat))
        with CaptureQueriesContext(connection) as imported:
            first = _timed(plan_import_file, path=path, create_jurisdiction=True)
        queries[path.name] = len(imported)
        again = statistics.median(_timed(plan_import_file, path=path) for _ in range(args.repeat))
        worst, total = max(worst, first, again), total + first
        with CaptureQueriesContext(connection) as reimport:
            plan_import_file(path=path)
        print(
            f"{path.name:32} {len(text.splitlines()):>6} {parse:>8.3f} {first:>9.3f} {again:>12.3f}"
            f" {queries[path.name]:>8} {len(reimport):>18}"
        )
    verdict = "ok" if total < GOAL_SECONDS else "SLOW"
    print(f"all five documents into a fresh database: {total:.3f} s (goal < {GOAL_SECONDS} s): {verdict}")
    print(f"slowest single import: {worst:.3f} s")


def _timed(function, *args, **kwargs) -> float:
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
