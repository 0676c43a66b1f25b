"""Settings for a real deployment: everything secret or host-specific comes from the environment.

Behind nginx (which terminates TLS) set BEHIND_PROXY=1; see README "Deployment" for every variable.
"""

import json
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, env_bool, env_list


def _required(name, hint):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} is not set: {hint}")
    return value


DEBUG = False

SECRET_KEY = _required(
    "SECRET_KEY",
    "generate one with `python -c 'import secrets; print(secrets.token_urlsafe(50))'` and keep it secret.",
)
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("SECRET_KEY is too weak: use at least 50 random characters.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or _required(
    "ALLOWED_HOSTS", "list the host names the site answers to, separated by commas."
)
if any("*" in host for host in ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the site's hosts: '*' accepts any Host header, which lets forged "
        "links and password-reset mails point elsewhere (use '.example.cn' for every subdomain)."
    )
# Needed when a form is posted through an https origin that is not the Host (e.g. nginx in front).
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# TLS. nginx terminates it and says so in X-Forwarded-Proto; only trust that header behind our proxy.
if BEHIND_PROXY:  # noqa: F405
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Checks a deployment deliberately gives up (e.g. security.W008 when nginx does the redirect).
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS")

# Static files are hashed and compressed at collectstatic time and served by whitenoise from every host.
# Run collectstatic before any other command: pages and URLs look files up in its manifest.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))  # noqa: F405


def _storage_options():
    raw = os.environ.get("STORAGE_OPTIONS", "").strip()
    try:
        options = json.loads(raw) if raw else {}
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"STORAGE_OPTIONS is not valid JSON: {error}") from error
    if not isinstance(options, dict):
        raise ImproperlyConfigured('STORAGE_OPTIONS must be a JSON object, e.g. {"bucket_name": "evidence"}.')
    return options


# Evidence files: MEDIA_ROOT on this host (or a shared mount) by default; with several hosts, an object
# store through STORAGE_BACKEND and its STORAGE_OPTIONS (README "Scaling past one machine").
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("STORAGE_BACKEND", "").strip()
        or "django.core.files.storage.FileSystemStorage",
        "OPTIONS": _storage_options(),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Notifications and reminders by e-mail: the SMTP server from the environment (EMAIL_BACKEND may name
# another backend). SITE_URL is the address links in e-mails point to.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
SERVER_EMAIL = DEFAULT_FROM_EMAIL  # noqa: F405

# Sessions live in the database (base.py), so any application host can serve any request.
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")
