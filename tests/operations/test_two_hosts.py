"""Two application servers on one PostgreSQL, as the README's "Scaling past one machine" promises:
nothing that matters is kept on a host. Each server is its own process with its own temporary directory
(another machine's /tmp) and in-process caches; they share the database and MEDIA_ROOT (the shared
storage the README asks for). Skipped on SQLite: `scripts/with_postgres.py` provides the cluster."""

import datetime
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.db import connection

from accounts.tokens import token_for
from indicators.models import ReviewState
from plans.models import Plan
from rounds.models import Notification, Reminder
from tests.factories import IndicatorValueFactory, ReportingRoundFactory
from tests.plans.conftest import seed_path

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo-pass-2025"  # UserFactory's
LOGIN = "/accounts/login/"


def database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{quote(db['USER'] or '', safe='')}:{quote(db['PASSWORD'] or '', safe='')}"
        f"@{quote(db['HOST'] or '', safe='')}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Host:
    url: str
    env: dict
    process: subprocess.Popen | None = None

    def manage(self, *args) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )


def host_env(tmp: Path, shared_media: Path) -> dict:
    (tmp / "tmp").mkdir(parents=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.operations.host_settings",
        "DEBUG": "0",
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "0",  # no connection left open when the test database is flushed
        "TMPDIR": str(tmp / "tmp"),  # this host's own /tmp
        "MEDIA_ROOT": str(shared_media),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp / "mail"),
        "AXES_FAILURE_LIMIT": "5",
    }


@pytest.fixture(scope="module")
def hosts(django_db_setup, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("two hosts share one PostgreSQL (scripts/with_postgres.py)")
    shared_media = tmp_path_factory.mktemp("shared-media")
    started = []
    for name in ("a", "b"):
        port = free_port()
        host = Host(
            f"http://127.0.0.1:{port}", host_env(tmp_path_factory.mktemp(f"host-{name}"), shared_media)
        )
        host.process = host.manage("runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}")
        started.append(host)
    try:
        for host in started:
            wait_until_up(host)
        yield started
    finally:
        for host in started:
            host.process.terminate()
            host.process.wait(timeout=30)


def wait_until_up(host: Host, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if host.process.poll() is not None:
            raise AssertionError(f"{host.url} stopped: {host.process.stdout.read()}")
        try:
            if requests.get(f"{host.url}/healthz", timeout=10).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still loading
            pass
        time.sleep(0.5)
    raise AssertionError(f"{host.url} did not start within {seconds} s")


def csrf(browser: requests.Session, url: str) -> str:
    page = browser.get(url, timeout=30)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def log_in(browser: requests.Session, host: Host, username: str, password=PASSWORD) -> requests.Response:
    token = csrf(browser, f"{host.url}{LOGIN}")
    return browser.post(
        f"{host.url}{LOGIN}",
        {"username": username, "password": password, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=30,
    )


def main_content(page: str) -> str:
    """The page's content without what differs on every response (the masked CSRF token)."""
    body = page.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_a_session_started_on_one_host_works_and_ends_on_the_other(world, hosts):
    a, b = hosts
    browser = requests.Session()  # one cookie jar: both hosts answer for 127.0.0.1, as behind nginx
    assert log_in(browser, a, "kc_review").status_code == 302
    page = browser.get(f"{b.url}/", allow_redirects=False, timeout=30)
    assert page.status_code == 200 and "kc_review" in page.text
    out = browser.post(
        f"{b.url}/accounts/logout/",
        {"csrfmiddlewaretoken": csrf(browser, f"{b.url}/")},
        allow_redirects=False,
        timeout=30,
    )
    assert out.status_code == 302
    assert browser.get(f"{a.url}/", allow_redirects=False, timeout=30).status_code == 302  # to the login


def test_failed_logins_on_both_hosts_lock_the_account_on_both(world, hosts):
    a, b = hosts
    browser = requests.Session()
    for host in (a, b, a, b, a):  # five failures, spread over the hosts
        assert log_in(browser, host, "kc_sthj", "wrong-password").status_code != 302
    for host in (b, a):
        refused = log_in(requests.Session(), host, "kc_sthj")
        assert refused.status_code == 429 and "登录失败次数过多" in refused.text


def test_an_approval_on_one_host_shows_on_the_others_overview_at_its_next_request(world, hosts):
    a, b = hosts
    value = IndicatorValueFactory(
        indicator=world.indicator,
        year=2024,
        value=31,
        state=ReviewState.SUBMITTED,
        reported_by=world.users["reporter_own"],
    )
    reviewer = requests.Session()
    assert log_in(reviewer, b, "kc_review").status_code == 302
    before = main_content(reviewer.get(f"{b.url}/", timeout=60).text)  # B computes and caches its tables

    token = token_for(user=world.users["reviewer"]).key
    approved = requests.post(
        f"{a.url}/api/values/{value.pk}/approve/", headers={"Authorization": f"Token {token}"}, timeout=30
    )
    assert approved.status_code == 200 and approved.json()["state"] == "approved"

    after_on_b = main_content(reviewer.get(f"{b.url}/", timeout=60).text)
    fresh_on_a = main_content(reviewer.get(f"{a.url}/", timeout=60).text)  # A never cached the overview
    assert after_on_b != before
    assert after_on_b == fresh_on_a


@pytest.fixture
def admin_on_a(world, hosts):
    Plan.objects.all().delete()  # the world's factory plan would stand in 宽城区's place
    browser = requests.Session()
    assert log_in(browser, hosts[0], "admin").status_code == 302
    return browser


def test_a_plan_preview_made_on_one_host_confirms_on_the_other(admin_on_a, hosts):
    a, b = hosts
    browser = admin_on_a
    text = seed_path("000").read_text(encoding="utf-8")
    preview = browser.post(
        f"{a.url}/plans/import/",
        data={"csrfmiddlewaretoken": csrf(browser, f"{a.url}/plans/import/")},
        files={"file": ("plan.txt", text.encode("utf-8"), "text/plain")},
        timeout=120,
    )
    assert preview.status_code == 200 and "宽城区生态环境保护“十四五”规划" in preview.text
    token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)
    confirmed = browser.post(
        f"{b.url}/plans/import/confirm/",
        {"token": token, "create_jurisdiction": "1", "csrfmiddlewaretoken": csrf(browser, f"{b.url}/")},
        allow_redirects=False,
        timeout=120,
    )
    plan = Plan.objects.filter(title="宽城区生态环境保护“十四五”规划").first()
    assert plan is not None, (
        f"nothing imported; the confirm answered {confirmed.status_code} → {confirmed.headers.get('Location')}"
    )
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == f"/plans/{plan.pk}/"


DUE = datetime.date(2026, 3, 31)


def test_send_reminders_on_each_host_sends_each_reminder_once(world, hosts):
    reporter = world.users["reporter_own"]
    reporter.email = "kc_sthj@example.cn"
    reporter.save()
    ReportingRoundFactory(year=2025, due_date=DUE)
    day = (DUE - datetime.timedelta(days=7)).isoformat()
    runs = [host.manage("send_reminders", f"--date={day}") for host in hosts]  # at the same time
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert sorted(outputs) == ["reminded 0 units\n", "reminded 1 units\n"], outputs
    assert Reminder.objects.get().unit == world.own_unit
    assert Notification.objects.get().user == reporter
    mails = [path for host in hosts for path in Path(host.env["EMAIL_FILE_PATH"]).glob("*")]
    assert len(mails) == 1 and "kc_sthj@example.cn" in mails[0].read_text()
