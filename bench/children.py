"""What the benchmarks that measure each database share: run the script again as a child on a scratch
SQLite file or a throwaway PostgreSQL cluster (scripts/with_postgres.py), and read back its rows."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "RESULTS "  # the child's line of results, as JSON


def report(rows: list[dict]) -> None:
    """In the child: hand the rows to the parent."""
    print(MARK + json.dumps(rows))


def run_child(script: str, backend: str, args: list[str]) -> list[dict]:
    """Run `script --child *args` on `backend` ("sqlite" or "postgres"); its rows, each with its backend."""
    command = [sys.executable, script, "--child", *args]
    env = dict(os.environ, LOG_LEVEL="WARNING")
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        if backend == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
        else:
            command = [sys.executable, str(ROOT / "scripts" / "with_postgres.py"), *command]
        print(f"{backend}: running…", file=sys.stderr, flush=True)
        out = subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    line = [row for row in out.splitlines() if row.startswith(MARK)][-1]
    return [dict(row, backend=backend) for row in json.loads(line[len(MARK) :])]
