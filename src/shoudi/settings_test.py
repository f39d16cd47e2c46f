"""Settings of the test suite (``pytest`` reads them from pyproject.toml): the production settings, plus what
tests need. ``SHOUDI_TEST_DATABASE_URL`` chooses the database (default: SQLite in memory); PostgreSQL creates
and drops ``test_<name>``."""

from __future__ import annotations

import os

# The suite needs no secret of its own; a run never uses the deployment's.
os.environ.setdefault("SHOUDI_SECRET_KEY", "shoudi-test-suite-not-a-secret")

from shoudi.env import env_str
from shoudi.settings import *  # noqa: F403
from shoudi.settings import database

DATABASES = {"default": database(env_str("SHOUDI_TEST_DATABASE_URL", "sqlite://:memory:"), "SHOUDI_TEST_DATABASE_URL")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Jobs run in the process that queued them, once its transaction commits (a test's client commits).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
WHITENOISE_AUTOREFRESH = False  # files are listed once at start; per-request rescans made each page load slow
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]  # the test client, schemathesis's WSGI calls, live_server
