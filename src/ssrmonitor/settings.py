"""Settings, read from the environment (see the README's *Configuration* table).

The embedded default just works: a SQLite file under ``SSRMONITOR_HOME`` (default ``./var``),
a secret key generated once into that folder, and ``DEBUG`` off. Production sets
``SSRMONITOR_PRODUCTION=1``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``; anything
missing then stops the server with a message instead of starting half-configured.
"""

from __future__ import annotations

import base64
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ssrmonitor.env import (
    PRIVATE_DIR_MODE,
    PRIVATE_FILE_MODE,
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    private_dir,
    private_file,
)

PACKAGE_DIR = Path(__file__).resolve().parent

PRODUCTION = env_bool("SSRMONITOR_PRODUCTION", default=False)
DEBUG = env_bool("SSRMONITOR_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("SSRMONITOR_DEBUG must be off when SSRMONITOR_PRODUCTION=1.")

HOME = Path(env_str("SSRMONITOR_HOME", "var")).resolve()


def _secret_key() -> str:
    key = env_secret("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set in production.")
    private_dir(HOME)
    path = private_file(HOME / "secret_key", secrets.token_urlsafe(50))
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
# Key of the HMAC chain of the audit log; defaults to one derived from SECRET_KEY.
AUDIT_HMAC_KEY = env_secret("SSRMONITOR_AUDIT_KEY") or f"audit:{SECRET_KEY}"


def _data_keys() -> list[str]:
    """The keys that encrypt vetting personal data at rest: newest first, never in the database.

    ``SSRMONITOR_DATA_KEY`` (or ``SSRMONITOR_DATA_KEY_FILE``) holds one or more base64 keys of
    32 bytes, separated by commas; the first encrypts, the others only decrypt (during a
    rotation, see ``ssrmonitor rotate_data_key``). The demo default generates one key into
    ``SSRMONITOR_HOME/data_key``; production refuses to start without the setting.
    """
    raw = env_secret("SSRMONITOR_DATA_KEY")
    if not raw:
        if PRODUCTION:
            raise ImproperlyConfigured(
                "SSRMONITOR_DATA_KEY (or SSRMONITOR_DATA_KEY_FILE) must be set in production: "
                "make one with `ssrmonitor generate_data_key`."
            )
        private_dir(HOME)
        path = HOME / "data_key"
        private_file(path, base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        raw = path.read_text(encoding="utf-8")
    keys = [part.strip() for part in raw.split(",") if part.strip()]
    for number, key in enumerate(keys, start=1):
        try:
            size = len(base64.urlsafe_b64decode(key.encode("ascii")))
        except (ValueError, UnicodeEncodeError):
            size = -1
        if size != 32:
            raise ImproperlyConfigured(
                f"SSRMONITOR_DATA_KEY: key {number} is not 32 bytes in base64 "
                "(make one with `ssrmonitor generate_data_key`)."
            )
    return keys


SSRMONITOR_DATA_KEYS = _data_keys()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma-separated).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

_database_url = env_str("DATABASE_URL", "")
if PRODUCTION and not _database_url:
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    # The database file is created 0600 before SQLite opens it (its WAL files copy its mode).
    _sqlite_file = private_file(private_dir(HOME) / "ssrmonitor.sqlite3")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(_sqlite_file),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    # Second factor at sign-in (see ssrmonitor.core.mfa): TOTP, recovery codes, passkeys.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    # Background jobs: Django's tasks framework (the django-tasks backport of Django 6.0's
    # django.tasks) with its database queue (see TASKS below and ssrmonitor.core.jobs).
    "django_tasks",
    "django_tasks_db",
    "ssrmonitor.core",
    "ssrmonitor.benchmarks",
    "ssrmonitor.support",
    "ssrmonitor.sector",
    "ssrmonitor.transitions",
    "ssrmonitor.sanctions",
    "ssrmonitor.lessons",
    "ssrmonitor.perceptions",
    "ssrmonitor.vetting",
    "ssrmonitor.reports",
    "ssrmonitor.scaledata",  # generate_scale_data only: illustrative data for load figures
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "ssrmonitor.core.middleware.ApiErrorShapeMiddleware",
    "ssrmonitor.core.middleware.NoStoreMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ssrmonitor.core.mfa.middleware.RecheckingOTPMiddleware",
    "ssrmonitor.core.middleware.AbsoluteSessionLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ssrmonitor.core.middleware.ControlCharacterMiddleware",
    "ssrmonitor.core.middleware.RefusalMiddleware",
    "ssrmonitor.core.mfa.middleware.SecondFactorMiddleware",
    "ssrmonitor.core.middleware.HtmxMessagesMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ssrmonitor.urls"
WSGI_APPLICATION = "ssrmonitor.wsgi.application"

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
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: a whole mission often sits behind one NAT address, so lock the
# (username, IP) pair softly; the address alone only at a much higher count, against password
# spraying across usernames (see core.login_lockout).
AXES_ENABLED = env_bool("SSRMONITOR_LOGIN_THROTTLING", default=True)
AXES_FAILURE_LIMIT = env_int("SSRMONITOR_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SSRMONITOR_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_HANDLER = "ssrmonitor.core.login_lockout.PairAndAddressHandler"
SSRMONITOR_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("SSRMONITOR_LOGIN_ADDRESS_FAILURE_LIMIT", 50)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Second factor at sign-in (ssrmonitor.core.mfa). `roles`: superusers and holders of the
# administrator, reviewer and vetting roles anywhere must pass it before any page, session API
# route or the admin answers; others may enrol. `all`: everyone signed in must.
SSRMONITOR_MFA_REQUIRED_FOR = env_str("SSRMONITOR_MFA_REQUIRED_FOR", "roles").strip().lower()
if SSRMONITOR_MFA_REQUIRED_FOR not in {"roles", "all"}:
    raise ImproperlyConfigured("SSRMONITOR_MFA_REQUIRED_FOR must be `roles` or `all`.")
OTP_TOTP_ISSUER = "SSR Monitor"
# Each wrong code locks the device for 1, 2, 4, 8… seconds (django-otp's throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Passkeys are a second factor only, never a sign-in without the password. The relying party
# is the host the browser asked for (checked against ALLOWED_HOSTS); the origins a passkey may
# be used from default to https:// on each allowed host (and the demo's http://localhost:8000).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = "SSR Monitor"
OTP_WEBAUTHN_RP_ID_CALLABLE = "ssrmonitor.core.mfa.passkeys.relying_party_id"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "SSRMONITOR_WEBAUTHN_ORIGINS",
    [f"https://{host}" for host in ALLOWED_HOSTS if host and host[0] not in ".*"]
    + ([] if PRODUCTION else ["http://localhost:8000"]),
)
if PRODUCTION and not OTP_WEBAUTHN_ALLOWED_ORIGINS:
    raise ImproperlyConfigured(
        "SSRMONITOR_WEBAUTHN_ORIGINS must name the site's https:// origins when ALLOWED_HOSTS "
        "holds only wildcards."
    )

# Sessions: short and idle-based, with an absolute ceiling (see core.middleware).
SESSION_COOKIE_AGE = env_int("SSRMONITOR_SESSION_IDLE_MINUTES", 30) * 60
# The idle limit slides: a signed-in session is saved again (renewing its expiry) once a minute
# at most, not on every request (core.middleware.AbsoluteSessionLimitMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = env_int("SSRMONITOR_SESSION_MAX_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env_bool("SSRMONITOR_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("pt", _("Portuguese")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = HOME / "static"
if not PRODUCTION:  # whitenoise serves from the finders; an empty folder keeps it quiet
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("SSRMONITOR_MEDIA_ROOT", str(HOME / "media")))
# Uploaded evidence is never served as static media: it goes through the permission layer.
MEDIA_URL = "/_private_media_not_served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Uploaded files and their folders are the server's own: 0600 and 0700, whatever the umask.
FILE_UPLOAD_PERMISSIONS = PRIVATE_FILE_MODE
FILE_UPLOAD_DIRECTORY_PERMISSIONS = PRIVATE_DIR_MODE
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SSRMONITOR_EVIDENCE_MAX_BYTES = env_int("SSRMONITOR_EVIDENCE_MAX_MB", 20) * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SSRMONITOR_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- API tokens and throttling ------------------------------------------------------------
# A token made on the API tokens page lasts at most this many days (90 unless set); an
# operator's `create_api_token --days N` or `--no-expiry` may go beyond.
SSRMONITOR_API_TOKEN_DAYS = env_int("SSRMONITOR_API_TOKEN_DAYS", 90)
if SSRMONITOR_API_TOKEN_DAYS < 1:
    raise ImproperlyConfigured("SSRMONITOR_API_TOKEN_DAYS must be 1 or more.")
