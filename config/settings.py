"""Donorflow settings.

Everything that differs between a laptop and production comes from the environment (see
README "Configuration"). With no variables set, the app runs on embedded defaults that need no
server: SQLite and a filesystem Celery broker, both under ``var/``.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_email, env_int, env_list, env_str, env_url

# Django's generic classes (ModelAdmin[Unit], ...) as their type stubs write them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DONORFLOW_VAR_DIR", str(BASE_DIR / "var")))
# The embedded defaults keep the database, the broker's queue and uploads under VAR_DIR. A fresh
# clone has none of it, and Celery's filesystem broker stops at start on a missing folder.
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
_INSECURE_DEV_KEY = "insecure-development-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _INSECURE_DEV_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "core",
    "commitments",
    "workflow",
    "notifications",
    "projects",
    "needs",
    "trainings",
    "imports",
    "reminders",
    "insight",
    "iati",
    "publication",
    "actionplans",
    "calendars",
    "backups",
    "search",
    "rates",
    "demo",
    "web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so it sees the sign-in attempts every view above has handled.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "core.User"
# django-axes counts failed sign-ins (page, admin and API token) before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

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
                "web.context_processors.roles",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_SQLITE_URL = f"sqlite:///{VAR_DIR / 'donorflow.sqlite3'}"
DATABASE_URL = (
    env_url("DATABASE_URL", None, schemes={"sqlite", "postgres", "postgresql"}) or _SQLITE_URL
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Web, worker and beat share one SQLite file. A deferred transaction that reads and then
    # writes deadlocks against another writer ("database is locked" at once, whatever the
    # timeout), so every transaction takes the write lock when it begins and waits for it; WAL
    # lets readers go on while one person writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Backups: JSON that keeps date-times to the microsecond (see backups/serializer.py).
SERIALIZATION_MODULES = {"exactjson": "backups.serializer"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "ka"
LANGUAGES = [("ka", _("Georgian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tbilisi"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DONORFLOW_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# --- Donors' IATI files ---------------------------------------------------------------------
# Large publishers' files run to tens of megabytes: a limit of their own, read in the background.
DONORFLOW_IATI_UPLOAD_MAX_MB = env_int("DONORFLOW_IATI_UPLOAD_MAX_MB", 100, minimum=1, maximum=1000)
# A reading import not heard of this long was left by a worker that died; it is read again,
# and refused after this many attempts.
DONORFLOW_IATI_READ_STALE_SECONDS = env_int(
    "DONORFLOW_IATI_READ_STALE_SECONDS", 600, minimum=30, maximum=86400
)
DONORFLOW_IATI_READ_ATTEMPTS = env_int("DONORFLOW_IATI_READ_ATTEMPTS", 3, minimum=1, maximum=20)
# Activities registered from a file in one step.
DONORFLOW_IATI_ADOPT_MAX = 200

# --- Uploaded documents ---------------------------------------------------------------------
DONORFLOW_UPLOAD_MAX_MB = env_int("DONORFLOW_UPLOAD_MAX_MB", 20, minimum=1, maximum=500)
# Office documents, PDFs, pictures and plain text; each is also checked by its first bytes.
DONORFLOW_UPLOAD_EXTENSIONS = env_list(
    "DONORFLOW_UPLOAD_EXTENSIONS",
    [
        "pdf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "jpg",
        "jpeg",
        "png",
        "txt",
        "csv",
    ],
)

# --- Email ----------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
DEFAULT_FROM_EMAIL = env_email("DEFAULT_FROM_EMAIL", "Donorflow <donorflow@localhost>")
# Without an SMTP host, mail is printed to the console so the embedded run needs no server.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# --- Celery ---------------------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", None, schemes={"redis", "rediss"})
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
else:
    # The filesystem transport needs in == out so one folder is the queue for every process.
    _BROKER_DIR = VAR_DIR / "celery-broker"
    _BROKER_DIR.mkdir(exist_ok=True)
    (VAR_DIR / "celery-processed").mkdir(exist_ok=True)
    # The host names nothing (the folders do); naming one keeps kombu from warning about it.
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR),
        "data_folder_out": str(_BROKER_DIR),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        # Exchange tables; kombu's default is "control" in the working directory.
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
        # Look for new messages ten times a second (kombu's default is once): a fresh demo
        # load queues a delivery per event, and mail sent meanwhile waits behind them.
        "polling_interval": 0.1,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Beat only ticks; what is due lives in indexed columns (see notifications.delivery).
    "deliver-outbox": {
        "task": "notifications.tasks.deliver_outbox",
        "schedule": float(env_int("OUTBOX_SWEEP_SECONDS", 60, minimum=1, maximum=3600)),
    },
    # Reminders, escalations and digests: each sweep sends only what its rows say is due.
    "send-reminders": {
        "task": "reminders.tasks.run_sweeps",
        "schedule": float(env_int("REMINDER_SWEEP_SECONDS", 900, minimum=1, maximum=3600)),
    },
    # IATI files whose reading message was lost or whose worker died are queued again.
    "resume-iati-imports": {
        "task": "iati.tasks.resume_imports",
        "schedule": float(env_int("IATI_SWEEP_SECONDS", 60, minimum=1, maximum=3600)),
    },
    # The National Bank of Georgia's rates: each tick asks only for the days not kept yet.
    "fetch-rates": {
        "task": "rates.tasks.fetch_rates",
        "schedule": float(env_int("RATES_FETCH_SECONDS", 3600, minimum=60, maximum=86400)),
    },
}

# --- Exchange rates ---------------------------------------------------------------------------
# Off where the network is closed: the department then uploads the rates (/rates/upload/).
RATES_FETCH = env_bool("RATES_FETCH", True)
RATES_NBG_URL = env_url(
    "RATES_NBG_URL",
    "https://nbg.gov.ge/gw/api/ct/monetarypolicy/currencies/en/json/",
    schemes={"http", "https"},
)
RATES_FETCH_TIMEOUT = env_int("RATES_FETCH_TIMEOUT", 30, minimum=1, maximum=600)
# Days missed (the bank or the network down) are asked for again this far back.
RATES_CATCH_UP_DAYS = env_int("RATES_CATCH_UP_DAYS", 7, minimum=0, maximum=366)

# --- Notifications --------------------------------------------------------------------------
# Links in email and calendars point here; the worker that sends mail cannot know the address
# the web process is served on. `make run` sets it from PORT.
DONORFLOW_SITE_URL = env_str("DONORFLOW_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Transient SMTP failures are retried with exponential backoff, this many attempts at most.
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 6, minimum=1, maximum=50)
NOTIFICATION_RETRY_BASE_SECONDS = env_int(
    "NOTIFICATION_RETRY_BASE_SECONDS", 60, minimum=1, maximum=3600
)
NOTIFICATION_RETRY_MAX_SECONDS = 3600
# A row left "sending" this long (its worker died) is taken up again by the sweep.
NOTIFICATION_SENDING_TIMEOUT_SECONDS = env_int(
    "NOTIFICATION_SENDING_TIMEOUT_SECONDS", 600, minimum=1, maximum=86400
)
# An SMTP server that stops answering fails the attempt instead of holding the worker.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1, maximum=600)

# --- Reminders and escalations ----------------------------------------------------------------
# Day counts are calendar days, or working days (weekends and Georgian public holidays
# skipped) when REMINDERS_WORKING_DAYS is on. Reminders go out at REMINDERS_TIME local time.
REMINDERS_WORKING_DAYS = env_bool("REMINDERS_WORKING_DAYS", False)
REMINDERS_TIME = "09:00"
# The unit whose head is the department head in escalations.
DONORFLOW_DEPARTMENT_UNIT_CODE = env_str("DONORFLOW_DEPARTMENT_UNIT_CODE", "ird")
# Any of the rules in scheduling/policy.py DEFAULTS can be changed here, for example
# REMINDERS = {"obligation_escalation": ((0, ("responsible_unit",)), (5, ("unit_head",)))}.
REMINDERS: dict[str, object] = {}
# Daily digests go out at this local time; the weekly digest to top management on Mondays.
DIGEST_TIME = "08:30"

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.filters.FilterBackend",
        "rest_framework.filters.SearchFilter",
        "core.api.ordering.StableOrderingFilter",
    ],
    # JSON only: form encodings blur types (a missing boolean reads as false, every value as
    # text). The import upload reads multipart for its file.
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Donorflow API",
    "DESCRIPTION": "Register and lifecycle of international cooperation opportunities.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI is served from our own static files: no CDN, and nothing inline for the CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.document_errors",
    ],
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CurrencyEnum": "core.codelists.CURRENCY_CHOICES",
        "SectorEnum": "core.codelists.sector_choices",
        "OpportunityStateEnum": "workflow.models.Opportunity.State",
        "ObligationStateEnum": "projects.models.Obligation.State",
        "PeriodicityEnum": "core.periodicity.Periodicity",
        "OpportunityKindEnum": "workflow.models.Opportunity.Kind",
        "IatiImportStatusEnum": "iati.models.IatiImport.Status",
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Security -------------------------------------------------------------------------------
# DONORFLOW_HTTPS says the site is reached over TLS: plain HTTP is redirected, browsers are told
# to keep to HTTPS (HSTS) and cookies go over TLS only. Behind a TLS-terminating proxy, also
# set DONORFLOW_PROXY_SSL_HEADER so Django trusts the proxy's X-Forwarded-Proto.
DONORFLOW_HTTPS = env_bool("DONORFLOW_HTTPS", False)
SECURE_SSL_REDIRECT = DONORFLOW_HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0) if DONORFLOW_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = DONORFLOW_HTTPS
SECURE_HSTS_PRELOAD = DONORFLOW_HTTPS
if env_bool("DONORFLOW_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", DONORFLOW_HTTPS or not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Pages load scripts, styles, fonts and pictures from this site only; no inline script or style
# is needed anywhere, so an injected one does not run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Sign-in: after AXES_FAILURE_LIMIT wrong passwords for one account from one address, that pair
# is locked for AXES_COOLOFF_MINUTES. A success clears the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1, maximum=24 * 60)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "web.pages.account.locked_out"
AXES_USERNAME_CALLABLE = "web.pages.account.attempted_username"
# Behind N proxies (DONORFLOW_PROXY_COUNT), the client is the address the outermost one saw: the
# N-th from the right in X-Forwarded-For. Whatever the client wrote there itself lies further
# left and is ignored; the innermost proxy shows only as REMOTE_ADDR, so django-ipware, which
# counts the proxies named in the header, is told N - 1. With no proxy the header is not read.
DONORFLOW_PROXY_COUNT = env_int("DONORFLOW_PROXY_COUNT", 0, minimum=0, maximum=10)
AXES_IPWARE_PROXY_COUNT = DONORFLOW_PROXY_COUNT - 1 if DONORFLOW_PROXY_COUNT else None
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if DONORFLOW_PROXY_COUNT else ["REMOTE_ADDR"]
)
# A client may prepend any text to the header: only the proxies' own part has to be well formed.
IPWARE_STRICT = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- IATI -----------------------------------------------------------------------------------
# The ministry as the publisher of its IATI file (an organisation identifier per IATI rules).
IATI_REPORTING_ORG = {
    "ref": env_str("IATI_REPORTING_ORG_REF", "GE-MIA"),
    "type": "10",
    "name_en": env_str("IATI_REPORTING_ORG_NAME_EN", "Ministry of Internal Affairs of Georgia"),
    "name_ka": env_str("IATI_REPORTING_ORG_NAME_KA", "საქართველოს შინაგან საქმეთა სამინისტრო"),
}
# Days an opportunity may stay in a state before the dashboard counts it as stuck, for example
# INSIGHT_STUCK_DAYS = {"presented": 10}; defaults in workflow/measures.py.
INSIGHT_STUCK_DAYS: dict[str, int] = {}
