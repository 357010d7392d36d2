"""Django settings for Guanai.

Everything that differs between machines comes from the environment (see README):
``DATABASE_URL``, ``SECRET_KEY``, ``GUANAI_FIELD_KEY``, ``DEBUG``, ``ALLOWED_HOSTS``,
``GUANAI_HTTPS``, ``DATABASE_REPLICA_URL`` (optional). The defaults are the safe production
ones; ``make run`` relaxes only what serving plain HTTP on 127.0.0.1 needs.
"""

from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from guanai.settings_database import database_settings

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("GUANAI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int_within(name: str, default: int, low: int, high: int) -> int:
    """Return a whole number from the environment; refuse to start outside low…high."""
    raw = os.environ.get(name, "").strip() or str(default)
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if not low <= value <= high:
        raise ImproperlyConfigured(f"{name} must be between {low} and {high}, not {value}.")
    return value


def secret_from_env_or_file(name: str, filename: str, make: str) -> str:
    """Return a secret from the environment, or from a file under var/ created on first use.

    A self-hosted intranet install has nobody to set a secret by hand; generating it once
    and keeping it beside the database (mode 0600) is safer than any default in the repo.
    The file is written whole under a temporary name and linked into place, so two
    processes starting together agree on one secret and a crash never leaves half of one.
    """
    value = os.environ.get(name)
    if value:
        return value
    path = VAR_DIR / filename
    if not path.exists():
        temporary = path.with_name(f".{filename}.{os.getpid()}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(make)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process won the race; use its secret
        finally:
            temporary.unlink()
    value = path.read_text().strip()
    if not value:
        raise ImproperlyConfigured(f"{path} is empty; delete it or set {name}.")
    return value


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_from_env_or_file("SECRET_KEY", "secret_key", secrets.token_urlsafe(64))
# Key for encrypting ID and phone numbers at rest (used by the registry).
GUANAI_FIELD_KEY = secret_from_env_or_file(
    "GUANAI_FIELD_KEY", "field_key", secrets.token_urlsafe(32)
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "auditlog",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "guanai.core",
    "guanai.sheets",
    "guanai.orgs",
    "guanai.accounts",
    "guanai.notify",
    "guanai.registry",
    "guanai.governance",
    "guanai.care",
    "guanai.benefits",
    "guanai.activities",
    "guanai.community",
    "guanai.institutions",
    "guanai.surveys",
    "guanai.inkind",
    "guanai.crosscheck",
    "guanai.reports",
    "guanai.today",
    "guanai.api",
    "guanai.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Heavy reads from the replica, not the browser's own recent writes (removes itself
    # without DATABASE_REPLICA_URL).
    "guanai.core.db_router.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked ``login_not_required``.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the login and CSRF checks: input with a NUL character is refused (400 or 422).
    "guanai.core.middleware.RefuseNulCharacters",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "guanai.accounts.middleware.ApiTokenMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "guanai.accounts.middleware.PasswordPolicyMiddleware",
    # AxesMiddleware must be last (django-axes documentation).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "guanai.urls"
WSGI_APPLICATION = "guanai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "guanai.accounts.context_processors.navigation",
                "guanai.accounts.offline.context",
            ],
            # {% pagetitle %} and {% page_header %}: every page's title, written once.
            "builtins": ["guanai.core.templatetags.pages"],
        },
    },
]

