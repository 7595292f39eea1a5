"""Django settings, read from the environment so one build runs on a laptop and in a province.

DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG, ONEWINDOW_VAR_DIR, SECURE_COOKIES, the proxy flag and
the S3 storage variables are read here (all listed in docs/deployment.md); everything else is a rule of
the house and is not meant to vary between installations.
"""

import importlib.util
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("ONEWINDOW_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def read_secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = read_secret_key()
DEBUG = env_flag("DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "onewindow.accounts",
    "onewindow.org",
    "onewindow.audit",
    "onewindow.workcalendar",
    "onewindow.timelimits",
    "onewindow.numbering",
    "onewindow.documents",
    "onewindow.catalog",
    "onewindow.certificates",
    "onewindow.cases",
    "onewindow.supervision",
    "onewindow.proxy",
    "onewindow.onsite",
    "onewindow.notices",
    "onewindow.portal",
    "onewindow.web",
    "onewindow.worker",
    "onewindow.ops",
    "onewindow.demo",
    "onewindow.simulate",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "ninja",  # serves the API docs' scripts itself: no CDN on a government intranet
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "onewindow.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "onewindow.audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "onewindow.web.locale.ChineseFirstLocaleMiddleware",
    "onewindow.api_errors.ApiErrorEnvelopeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "onewindow.web.middleware.ControlCharactersMiddleware",
    "onewindow.web.middleware.ServiceErrorMiddleware",
]

ROOT_URLCONF = "onewindow.urls"
WSGI_APPLICATION = "onewindow.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

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
                "onewindow.web.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite in WAL mode under var/ unless DATABASE_URL names another.
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'onewindow.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEFAULT_SQLITE, conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("ONEWINDOW_TEST_SQLITE") or None}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the hall's statements are short, and the sweeps' scans over a million cases
    # cross PostgreSQL's cost threshold only to spend longer compiling (0.5-1.5 s a statement, measured in
    # docs/performance.md) than running.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["onewindow.accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttle: the (LIMIT+1)-th wrong password within WINDOW is refused unchecked.
LOGIN_FAILURE_LIMIT = 5
LOGIN_FAILURE_WINDOW_MINUTES = 15

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"

# From this day of the year (month, day) until next year's holidays are loaded, the admin home and the
# calendar page warn and the worker tells the admins once a day (ONEWINDOW_CALENDAR_AHEAD_FROM=11-01).
CALENDAR_AHEAD_FROM = tuple(
    int(part) for part in os.environ.get("ONEWINDOW_CALENDAR_AHEAD_FROM", "11-01").split("-")
)
USE_I18N = True
USE_TZ = True

MEDIA_ROOT = VAR_DIR / "media"  # uploaded blank forms and samples, served through checked views
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]


