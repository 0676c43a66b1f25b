"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from import_export.formats import base_formats

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Local default only; production.py refuses to start without a real one.
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-local-development-only")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "accounts.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the docs page's Swagger UI, served from our static files (no CDN)
    "import_export",
    # The project's apps, floor by floor from the bottom (README "Architecture"; pyproject's import contract).
    "operations",
    "accounts",
    "plans",
    "rounds",
    "indicators",
    "entry",
    "api",
    "dashboard",
    "spreadsheets",
    "evaluation",
    "public",
    "importer",
    "demo",
    "axes",
]

MIDDLEWARE = [
    "operations.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "operations.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.ChosenLanguageMiddleware",
    "operations.middleware.ControlCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

# Scripts only from our own static files (ECharts is vendored there): no inline script, no handler
# attribute, no eval. Styles also allow inline `style` attributes: ECharts writes them into its
# tooltips and the admin's import-export pages carry some; they cannot run code.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "indicators.context_processors.demo_data",
                "indicators.context_processors.navigation",
                "rounds.context_processors.reporting_cycle",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Parallel writers queue instead of failing: a transaction takes the write lock when it begins
    # (a deferred one that read first cannot wait for it and fails at once with "database is locked"),
    # a writer waits up to SQLITE_TIMEOUT seconds for the lock, and WAL lets readers go on meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.tokens.RevokeTokensOnPasswordChange"},
]
# Axes first: it refuses locked-out credentials before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.backends.RoleBackend",
]
# Five wrong passwords lock that username from that address for 15 minutes. Behind nginx the address
# is the proxy's unless BEHIND_PROXY says to read the last X-Forwarded-For hop nginx appended.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "operations.network.client_ip"
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False  # no start-up banner on every management command
# A working day, and gone when the browser closes; stored in the database so any host can serve it.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Evidence files and their directories readable by the application's user alone (Django's default
# follows the umask, usually 0644: any account on the host could read a bureau's documents).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# 佐证材料 uploads: the largest file accepted (served only through entry.views.evidence_download).
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/")

# Comparison pages (/compare/) set a district beside its siblings under the same parent, read-only
# (`IndicatorQuerySet.comparable_for`); PEER_COMPARISON=false keeps them to the user's own scope.
PEER_COMPARISON = env_bool("PEER_COMPARISON", True)

# The five official documents live beside the repository, not inside it.
SEEDS_DIR = Path(os.environ.get("SEEDS_DIR", BASE_DIR.parent / "shared" / "seeds"))


# E-mail (notifications and reminders, `rounds.services`) through Django's e-mail framework: SMTP unless
# EMAIL_BACKEND says otherwise (local.py prints to the console, tests keep mail in memory, production.py
# reads the server from the environment). Links in e-mails start with SITE_URL.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# The dashboard's computed tables (`dashboard.scoreboard`): in this process by default; with several app
# servers point DASHBOARD_CACHE_BACKEND/LOCATION at a shared cache, e.g.
# django.core.cache.backends.redis.RedisCache and redis://127.0.0.1:6379/1.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "dashboard": {
        "BACKEND": os.environ.get("DASHBOARD_CACHE_BACKEND", "dashboard.cache.InProcessCache"),
        "LOCATION": os.environ.get("DASHBOARD_CACHE_LOCATION", ""),
        "TIMEOUT": None,  # keys hold a fingerprint of the data: a stale table is never asked for
        "OPTIONS": {"MAX_ENTRIES": 64},
    },
    "public": {
        "BACKEND": os.environ.get("PUBLIC_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("PUBLIC_CACHE_LOCATION", "public"),
        "TIMEOUT": None,  # keyed by the ETag of what is published: never stale
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# The public site (public/): how long shared caches may keep a page; how many requests one client may make
# per window of seconds, counted in PUBLIC_THROTTLE_CACHE; the rendered pages, kept by ETag in PUBLIC_CACHE
# (use shared caches such as Redis when several app servers run).
PUBLIC_MAX_AGE = int(os.environ.get("PUBLIC_MAX_AGE", 300))
PUBLIC_THROTTLE = (int(os.environ.get("PUBLIC_THROTTLE_REQUESTS", 120)), 60)
PUBLIC_THROTTLE_CACHE = "default"
PUBLIC_CACHE = "public"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "api.handlers.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's own, with bodies bounded by DATA_UPLOAD_MAX_MEMORY_SIZE (413) and nesting refused (400).
    "DEFAULT_PARSER_CLASSES": [
        "api.errors.JSONParser",
        "api.errors.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
# The OpenAPI description at /api/schema/ and its docs page at /api/docs/ (api/urls.py).
SPECTACULAR_SETTINGS = {
    "TITLE": "规划指标监测 API",
    "DESCRIPTION": (
        "Indicators and their yearly values, for monitoring systems. Every error is JSON with a "
        "`detail` message (Chinese) and, for refused input, `errors` by field. See README.md, JSON API."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,  # what a client sends apart from what it reads back
    "COMPONENT_SPLIT_PATCH": False,  # a PATCH body's required fields (its `version`) stay required
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# An API token works this many days after it was issued; POST /api/auth/token/ then issues a new one.
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "90"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "operations.logging.JsonLinesFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": os.environ.get("LOG_FORMAT", "plain")},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The admin's import-export (django-import-export) offers spreadsheets only; the resources escape
# formula-like text for both (see spreadsheets/resources.py).
IMPORT_EXPORT_FORMATS = [base_formats.CSV, base_formats.XLSX]
