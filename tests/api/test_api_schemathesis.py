"""schemathesis over the whole API, as the README's monitoring systems use it: every check (`--checks
all`) in every phase (the schema's examples, coverage, fuzzing and stateful sequences following the
links between operations), over HTTP against the live test server, as a reporter and as an
administrator, with 0 failures. Bounded (a fixed seed, a few cases per operation) to run in well under
two minutes."""

import subprocess
import sys
from pathlib import Path

import pytest

from accounts.tokens import token_for
from indicators.models import ReviewState
from tests.factories import IndicatorFactory, IndicatorValueFactory

CONFIG = Path(__file__).with_name("schemathesis.toml")
CASES_PER_OPERATION = 5
SEED = 20


@pytest.fixture
def records(world):
    """Records in every state of the reporter's indicators, a figure and a status, for the phases to find."""
    status = IndicatorFactory(plan=world.plan, box=world.indicator.box, qualitative=True)
    status.units.add(world.own_unit)
    reporter = world.users["reporter_own"]
    for year, state in zip((2021, 2022, 2023, 2024), ReviewState.values, strict=True):
        IndicatorValueFactory(
            indicator=world.indicator, year=year, value=40, state=state, reported_by=reporter
        )
        IndicatorValueFactory(
            indicator=status, year=year, value=None, status="in_progress", state=state, reported_by=reporter
        )
    return world


def schemathesis(base_url, token, report_dir):
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        f"--config-file={CONFIG}",
        "run",
        f"{base_url}/api/schema/?format=json",
        f"--url={base_url}",
        "--checks=all",
        "--phases=examples,coverage,fuzzing,stateful",
        f"--max-examples={CASES_PER_OPERATION}",
        f"--seed={SEED}",
        "--workers=1",  # the live server shares the test's database connection on SQLite
        f"--header=Authorization: Token {token}",
        # It revokes the very token the run authenticates with (tests/accounts test it).
        "--exclude-path=/api/auth/logout-everywhere/",
        f"--report-dir={report_dir}",
        "--no-color",
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.mark.fuzz
@pytest.mark.parametrize("who", ["reporter_own", "admin"])
def test_schemathesis_finds_nothing(records, live_server, tmp_path, who):
    token = token_for(user=records.users[who]).key
    run = schemathesis(live_server.url, token, tmp_path)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "401 Unauthorized (" not in output, output  # the token worked (403s: what the role may not do)