_RATE_UNITS = {"s", "sec", "m", "min", "h", "hour", "d", "day"}


def _api_rate(name: str, default: str) -> str:
    """A request rate such as ``600/min`` (units: s, sec, m, min, h, hour, d, day), or ``off``."""
    rate = env_str(name, default).strip()
    if rate == "off":
        return rate
    count, _slash, unit = rate.partition("/")
    if not (count.isdigit() and int(count) > 0 and unit in _RATE_UNITS):
        raise ImproperlyConfigured(f"{name}={rate!r} is not a rate such as 600/min or 10/s.")
    return rate


# Per token (or signed-in session) and per address (anonymous reading), in Django's default
# cache: with several server processes, point CACHES at a shared cache (Redis, database).
# ``off`` leaves the limit to a proxy in front.
SSRMONITOR_API_RATE_USER = _api_rate("SSRMONITOR_API_RATE_USER", "600/min")
SSRMONITOR_API_RATE_ANON = _api_rate("SSRMONITOR_API_RATE_ANON", "120/min")
# Reverse proxies in front of the server: the client's address is taken this many entries from
# the end of X-Forwarded-For; 0 (the default) uses the connection's address and ignores the
# header, which a client could forge.
SSRMONITOR_NUM_PROXIES = env_int("SSRMONITOR_NUM_PROXIES", 0)
# Costly analyses (support coordination) stay in the cache until their data changes, at most
# this many seconds (ssrmonitor.core.datacache); 0 computes them on every request.
SSRMONITOR_ANALYSIS_CACHE_SECONDS = env_int("SSRMONITOR_ANALYSIS_CACHE_SECONDS", 600)


