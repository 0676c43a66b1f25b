#!/usr/bin/env python3
"""Load test: 50 clients at once against gunicorn (2 workers) on a throwaway PostgreSQL.

Each client is a reporter of one responsible unit with an API token and a session (a few clients
obtain their token with a password through POST /api/auth/token/; the rest get one up front, so that
password hashing does not dominate the run). For
BENCH_SECONDS (default 20) mixes dashboard pages, API reads and value writes (POST /api/values/, then
PATCH with the version it was given). Clients of a unit write disjoint (indicator, year) pairs, so the
database must end holding exactly each client's last acknowledged figure, with one history row per
acknowledged write. Prints requests/s, p50/p95 latency and errors; exits non-zero on any error or on
a lost or duplicated write. Loopback only; stops by itself.

    .venv/bin/python bench/load_test.py          # starts its own PostgreSQL via scripts/with_postgres.py
"""

import contextlib
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
UNITS, INDICATORS_PER_UNIT, YEARS = 10, 3, range(2021, 2026)
PASSWORD = "bench-pass-2025"
PASSWORD_LOGINS = 5


def server_env(port):
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on loopback: nothing in front terminates TLS here.
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="WARNING",
        BENCH_PORT=str(port),
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- data ---------------------------------------------------------------------------------------


def seed(clients):
    """Plans, units, indicators and one reporter per client, spread over the units."""
    from rest_framework.authtoken.models import Token

    from accounts.models import Jurisdiction
    from tests.factories import IndicatorFactory, JurisdictionFactory, PlanFactory, UnitFactory, UserFactory

    city = JurisdictionFactory(name="压测市", level=Jurisdiction.Level.CITY)
    plans = [PlanFactory(jurisdiction=JurisdictionFactory(name=f"压测区{n}", parent=city)) for n in range(3)]
    units = []
    for n in range(UNITS):
        plan = plans[n % len(plans)]
        unit = UnitFactory(jurisdiction=plan.jurisdiction, name=f"区压测局{n}")
        for _ in range(INDICATORS_PER_UNIT):
            IndicatorFactory(plan=plan, name=f"压测指标{n}", unit="%").units.add(unit)
        units.append(unit)
    users = []
    for n in range(clients):
        password = PASSWORD if n < PASSWORD_LOGINS else None  # None: unusable, no hashing cost
        users.append(UserFactory(username=f"bench{n}", password=password, units=[units[n % UNITS]]))
    keys = defaultdict(list)  # a client's own (indicator, year) pairs
    for unit in units:
        colleagues = [u for u in users if unit in u.units.all()]
        pairs = [(i.pk, year) for i in unit.indicators.order_by("pk") for year in YEARS]
        for index, pair in enumerate(pairs):
            keys[colleagues[index % len(colleagues)].username].append(pair)
    return [
        (
            user.username,
            None if n < PASSWORD_LOGINS else Token.objects.create(user=user).key,
            session_for(user),
            plans[(n % UNITS) % len(plans)].pk,
            keys[user.username],
        )
        for n, user in enumerate(users)
    ]


