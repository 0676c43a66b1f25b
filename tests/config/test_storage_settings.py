"""config.settings.production: where evidence files go is chosen by the environment, not the code."""

import json
import os
import subprocess
import sys

from django.conf import settings

ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k3J9-vQx_7mZ2pL8wR4tY6uI0oP5aS1dF3gH7jK9lZ2xC4vB6nM8qW0eR",
    "ALLOWED_HOSTS": "plans.sthjt.jl.gov.cn",
    "DATABASE_URL": "sqlite:////tmp/never-opened.sqlite3",
}
PRINT_DEFAULT_STORAGE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps(settings.STORAGES['default']))"
)


def default_storage_with(**extra):
    clean = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    return subprocess.run(
        [sys.executable, "-c", PRINT_DEFAULT_STORAGE],
        cwd=settings.BASE_DIR,
        env={**clean, **ENV, **extra},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_default_storage_is_the_file_system_when_nothing_is_set():
    result = default_storage_with()
    assert json.loads(result.stdout) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {},
    }


def test_storage_backend_and_options_come_from_the_environment():
    options = {"bucket_name": "ecoplan-evidence", "querystring_auth": True}
    result = default_storage_with(
        STORAGE_BACKEND="storages.backends.s3.S3Storage", STORAGE_OPTIONS=json.dumps(options)
    )
    assert json.loads(result.stdout) == {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def test_options_that_are_not_a_json_object_stop_the_start():
    result = default_storage_with(STORAGE_OPTIONS='["ecoplan-evidence"]')
    assert result.returncode != 0
    assert "STORAGE_OPTIONS must be a JSON object" in result.stderr