# --- Background jobs (ssrmonitor.core.jobs) ---------------------------------------------------
# The queue: ``database`` (the default; SQLite or PostgreSQL, no other service) or ``rq`` (Redis,
# for worker processes on several hosts; needs SSRMONITOR_REDIS_URL). ``ssrmonitor worker`` runs
# the jobs of either.
SSRMONITOR_JOB_QUEUE = env_str("SSRMONITOR_JOB_QUEUE", "database")
TASKS: dict[str, dict[str, Any]]
if SSRMONITOR_JOB_QUEUE == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif SSRMONITOR_JOB_QUEUE == "rq":
    _job_redis = env_str("SSRMONITOR_REDIS_URL", "")
    if not _job_redis:
        raise ImproperlyConfigured("SSRMONITOR_JOB_QUEUE=rq needs SSRMONITOR_REDIS_URL.")
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db"), "django_rq")
    # The name of the queue in Redis: deployments (or test runs) sharing one Redis server keep
    # their jobs apart by giving each its own name.
    SSRMONITOR_RQ_QUEUE = env_str("SSRMONITOR_RQ_QUEUE", "default")
    # ``default`` stays a valid name too: a task is checked against it when it is defined.
    _rq_queues = sorted({"default", SSRMONITOR_RQ_QUEUE})
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": _rq_queues}}
    RQ_QUEUES = {name: {"URL": _job_redis, "DEFAULT_TIMEOUT": 6 * 3600} for name in _rq_queues}
elif SSRMONITOR_JOB_QUEUE == "immediate":
    # Jobs run inside the request that submits them: for tests and one-off scripts only.
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(
        f"SSRMONITOR_JOB_QUEUE={SSRMONITOR_JOB_QUEUE!r}: use database, rq or immediate."
    )
# On PostgreSQL, a job's progress is written through a second connection, so that the page
# polling it sees it while the job's own transaction is still open (ssrmonitor.core.jobs.context).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["jobs"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
# A job whose worker has given no sign of life for this many seconds is taken as lost: it is
# queued again if it has attempts left, otherwise marked failed with the reason.
SSRMONITOR_JOB_STALE_AFTER = env_int("SSRMONITOR_JOB_STALE_AFTER", 120)
# Result files of finished jobs are deleted after this many days (``ssrmonitor prune_jobs``).
SSRMONITOR_JOB_RESULT_DAYS = env_int("SSRMONITOR_JOB_RESULT_DAYS", 7)
# A registry screening of more persons than this is split by blocking key into chunks of about
# this size, each a job of its own that any worker takes, merged into one run (0: never split).
SSRMONITOR_SCREENING_CHUNK_SIZE = env_int("SSRMONITOR_SCREENING_CHUNK_SIZE", 20_000)


