"""The database goes away in the middle of a spreadsheet import: the import fails with a message and,
once the database is back, nothing of it is there. Needs a real PostgreSQL server (not SQLite)."""

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection
from django.urls import reverse
from django.utils.translation import gettext, override

from indicators.models import IndicatorValue
from spreadsheets.formats.rows import TemplateRow
from spreadsheets.services import import_apply
from spreadsheets.views import SESSION_KEY, _row_dicts
from tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="stops a real PostgreSQL server"),
    pytest.mark.django_db(transaction=True),  # the import must really commit or really roll back
]

HISTORY_INSERT = 'INSERT INTO "indicators_historicalindicatorvalue"'
CONNECTION_LOST = (OperationalError, InterfaceError)
UNAVAILABLE = "The database is temporarily unavailable, so nothing was saved. Please try again in a moment."


@pytest.fixture
def import_rows(world):
    """New values for three indicators and a change to one existing draft: inserts and updates."""
    indicators = [world.indicator] + [IndicatorFactory(plan=world.plan, pm25=True) for _ in range(2)]
    for indicator in indicators[1:]:
        indicator.units.add(world.own_unit)
    existing = IndicatorValueFactory(indicator=world.indicator, year=2021, value=40, version=1)
    rows = [
        TemplateRow(
            row_number=n,
            indicator_id=indicator.pk,
            version=1 if (indicator, year) == (world.indicator, 2021) else None,
            year=year,
            name=indicator.name,
            unit=indicator.unit,
            value=30 + n / 10,
        )
        for n, (indicator, year) in enumerate(
            ((indicator, year) for indicator in indicators for year in range(2021, 2025)), start=4
        )
    ]
    return world.users["reporter_own"], rows, existing


def database_state():
    return (
        sorted(IndicatorValue.objects.values_list("indicator_id", "year", "value", "version", "state")),
        IndicatorValue.history.count(),
    )


@contextmanager
def fault_at(sql_fragment, fault, occurrence=2):
    """Run `fault` just before the `occurrence`-th statement containing `sql_fragment`.

    The second history insert comes after the new rows were inserted and the existing ones updated,
    so the transaction holds a half-finished import when the database goes away.
    """
    seen = []

    def wrapper(execute, sql, params, many, context):
        if sql_fragment in sql:
            seen.append(sql)
            if len(seen) == occurrence:
                fault()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def terminate_our_backend():
    """Another session kills ours, as a server restart or a network cut would."""
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    conninfo = {key: params[key] for key in ("dbname", "user", "host", "port", "password") if params.get(key)}
    with psycopg.connect(**conninfo, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


def pg_ctl(*args):
    command = [str(Path(os.environ["PG_BINDIR"]) / "pg_ctl"), "-D", os.environ["PG_DATADIR"], *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=60)


def stop_server():
    pg_ctl("-m", "immediate", "-w", "stop")


def start_server():
    socket_dir = os.environ["PG_SOCKET_DIR"]
    options = (
        f"-p {os.environ['PG_PORT']} -k {socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c max_connections=200"
    )
    pg_ctl("-l", f"{socket_dir}/server.log", "-o", options, "-w", "start")


needs_the_cluster_helper = pytest.mark.skipif(
    "PG_DATADIR" not in os.environ, reason="run under scripts/with_postgres.py to stop and start the server"
)


@needs_the_cluster_helper
def test_server_stopping_mid_import_leaves_nothing_once_it_is_back(import_rows):
    user, rows, _existing = import_rows
    before = database_state()
    stopped = []
    try:
        with fault_at(HISTORY_INSERT, lambda: stopped.append(stop_server())), pytest.raises(CONNECTION_LOST):
            import_apply(user=user, rows=rows)
    finally:
        if stopped:
            start_server()
    assert stopped, "the server stopped in the middle of the import"
    connection.close()
    assert database_state() == before


def test_lost_connection_mid_import_leaves_nothing(import_rows):
    user, rows, _existing = import_rows
    before = database_state()
    with fault_at(HISTORY_INSERT, terminate_our_backend) as seen, pytest.raises(CONNECTION_LOST):
        import_apply(user=user, rows=rows)
    assert len(seen) == 2, "the connection was cut in the middle of the import"
    connection.close()
    assert database_state() == before


def test_import_page_says_the_database_is_unavailable_and_saves_nothing(client, import_rows):
    user, rows, existing = import_rows
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = _row_dicts(rows)
    session.save()
    before = database_state()
    with fault_at(HISTORY_INSERT, terminate_our_backend) as seen:
        response = client.post(reverse("spreadsheets:import_confirm"))
    assert len(seen) == 2
    assert response.status_code == 503
    with override("zh-hans"):
        assert gettext(UNAVAILABLE) in response.content.decode()
    assert database_state() == before
    existing.refresh_from_db()
    assert existing.value == 40


def test_the_same_import_succeeds_once_the_database_is_back(import_rows):
    user, rows, _existing = import_rows
    with fault_at(HISTORY_INSERT, terminate_our_backend) as seen, pytest.raises(CONNECTION_LOST):
        import_apply(user=user, rows=rows)
    assert len(seen) == 2
    connection.close()
    result = import_apply(user=user, rows=rows)
    assert IndicatorValue.objects.count() == len(result.writes) == len(rows)
