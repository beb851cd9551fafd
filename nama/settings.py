"""Nama settings, read from environment variables (see README, "Configuration").

Every variable goes through ``nama.env.Env``: a malformed value stops start-up
with a message naming the variable. Locally, ``var/local.env`` (created once by
``make run``/``make test``) supplies the secrets; real environment variables win.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from nama.env import Env, read_env_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = Env(fallback=read_env_file(VAR_DIR / "local.env"))

DEBUG = env.bool("DEBUG", False)
# Demo mode: seeded demo accounts and the on-page TOTP helper. Only ever
# honoured together with DEBUG (see nama.accounts.demo).
NAMA_DEMO_MODE = env.bool("NAMA_DEMO_MODE", False)

SECRET_KEY = env.str("SECRET_KEY", required=True)
if not DEBUG and len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")

# Encryption keys for identifying fields: comma-separated Fernet keys, newest
# first. Encrypt with the first; decrypt with any. Never derived from SECRET_KEY.
NAMA_FIELD_KEYS = env.list("NAMA_FIELD_KEYS")
if not NAMA_FIELD_KEYS:
    raise ImproperlyConfigured("NAMA_FIELD_KEYS must hold at least one key")
# Key for the HMAC blind indexes over identifying fields.
NAMA_INDEX_KEY = env.str("NAMA_INDEX_KEY", required=True)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "nama.accounts.apps.NamaAdminConfig",  # django.contrib.admin with the 2FA-only site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "template_partials",
    "csp",
    "nama.core",
    "nama.accounts",
    "nama.intake",
    "nama.monitoring",
    "nama.legal",
    "nama.portal",
    "nama.searchindex",
    "nama.library",
    "nama.reports",
    "nama.network",
    "nama.outreach",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "nama.accounts.middleware.StaffSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nama.urls"
WSGI_APPLICATION = "nama.wsgi.application"
ASGI_APPLICATION = "nama.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nama.core.context_processors.nama",
            ],
        },
    }
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATABASE_URL = env.str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'nama.sqlite3'}")
try:
    _default_db = dj_database_url.parse(DATABASE_URL, conn_max_age=env.int("DB_CONN_MAX_AGE", 0))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
if _default_db["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions and a busy timeout let the web server and the task
    # worker share one SQLite file without "database is locked" errors.
    _default_db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES = {"default": _default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# DESIGN.md §4: length and a common-password check; no composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("NAMA_PASSWORD_MIN_LENGTH", 12, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:workspace"
LOGOUT_REDIRECT_URL = "portal:home"

# Sessions: short and idle-limited for staff (DESIGN.md §4).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
NAMA_IDLE_TIMEOUT_MINUTES = env.int("NAMA_IDLE_TIMEOUT_MINUTES", 30, minimum=1)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
_secure_cookies = env.bool("NAMA_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = _secure_cookies
CSRF_COOKIE_SECURE = _secure_cookies
LANGUAGE_COOKIE_SECURE = _secure_cookies

# Behind a TLS reverse proxy (README, "Production").
if env.bool("NAMA_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("NAMA_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("NAMA_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preloading is a commitment the deployer makes for the whole domain: opt in.
SECURE_HSTS_PRELOAD = env.bool("NAMA_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): nothing inline, nothing third-party.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# django-axes: lock out after repeated failures, per username and client IP.
AXES_FAILURE_LIMIT = env.int("NAMA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env.int("NAMA_LOGIN_COOLOFF_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# X-Forwarded-For is trusted only when the deployment says how many proxies
# stand in front of Nama; otherwise the socket address is the client.
NAMA_TRUSTED_PROXY_COUNT = env.int("NAMA_TRUSTED_PROXY_COUNT", 0, minimum=0)
# One function decides the client address for lockouts and rate limits alike.
AXES_CLIENT_IP_CALLABLE = "nama.core.network.client_ip"

OTP_TOTP_ISSUER = env.str("NAMA_OTP_ISSUER", "Nama")

# Languages: Arabic first; Kurdish Sorani and English (DESIGN.md §5).
LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", "العربية"),
    ("ckb", "کوردی"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats Django's Arabic locale lacks (nama/formats/ar/formats.py).
FORMAT_MODULE_PATH = ["nama.formats"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", "Asia/Baghdad")
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {
        "BACKEND": env.str("NAMA_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Cache: Redis when REDIS_URL is set (shared rate limits across web processes).
REDIS_URL = env.str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks: the database queue, run by `manage.py run_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The worker is unhealthy when its heartbeat is older than this.
NAMA_WORKER_STALE_SECONDS = env.int("NAMA_WORKER_STALE_SECONDS", 90, minimum=10)
# Library uploads, and anonymous searches per client per minute (pages and API).
NAMA_LIBRARY_MAX_UPLOAD_MB = env.int("NAMA_LIBRARY_MAX_UPLOAD_MB", 50, minimum=1)
NAMA_SEARCH_LIMIT = env.int("NAMA_SEARCH_LIMIT", 60, minimum=1)

# Reports: public figures hide counts from 1 to this number minus one
# ("fewer than 5"); see nama/reports/disclosure.py.
NAMA_DISCLOSURE_THRESHOLD = env.int("NAMA_DISCLOSURE_THRESHOLD", 5, minimum=2)
# The staff dashboard's figures are kept this long for the same filters (0: never).
NAMA_DASHBOARD_CACHE_SECONDS = env.int("NAMA_DASHBOARD_CACHE_SECONDS", 300, minimum=0)

# Network and outreach: photos (news, events, members' posts), and what one
# visitor or member may send in a window (nama/core/ratelimit.py).
NAMA_IMAGE_MAX_BYTES = env.int("NAMA_IMAGE_MAX_BYTES", 8 * 1024 * 1024, minimum=1024)
NAMA_NETWORK_JOIN_LIMIT = env.int("NAMA_NETWORK_JOIN_LIMIT", 5, minimum=1)
NAMA_NETWORK_JOIN_WINDOW_SECONDS = env.int("NAMA_NETWORK_JOIN_WINDOW_SECONDS", 3600, minimum=60)
NAMA_EVENT_REGISTER_LIMIT = env.int("NAMA_EVENT_REGISTER_LIMIT", 10, minimum=1)
NAMA_EVENT_REGISTER_WINDOW_SECONDS = env.int("NAMA_EVENT_REGISTER_WINDOW_SECONDS", 3600, minimum=60)
NAMA_CERTIFICATE_CHECK_LIMIT = env.int("NAMA_CERTIFICATE_CHECK_LIMIT", 30, minimum=1)
NAMA_CERTIFICATE_CHECK_WINDOW_SECONDS = env.int(
    "NAMA_CERTIFICATE_CHECK_WINDOW_SECONDS", 3600, minimum=60
)
NAMA_SPACE_POSTS_PER_HOUR = env.int("NAMA_SPACE_POSTS_PER_HOUR", 5, minimum=1)
NAMA_SPACE_COMMENTS_PER_HOUR = env.int("NAMA_SPACE_COMMENTS_PER_HOUR", 30, minimum=1)
NAMA_SPACE_REPORTS_PER_HOUR = env.int("NAMA_SPACE_REPORTS_PER_HOUR", 20, minimum=1)
NAMA_EVENT_REGISTRATION_RETENTION_DAYS = env.int(
    "NAMA_EVENT_REGISTRATION_RETENTION_DAYS", 90, minimum=1
)

# E-mail: console by default (DESIGN.md §8).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "nama@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "nama.accounts.api_auth.VerifiedSessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Nama API",
    "DESCRIPTION": "The REST API of Nama, a platform for human-rights centres.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RouteTargetEnum": "nama.intake.models.RouteTarget",
        "StatusEnum": "nama.intake.models.RequestStatus",
        "LegalCaseStatusEnum": "nama.legal.models.CaseStatus",
        "LegalItemKindEnum": "nama.legal.models.ItemKind",
        "NetworkPostKindEnum": "nama.network.models.PostKind",
        "NetworkPostStatusEnum": "nama.network.models.PostStatus",
        "InstitutionKindEnum": "nama.outreach.models.InstitutionKind",
        "CommitmentStatusEnum": "nama.outreach.models.CommitmentStatus",
        "MeetingConfidentialityEnum": "nama.outreach.models.MeetingConfidentiality",
        "ConfidentialityEnum": "nama.monitoring.models.Confidentiality",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines could carry query strings; keep them out of the logs.
        "django.server": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every step of a PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

NAMA_CENTRE_NAME = _("Al-Nama Center for Human Rights")
# Where the quick-exit button sends a visitor: a neutral, ordinary site.
NAMA_QUICK_EXIT_URL = env.str("NAMA_QUICK_EXIT_URL", "https://www.google.com/search?q=weather")
# The public address of the site (https://nama.example.org), for links that leave
# a request behind: certificate QR codes, invitation and digest e-mails, reminders.
NAMA_SITE_URL = env.str("NAMA_SITE_URL", "").rstrip("/")
