"""A backup of the SQLite database that `make run` keeps restores into PostgreSQL, long reasons included."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from indicators.models import IndicatorValue
from tests.operations.sqlite_backup_with_long_reasons import REASON

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="restores into PostgreSQL"),
]


def test_a_sqlite_backup_with_long_reasons_restores_into_postgresql(tmp_path):
    backup = tmp_path / "from-sqlite.json.gz"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LOG_LEVEL": "ERROR",
    }
    made = subprocess.run(
        [sys.executable, "-m", "tests.operations.sqlite_backup_with_long_reasons", str(backup)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr[-3000:]
    call_command("restore_data", str(backup), verbosity=0)
    value = IndicatorValue.objects.get()
    assert (value.state, value.review_comment) == ("returned", REASON)
    reasons = list(IndicatorValue.history.values_list("history_change_reason", flat=True))
    assert max(len(reason) for reason in reasons) <= 100 and any(r.endswith("…") for r in reasons)
