from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Django's test client logs in without a request, which axes refuses; throttling tests enable it.
AXES_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Reading an upload may take this long here (production: operations.uploads.MAX_READ_SECONDS, 10 s): a
# real plan read on a machine running many test processes is slow; the budget tests time themselves.
UPLOAD_READ_SECONDS = 60

PUBLIC_THROTTLE = (10_000, 60)  # tests of the throttle set their own limit