# --- Running for real: server, shared state, uploads, logs, metrics (docs/deployment.md) -------
# ``ssrmonitor serve`` (gunicorn); command-line options override these.
SSRMONITOR_SERVER = {
    "bind": env_list("SSRMONITOR_BIND", ["127.0.0.1:8000"]),
    "workers": env_int("SSRMONITOR_WORKERS", 2),
    "threads": env_int("SSRMONITOR_THREADS", 4),
    "timeout": env_int("SSRMONITOR_TIMEOUT", 120),
    "graceful_timeout": env_int("SSRMONITOR_GRACEFUL_TIMEOUT", 30),
    "keepalive": env_int("SSRMONITOR_KEEPALIVE", 5),
    "max_requests": env_int("SSRMONITOR_MAX_REQUESTS", 0),
    "forwarded_allow_ips": env_str("SSRMONITOR_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
}
# Several server processes (or hosts) serve any user: sessions are in the database, and the
# caches are database tables (made by ``migrate`` and ``ssrmonitor upgrade``) or Redis when
# SSRMONITOR_REDIS_URL is set. ``default`` holds short-lived state (API throttling counts, among
# others) in ``ssrmonitor_cache``; ``results`` holds the results kept until their data changes
# (ssrmonitor.core.datacache) in ``ssrmonitor_results``, apart: filling it with pages can never
# push a throttling count out. Past MAX_ENTRIES Django deletes the expired entries and a third of
# the rest (its default, 300, culled the cached pages within minutes under load).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
_cache_redis = env_str("SSRMONITOR_REDIS_URL", "")


def _cache(table: str, prefix: str, entries: int) -> dict[str, Any]:
    if _cache_redis:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_redis,
            "KEY_PREFIX": prefix,
        }
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": table,
        "OPTIONS": {"MAX_ENTRIES": entries},
    }


CACHES = {
    "default": _cache("ssrmonitor_cache", "ssrmonitor", 5000),
    "results": _cache(
        "ssrmonitor_results",
        "ssrmonitor-results",
        env_int("SSRMONITOR_CACHE_MAX_ENTRIES", 5000),
    ),
}
# Uploads: SSRMONITOR_MEDIA_ROOT (a volume all servers share), or S3-compatible object storage
# through django-storages when SSRMONITOR_S3_BUCKET is set (`pip install 'ssrmonitor[s3]'`).
_s3_bucket = env_str("SSRMONITOR_S3_BUCKET", "")
if _s3_bucket:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {  # type: ignore[dict-item]
            "bucket_name": _s3_bucket,
            "endpoint_url": env_str("SSRMONITOR_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("SSRMONITOR_S3_REGION", "") or None,
            "access_key": env_secret("SSRMONITOR_S3_ACCESS_KEY"),
            "secret_key": env_secret("SSRMONITOR_S3_SECRET_KEY"),
            "location": env_str("SSRMONITOR_S3_PREFIX", "").strip("/"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
# Logs: ``text`` (default) or ``json`` (one object a line, for a log collector); every line
# carries the request id (see ssrmonitor.core.ops.requestid), never personal data.
SSRMONITOR_LOG_FORMAT = env_str("SSRMONITOR_LOG_FORMAT", "text").strip().lower()
if SSRMONITOR_LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("SSRMONITOR_LOG_FORMAT must be `text` or `json`.")
LOGGING["filters"] = {"request_id": {"()": "ssrmonitor.core.ops.logs.RequestIdFilter"}}
LOGGING["formatters"] = {
    "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    "json": {"()": "ssrmonitor.core.ops.logs.JsonFormatter"},
}
LOGGING["handlers"]["console"].update(  # type: ignore[index]
    {"formatter": SSRMONITOR_LOG_FORMAT, "filters": ["request_id"]}
)
# Prometheus metrics at /metrics for `Authorization: Bearer <token>`; unset: /metrics is 404.
SSRMONITOR_METRICS_TOKEN = env_secret("SSRMONITOR_METRICS_TOKEN")
# /readyz fails when no worker has given a sign of life for this many seconds (0: not checked).
SSRMONITOR_READY_WORKER_SECONDS = env_int("SSRMONITOR_READY_WORKER_SECONDS", 180)
# The request id, access log and request figures wrap everything else (ssrmonitor.core.ops).
MIDDLEWARE.insert(0, "ssrmonitor.core.ops.middleware.OpsMiddleware")
