"""config.settings.production: refuses to start half-configured, and passes Django's deploy checks."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

REAL_LOOKING_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k3J9-vQx_7mZ2pL8wR4tY6uI0oP5aS1dF3gH7jK9lZ2xC4vB6nM8qW0eR",
    "ALLOWED_HOSTS": "plans.sthjt.jl.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://plans.sthjt.jl.gov.cn",
    "BEHIND_PROXY": "1",
    "DATABASE_URL": "sqlite:////tmp/never-opened.sqlite3",
}
# Only what a service manager would pass: nothing from the test run (which may set DEBUG-ish switches).
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def manage(*args, env):
    clean = {key: os.environ[key] for key in INHERITED if key in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def deployed_env(tmp_path_factory):
    """The environment after the first deployment step, collectstatic (the manifest pages rely on)."""
    env = {**REAL_LOOKING_ENV, "STATIC_ROOT": str(tmp_path_factory.mktemp("static"))}
    result = manage("collectstatic", "--noinput", "-v0", env=env)
    assert result.returncode == 0, result.stderr
    return env


def test_check_deploy_reports_nothing_with_production_settings(deployed_env):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=deployed_env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {**REAL_LOOKING_ENV, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", env={**REAL_LOOKING_ENV, "SECRET_KEY": "secret"})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", env={**REAL_LOOKING_ENV, "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


@pytest.mark.parametrize("hosts", ["*", "plans.sthjt.jl.gov.cn,*", "*.jl.gov.cn"])
def test_production_refuses_a_wildcard_in_allowed_hosts(hosts):
    result = manage("check", env={**REAL_LOOKING_ENV, "ALLOWED_HOSTS": hosts})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name the site's hosts" in result.stderr


def test_check_deploy_runs_before_collectstatic(tmp_path):
    """The README's first install runs collectstatic first, but a check must not crash without it."""
    env = {**REAL_LOOKING_ENV, "STATIC_ROOT": str(tmp_path / "not-collected-yet")}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_favicon_ico_leads_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_turning_off_the_ssl_redirect_is_reported_by_check_deploy(deployed_env):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**deployed_env, "SECURE_SSL_REDIRECT": "0"}
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


def test_production_logs_are_json_lines(deployed_env):
    code = "import logging; logging.getLogger('operations.requests').warning('probe')"
    result = manage("shell", "--no-imports", "-c", code, env=deployed_env)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "the probe was not logged"
    records = [json.loads(line) for line in lines]
    assert {"level": "WARNING", "message": "probe"}.items() <= records[-1].items()


def test_production_keeps_sessions_in_the_database_and_serves_hashed_static_files(deployed_env):
    code = (
        "from django.conf import settings as s; print(s.SESSION_ENGINE, s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = manage("shell", "--no-imports", "-c", code, env=deployed_env)
    assert result.stdout.split() == [
        "django.contrib.sessions.backends.db",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]
