"""SQLite (`make run`) under parallel writes: every write waits its turn; none is taken for an outage."""

import json
import os
import subprocess
import sys

from django.conf import settings

from tests.operations.parallel_sqlite_writes import WRITERS


def test_twenty_parallel_writes_on_a_sqlite_file_all_succeed(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LOG_LEVEL": "ERROR",
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.operations.parallel_sqlite_writes"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [201] * WRITERS, result.stderr[-2000:]
