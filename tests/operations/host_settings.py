"""Settings of the servers tests/operations/test_two_hosts.py starts: the local ones (from the
environment), reading the passwords the test factories hash (config.settings.test's MD5), with e-mails
written to files in EMAIL_FILE_PATH, so the test counts what each host sent."""

import os

from config.settings.local import *  # noqa: F403
from config.settings.test import PASSWORD_HASHERS  # noqa: F401

EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH")
