"""The one settings module. Every knob is an environment variable read through helpers that fail loudly; the
README lists them all. The test suite runs ``shoudi.settings_test``, which loads this module and changes what
tests need (fast password hashing, jobs run in-process, its own database); nothing here looks at how the
process was started."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from shoudi.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("SHOUDI_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("SHOUDI_DEBUG", default=False)


def _secret_key() -> str:
    key = env_str("SHOUDI_SECRET_KEY", "")
    if key:
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    if not DEBUG:
        raise ImproperlyConfigured(
            "SHOUDI_SECRET_KEY 未设置：生产环境必须提供密钥 (set SHOUDI_SECRET_KEY, or SHOUDI_DEBUG=1 to generate one)"
        )
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("SHOUDI_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

_default_db = f"sqlite:///{DATA_DIR / 'shoudi.sqlite3'}"
SQLITE_BUSY_SECONDS = env_int("SHOUDI_SQLITE_BUSY_SECONDS", 30)
# PostgreSQL: no statement of a web request runs longer than this, and none waits longer than this for a lock
# (seconds; 0 = no limit), so one slow query or one long lock cannot hold the site; the request gets a Chinese
# 503 (shoudi.core.middleware.DatabaseBusyMiddleware). The worker sets its own, longer limits on its connections
# (SHOUDI_WORKER_STATEMENT_TIMEOUT, SHOUDI_WORKER_LOCK_TIMEOUT; shoudi.core.dbtimeouts).
DB_STATEMENT_TIMEOUT = env_int("SHOUDI_DB_STATEMENT_TIMEOUT", 30)
DB_LOCK_TIMEOUT = env_int("SHOUDI_DB_LOCK_TIMEOUT", 5)
WORKER_STATEMENT_TIMEOUT = env_int("SHOUDI_WORKER_STATEMENT_TIMEOUT", 3600)
WORKER_LOCK_TIMEOUT = env_int("SHOUDI_WORKER_LOCK_TIMEOUT", 60)


def database(url: str, variable: str = "SHOUDI_DATABASE_URL") -> dict[str, object]:
    """The Django database settings of ``url``. SQLite: WAL (the worker and the web server share the file),
    writers queue for up to ``SHOUDI_SQLITE_BUSY_SECONDS`` instead of failing with "database is locked", and
    every transaction takes the write lock when it begins (IMMEDIATE), so two writers wait for each other
    instead of one failing halfway."""
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    except Exception as exc:  # dj_database_url raises several types for a malformed URL
        raise ImproperlyConfigured(f"{variable} 无法解析: {url!r} ({exc})") from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000};",
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_SECONDS,
        }
        config["CONN_MAX_AGE"] = 0
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
        limits = f"-c statement_timeout={DB_STATEMENT_TIMEOUT * 1000} -c lock_timeout={DB_LOCK_TIMEOUT * 1000}"
        options["options"] = f"{options['options']} {limits}" if options.get("options") else limits
        config["OPTIONS"] = options
    return config


DATABASES = {"default": database(env_str("SHOUDI_DATABASE_URL", _default_db))}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "shoudi.core",
    "shoudi.regions",
    "shoudi.accounts",
    "shoudi.registry",
    "shoudi.income",
    "shoudi.policy",
    "shoudi.synth",
    "shoudi.jobs",
    "shoudi.monitoring",
    "shoudi.assistance",
    "shoudi.projects",
    "shoudi.assets",
    "shoudi.feeds",
    "shoudi.screening",
    "shoudi.reports",
    "shoudi.pairing",
    "shoudi.rounds",
    "shoudi.complaints",
    "shoudi.lowincome",
    "shoudi.employment",
    "shoudi.markets",
    "shoudi.cooperation",
    "shoudi.governance",
    "shoudi.keycounties",
    "shoudi.fieldwork",
    "shoudi.hhcodes",
]

MIDDLEWARE = [
    "shoudi.core.proxy.ClientAddressMiddleware",  # behind nginx: REMOTE_ADDR is the client nginx saw
    "django.middleware.security.SecurityMiddleware",
    "shoudi.core.guard.RequestGuardMiddleware",  # NUL in path/query → Chinese 400; every /api/ error as JSON
    "shoudi.core.memo.RequestMemoMiddleware",  # reads asked for several times while one page is built run once
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shoudi.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
    "shoudi.core.middleware.DatabaseBusyMiddleware",  # last: a view's statement/lock timeout → Chinese 503
]

ROOT_URLCONF = "shoudi.urls"
WSGI_APPLICATION = "shoudi.wsgi.application"

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
                "shoudi.core.context_processors.shoudi",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # Django's rules with Chinese messages (shoudi.accounts.validators)
    {"NAME": "shoudi.accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "shoudi.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "shoudi.accounts.validators.CommonPasswordValidator"},
    {"NAME": "shoudi.accounts.validators.NumericPasswordValidator"},
    # the system's own names, "admin", "password", keyboard runs... with a year or digits after them
    {"NAME": "shoudi.accounts.validators.BlocklistValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:workbench"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failed logins (django-axes, shoudi.accounts.lockout): 5 failures on one username, from
# any addresses, lock that username for 30 minutes; 20 failures from one address, across usernames, refuse that
# address for 30 minutes. The owner is told of the failures on the next successful login.
AXES_FAILURE_LIMIT = env_int("SHOUDI_LOGIN_FAILURE_LIMIT", 5)
SHOUDI_LOGIN_IP_FAILURE_LIMIT = env_int("SHOUDI_LOGIN_IP_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "shoudi.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_AGE = env_int("SHOUDI_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; keep default semantics
SESSION_COOKIE_SECURE = env_bool("SHOUDI_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# HTTPS: HSTS only when the cookies are secure (the site is served over HTTPS); behind nginx, trust its
# X-Forwarded-Proto (SHOUDI_BEHIND_PROXY=1, and nginx must set the header itself, never pass the client's).
SECURE_HSTS_SECONDS = env_int("SHOUDI_HSTS_SECONDS", 31536000) if SESSION_COOKIE_SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SHOUDI_BEHIND_PROXY") else None
CSRF_FAILURE_VIEW = "shoudi.accounts.views_errors.csrf_failure"
# Content-Security-Policy (django-csp 4): scripts only from the site's own files, no inline script or handler.
# Styles allow 'unsafe-inline' (style attributes and the print pages' <style>), never scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# An uploaded XLSX/ODS (a zip) whose parts declare more than this once decompressed is refused before parsing
# (a zip bomb); shoudi.core.uploads checks it at upload and again in the job.
SHOUDI_UPLOAD_MAX_UNCOMPRESSED_MB = env_int("SHOUDI_UPLOAD_MAX_UNCOMPRESSED_MB", 300)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The cache holds what several web processes and the worker must agree on: the workbench counts and the
# rate limit of the public application page. The database by default (nothing more to run); Redis when
# SHOUDI_REDIS_URL is set. The table is created by ``shoudi migrate``.
REDIS_URL = env_str("SHOUDI_REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "shoudi_cache"}}

# 一户一码: the address households reach from their phones (e.g. https://shoudi.example.gov.cn); the QR codes on
# the printed cards encode <PUBLIC_BASE_URL>/c/<token>/. Empty: the address the staff member's browser used.
PUBLIC_BASE_URL = env_str("SHOUDI_PUBLIC_BASE_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SHOUDI_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