def session_for(user):
    """A logged-in session stored in the database, as the login view would leave it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def page_paths(plan_id):
    """The pages a reporter reads, where they exist."""
    from django.urls import NoReverseMatch, reverse

    paths = []
    for name, args in [
        ("dashboard:overview", []),
        ("dashboard:plan", [plan_id]),
        ("dashboard:compare-index", []),
        ("entry:entry", []),
    ]:
        with contextlib.suppress(NoReverseMatch):
            paths.append(reverse(name, args=args))
    return paths


# --- clients ------------------------------------------------------------------------------------


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.errors = Counter()
        self.kinds = Counter()

    def record(self, kind, seconds, error=None):
        with self.lock:
            self.latencies.append(seconds)
            self.kinds[kind] += 1
            if error:
                self.errors[f"{kind}: {error}"] += 1


class Client(threading.Thread):
    def __init__(self, base, login, deadline, stats):
        super().__init__(daemon=True)
        self.username, self.token, self.session, self.plan_id, self.keys = login
        self.pages = page_paths(self.plan_id)
        self.base, self.deadline, self.stats = base, deadline, stats
        self.acked = {}  # (indicator, year) -> {"id", "version", "value", "writes"}
        self.unacked = Counter()

    def call(self, kind, method, path, body=None, expect=(200,)):
        headers, data = {}, None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        if not path.startswith("/api/"):
            headers["Cookie"] = f"sessionid={self.session}"
        elif self.token:
            headers["Authorization"] = f"Token {self.token}"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, content = exc.code, exc.read()
        except OSError as exc:
            self.stats.record(kind, time.monotonic() - started, type(exc).__name__)
            return None
        error = None if status in expect else f"HTTP {status}"
        self.stats.record(kind, time.monotonic() - started, error)
        return content if error is None else None

    def log_in(self):
        body = self.call(
            "token", "POST", "/api/auth/token/", body={"username": self.username, "password": PASSWORD}
        )
        self.token = json.loads(body)["token"] if body else None

    def write(self):
        key = random.choice(self.keys)
        value = f"{random.uniform(10, 90):.2f}"
        known = self.acked.get(key)
        if known is None:
            body = self.call(
                "write",
                "POST",
                "/api/values/",
                expect=(201,),
                body={"indicator": key[0], "year": key[1], "value": value},
            )
        else:
            body = self.call(
                "write",
                "PATCH",
                f"/api/values/{known['id']}/",
                body={"value": value, "version": known["version"]},
            )
        if body is None:
            self.unacked[key] += 1
            return
        saved = json.loads(body)
        writes = known["writes"] + 1 if known else 1
        self.acked[key] = {"id": saved["id"], "version": saved["version"], "value": value, "writes": writes}

    def read(self):
        if self.pages and random.random() < 0.5:
            self.call("page", "GET", random.choice(self.pages))
        elif random.random() < 0.5:
            self.call("api-read", "GET", f"/api/indicators/?plan={self.plan_id}")
        else:
            self.call("api-read", "GET", f"/api/values/?indicator={random.choice(self.keys)[0]}")

    def run(self):
        if self.token is None:
            self.log_in()
        if not self.token:
            return
        while time.monotonic() < self.deadline:
            self.write() if random.random() < 0.4 else self.read()


# --- checks -------------------------------------------------------------------------------------


def verify(clients):
    """Every acknowledged write is in the database: the last figure, one history row per write."""
    from indicators.models import IndicatorValue

    lost, duplicated, acked = [], [], 0
    rows = {
        (v.indicator_id, v.year): v for v in IndicatorValue.objects.filter(indicator__name__startswith="压测")
    }
    history = Counter(
        IndicatorValue.history.filter(indicator__name__startswith="压测").values_list("id", flat=True)
    )
    for client in clients:
        for key, ack in client.acked.items():
            acked += ack["writes"]
            row = rows.get(key)
            if row is None or row.value != Decimal(ack["value"]) or history[row.pk] < ack["writes"]:
                lost.append((client.username, key))
            elif history[row.pk] > ack["writes"] + client.unacked[key]:
                duplicated.append((client.username, key))
    owned = {key for client in clients for key in client.acked} | {k for c in clients for k in c.unacked}
    stray = [key for key in rows if key not in owned]
    return acked, lost, duplicated + stray


def percentile(values, share):
    return sorted(values)[min(len(values) - 1, int(len(values) * share))] if values else 0.0


def run_load(port, env, server_log, users):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--timeout", "30"],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit(f"gunicorn did not answer; see {server_log.name}")
        stats = Stats()
        started = time.monotonic()
        deadline = started + SECONDS
        clients = [Client(base, login, deadline, stats) for login in users]
        for client in clients:
            client.start()
        for client in clients:
            client.join(timeout=max(1.0, deadline + 30 - time.monotonic()))
        return clients, stats, time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    if "PG_PORT" not in os.environ:  # re-run inside a throwaway PostgreSQL cluster
        helper = ROOT / "scripts" / "with_postgres.py"
        os.execv(sys.executable, [sys.executable, str(helper), sys.executable, str(Path(__file__).resolve())])
    port = free_port()
    env = server_env(port)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    manage = [sys.executable, str(ROOT / "manage.py")]
    # collectstatic first: other commands load URLs that look files up in its manifest.
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], check=True, env=env, cwd=ROOT)
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=env, cwd=ROOT)

    import django

    django.setup()
    users = seed(CLIENTS)

    with tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False) as server_log:
        clients, stats, elapsed = run_load(port, env, server_log, users)

    acked, lost, duplicated = verify(clients)
    latencies = stats.latencies
    errors = sum(stats.errors.values())
    print(
        f"clients {CLIENTS}, gunicorn workers {WORKERS}, {elapsed:.1f} s, pages {', '.join(clients[0].pages) or 'none'}"
    )
    print(f"requests {len(latencies)} ({dict(stats.kinds)}), {len(latencies) / elapsed:.1f} requests/s")
    print(
        f"latency p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {percentile(latencies, 0.95) * 1000:.0f} ms"
    )
    print(f"errors {errors}" + (f": {dict(stats.errors)}" if errors else ""))
    print(f"acknowledged writes {acked}, lost {len(lost)}, duplicated {len(duplicated)}")
    if any(thread.is_alive() for thread in clients):
        print("some clients were still running at the deadline")
        return 1
    return 1 if errors or lost or duplicated or not acked else 0


if __name__ == "__main__":
    sys.exit(main())