def media_storage() -> dict:
    """Uploaded files: under var/media, or in an S3-compatible bucket when ONEWINDOW_S3_BUCKET is set.

    The bucket stays private: files are read by the app and served only through its permission-checked
    views, never by a bucket URL (querystring_auth keeps any URL signed and short-lived all the same).
    """
    bucket = os.environ.get("ONEWINDOW_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "ONEWINDOW_S3_BUCKET is set but django-storages is not installed: pip install 'onewindow[s3]'"
        )
    endpoint_url = os.environ.get("ONEWINDOW_S3_ENDPOINT_URL") or None
    # MinIO and most self-hosted stores want path-style URLs (https://host/bucket/key).
    addressing_style = os.environ.get("ONEWINDOW_S3_ADDRESSING_STYLE") or ("path" if endpoint_url else None)
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url,
        "region_name": os.environ.get("ONEWINDOW_S3_REGION") or None,
        "addressing_style": addressing_style,
        "location": os.environ.get("ONEWINDOW_S3_PREFIX", "").strip("/"),
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
        # A download is spooled to a temporary file beyond this size instead of held in memory.
        "max_memory_size": FILE_UPLOAD_MAX_MEMORY_SIZE,
    }
    # Credentials: ONEWINDOW_S3_*, else the standard AWS_* variables, else boto3's own chain
    # (instance role, ~/.aws/credentials).
    for option, names in {
        "access_key": ("ONEWINDOW_S3_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"),
        "secret_key": ("ONEWINDOW_S3_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY"),
    }.items():
        if value := next((os.environ[n] for n in names if os.environ.get(n)), None):
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": media_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_flag("ONEWINDOW_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Web hardening (docs/security.md). Served over HTTPS (ONEWINDOW_HTTPS=1, the production setting): cookies
# go only over TLS under __Host- names, plain HTTP is redirected, and Strict-Transport-Security is sent.
HTTPS = env_flag("ONEWINDOW_HTTPS", default=env_flag("SECURE_COOKIES"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600  # one working day
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"  # a sibling subdomain cannot plant or read it
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS and env_flag("ONEWINDOW_SSL_REDIRECT", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Strict-Transport-Security, in seconds (0: not sent). Over HTTPS a year unless set; start lower (300) on a
# new site. Subdomains are included unless the domain still serves plain-HTTP sites below it.
SECURE_HSTS_SECONDS = int(os.environ.get("ONEWINDOW_HSTS_SECONDS") or (31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("ONEWINDOW_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_flag("ONEWINDOW_HSTS_PRELOAD", default=True)

# Nothing runs or loads from anywhere but this site; no inline script or style (static files only), no
# framing, forms post only here. SecurityHeadersMiddleware sends it with the Permissions-Policy below.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# A window may one day use a document camera (高拍仪) in the browser; nothing needs the rest.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}

# Behind a reverse proxy (nginx) that terminates TLS. Only turn this on when the app port is reachable
# from the proxy alone: the proxy must set X-Forwarded-Proto and X-Forwarded-Host itself, overwriting
# whatever the client sent. X-Forwarded-For is not read here (see docs/deployment.md).
TRUST_PROXY = env_flag("ONEWINDOW_TRUST_PROXY")
if TRUST_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

NINJA_PAGINATION_MAX_LIMIT = 200
NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Rule 8: no log line carries a whole ID number or phone number, whoever wrote it.
    "filters": {
        "personal_data": {"()": "onewindow.core.masking.PersonalDataFilter"},
        "refusals": {"()": "onewindow.web.log_filters.RefusalWithoutTraceback"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["refusals", "personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own loggers write through the root's masked handler, not through their unfiltered
    # default ones (its DEBUG console and the admin e-mail that would carry tracebacks with locals).
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

# Seal the audit chain right after each transaction that wrote events; with False, only
# `onewindow audit seal` (run it from cron or the worker) seals.
AUDIT_SEAL_ON_COMMIT = env_flag("AUDIT_SEAL_ON_COMMIT", default=True)
# Work that follows a commit (sealing, applicant messages) runs in a thread of the process that the commit
# wakes, not in the request (onewindow/background.py): the server's default (wsgi.py); commands, which may
# exit right after their last commit, and tests run it in the caller right after each commit.
AFTER_COMMIT_IN_BACKGROUND = env_flag("AFTER_COMMIT_IN_BACKGROUND", default=False)

ADMIN_SITE_HEADER = _("一窗通 政务服务平台 · 系统管理")

# Messages to applicants (notices/backends.py): console by default; e-mail or an SMS adapter in production.
ONEWINDOW_MESSAGE_BACKEND = os.environ.get(
    "ONEWINDOW_MESSAGE_BACKEND", "onewindow.notices.backends.ConsoleBackend"
)
MESSAGE_EMAIL_SUBJECT = _("政务服务办件通知")

# Uploaded case materials: at most this many bytes each, of these types (checked by content, not name).
CASE_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
# The API takes a material as Base64 inside the JSON body (4/3 of the file's size), and the whole body is
# read into memory: the cap on a request body must hold one file of the largest size, Base64-encoded,
# with room for the rest of the request. Pages upload as multipart, where files do not count towards it.
DATA_UPLOAD_MAX_MEMORY_SIZE = CASE_UPLOAD_MAX_BYTES * 4 // 3 + 1024 * 1024
# Public tracking lookups per client address per minute.
TRACK_LOOKUPS_PER_MINUTE = int(os.environ.get("TRACK_LOOKUPS_PER_MINUTE", "20"))
# Complaints and enquiries the public may submit per client address and minute (spam, not people).
PUBLIC_COMPLAINTS_PER_MINUTE = int(os.environ.get("PUBLIC_COMPLAINTS_PER_MINUTE", "3"))

# Outgoing mail, for ONEWINDOW_MESSAGE_BACKEND=onewindow.notices.backends.EmailBackend (docs/deployment.md).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 10  # a slow mail server must not hold a worker thread
DEFAULT_FROM_EMAIL = SERVER_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "onewindow@localhost")

# The working days an applicant has to supplement what a one-time notice (补正材料通知书) lists, counted
# from the day after the notice (ONEWINDOW_SUPPLEMENT_WORKING_DAYS).
SUPPLEMENT_WORKING_DAYS = int(os.environ.get("ONEWINDOW_SUPPLEMENT_WORKING_DAYS", "15"))

# Leaders' on-site office days: the minutes are drafted within so many working days of the session and
# issued within so many (Xintai: 1 and 2).
ONSITE_MINUTES_DRAFT_DAYS = int(os.environ.get("ONEWINDOW_MINUTES_DRAFT_DAYS", "1"))
ONSITE_MINUTES_ISSUE_DAYS = int(os.environ.get("ONEWINDOW_MINUTES_ISSUE_DAYS", "2"))