# --- Database (guanai.settings_database) ------------------------------------------------
SQLITE_PATH = VAR_DIR / "guanai.sqlite3"
DATABASES, GUANAI_STATEMENT_TIMEOUT_SECONDS = database_settings(SQLITE_PATH)
DATABASE_ROUTERS = ["guanai.core.db_router.ReplicaRouter"]
# Read-your-writes: after a browser's request that wrote, its requests read the primary
# for this many seconds (keep it above the replica's usual lag).
GUANAI_READ_YOUR_WRITES_SECONDS = int(os.environ.get("GUANAI_READ_YOUR_WRITES_SECONDS", "5"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "guanai.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
# DESIGN §5: passwords are changed every 90 days (0 turns the rule off).
GUANAI_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("GUANAI_PASSWORD_MAX_AGE_DAYS", "90"))

# Personal API tokens live this many days (issue 12); a password change or reset revokes
# them all.
GUANAI_API_TOKEN_DAYS = int(os.environ.get("GUANAI_API_TOKEN_DAYS", "90"))

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# DESIGN §5: lock an account for 30 minutes after 5 failures.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by IP address too would lock a whole school or township office behind one NAT
# address after five mistakes by different people; DESIGN §5 locks the account.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Idle logout after 30 minutes: the expiry moves forward with every request.
SESSION_COOKIE_AGE = int(os.environ.get("GUANAI_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# HTTPS is the production default; `make run` serves plain HTTP on 127.0.0.1 and turns it
# off with GUANAI_HTTPS=0. Behind a TLS-terminating proxy set GUANAI_PROXY_SSL_HEADER=1.
HTTPS = env_bool("GUANAI_HTTPS", True)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("GUANAI_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("GUANAI_HSTS_PRELOAD", True)
if env_bool("GUANAI_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Audit -----------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
# DESIGN §5: audit records are kept at least 6 months; the application never deletes them.
GUANAI_AUDIT_RETENTION_DAYS = 183
# The nightly audit-log check (issue 22) fails, with a message on the jobs page and the
# system administrator's "today" page, when the audit log or the access log holds more rows
# than this: archive the older ones outside Guanai, which never deletes them.
GUANAI_AUDIT_LOG_MAX_ROWS = int(os.environ.get("GUANAI_AUDIT_LOG_MAX_ROWS", "20000000"))

# --- Care ------------------------------------------------------------------------------
# An early warning is raised for a person without any care record for this many days.
GUANAI_WARNING_NO_CARE_DAYS = int(os.environ.get("GUANAI_WARNING_NO_CARE_DAYS", "30"))
# Field work offline (issue 23): a phone keeps its persons' cards this many days without a
# sync, then clears them.
GUANAI_OFFLINE_KEEP_DAYS = env_int_within("GUANAI_OFFLINE_KEEP_DAYS", 7, 1, 60)

# --- Background work -------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("GUANAI_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Notifications (issue 22) ------------------------------------------------------------
# E-mail through Django's mail framework, SMTP from the environment (docs/operations.md).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
# With the file back end (``make run``): the directory the messages are written to.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "guanai@localhost")
# The address the messages' links start with (a message holds a link, never the data).
GUANAI_SITE_URL = os.environ.get("GUANAI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# SMS: "tencent" (Tencent Cloud SMS), "test" (kept in memory) or "" (none); the provider's
# ids of Guanai's templates; Tencent Cloud's account from the environment.
GUANAI_SMS_PROVIDER = os.environ.get("GUANAI_SMS_PROVIDER", "")
GUANAI_SMS_TEMPLATES = {
    "code": os.environ.get("GUANAI_SMS_TEMPLATE_CODE", ""),
    "digest": os.environ.get("GUANAI_SMS_TEMPLATE_DIGEST", ""),
}
GUANAI_SMS_SIGN_NAME = os.environ.get("GUANAI_SMS_SIGN_NAME", "")
TENCENTCLOUD_SECRET_ID = os.environ.get("TENCENTCLOUD_SECRET_ID", "")
TENCENTCLOUD_SECRET_KEY = os.environ.get("TENCENTCLOUD_SECRET_KEY", "")
GUANAI_SMS_APP_ID = os.environ.get("GUANAI_SMS_APP_ID", "")
GUANAI_SMS_REGION = os.environ.get("GUANAI_SMS_REGION", "ap-guangzhou")
# A unit's group robot must be WeChat Work's own address (qyapi.weixin.qq.com) unless this
# is on (a private gateway, or a robot on the same machine for tests and demos).
GUANAI_WEBHOOK_ANY_HOST = env_bool("GUANAI_WEBHOOK_ANY_HOST", False)
# For tests and private gateways: the provider's host instead of its public one.
GUANAI_SMS_ENDPOINT = os.environ.get("GUANAI_SMS_ENDPOINT", "")
# No SMS nor robot message in these hours (Asia/Shanghai) unless urgent (point 3).
GUANAI_QUIET_HOURS = (
    os.environ.get("GUANAI_QUIET_FROM", "21:00"),
    os.environ.get("GUANAI_QUIET_UNTIL", "07:00"),
)
# Failed deliveries are retried this many times, waiting 1, 2, 4 … minutes between tries.
GUANAI_DELIVERY_ATTEMPTS = int(os.environ.get("GUANAI_DELIVERY_ATTEMPTS", "5"))

# --- Language and time -----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Dates on pages in the language's own style (2026年11月30日): guanai/formats/<locale>/.
FORMAT_MODULE_PATH = "guanai.formats"
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static files: front-end packages come from npm (package-lock.json), served locally.
NODE_MODULES = BASE_DIR / "node_modules"
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/dexie", NODE_MODULES / "dexie" / "dist"),
    *(
        (f"vendor/{name}", NODE_MODULES / name / "build")
        for name in ("workbox-core", "workbox-routing", "workbox-strategies", "workbox-expiration")
    ),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "GUANAI_STATIC_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# Limits for uploaded files (imports): 20 MB in memory is plenty for a county's roster.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Days an import's error workbook (full ID numbers) is kept; ``guanai purge-import-files``.
GUANAI_IMPORT_ERRORS_DAYS = int(os.environ.get("GUANAI_IMPORT_ERRORS_DAYS", "7"))
# Cross-checks: the rows of another agency's list are deleted after this many days (the
# findings stay); ``guanai purge-crosscheck-lists``. The uploaded file itself is kept
# encrypted with the field key (for a dispute about what the list said) unless this is 0.
GUANAI_CROSSCHECK_RETENTION_DAYS = int(os.environ.get("GUANAI_CROSSCHECK_RETENTION_DAYS", "90"))
GUANAI_CROSSCHECK_KEEP_FILES = env_bool("GUANAI_CROSSCHECK_KEEP_FILES", True)


def _refusal_in_one_line(record: logging.LogRecord) -> bool:
    """Log a refused request (403) as one line: a refusal is no fault of the code.

    Django logs "Forbidden (Permission denied)" with the exception's traceback, which
    buries real errors under every curious click (issue 12, point 11).
    """
    if getattr(record, "status_code", None) == 403:
        record.exc_info = None
        record.exc_text = None
    return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusal_in_one_line": {"()": lambda: _refusal_in_one_line}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["refusal_in_one_line"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Exports of more rows than this are written by the background worker, with a progress
# page, and kept for GUANAI_EXPORT_KEEP_HOURS (sheets.export_jobs; issue 24).
GUANAI_EXPORT_BACKGROUND_ROWS = int(os.environ.get("GUANAI_EXPORT_BACKGROUND_ROWS", "5000"))
GUANAI_EXPORT_KEEP_HOURS = int(os.environ.get("GUANAI_EXPORT_KEEP_HOURS", "24"))
