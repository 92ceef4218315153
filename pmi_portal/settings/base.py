"""Settings of every environment, read strictly from the environment (see CONTRACT.md).

With no variable set the embedded default runs: SQLite, Celery tasks in-process, DEBUG on.
With DATABASE_URL set the portal is deployed: DEBUG defaults to off and SECRET_KEY is required.
"""

import datetime
from pathlib import Path

from csp.constants import NONE, SELF

from pmi_portal.settings import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DATABASES = {"default": env.get_database("DATABASE_URL", str(BASE_DIR / "db.sqlite3"))}
EMBEDDED = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
# The owner of the schema, for `make migrate` and `manage.py grant_app_role` only: the portal
# itself connects as DATABASE_URL's role, which may read and write rows and nothing more.
MIGRATION_DATABASE = (
    env.get_database("MIGRATION_DATABASE_URL", "")
    if env.get_str("MIGRATION_DATABASE_URL")
    else None
)

DEBUG = env.get_bool("DEBUG", default=env.get_str("DATABASE_URL") is None)

SECRET_KEY = env.get_str("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise env.SettingsError(
            "SECRET_KEY",
            "wajib diisi bila DEBUG mati",
            "is required when DEBUG is off",
        )
    SECRET_KEY = "embedded-development-only-not-secret-" + "x" * 20

ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

# HTTPS on by default when deployed; a loopback benchmark or a proxy-less test server turns it off.
HTTPS = env.get_bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.get_bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.get_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: expiry after inactivity
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# With Redis, sessions live in the cache and their database row is rewritten only when the data
# changes or its expiry lags by this much (pmi_portal/access/sessions.py); without Redis, in the
# database (set below, with the caches).
SESSION_DB_REFRESH_SECONDS = env.get_int("SESSION_DB_REFRESH_SECONDS", 60)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "pmi_portal.offices",
    "pmi_portal.access",
    "pmi_portal.identity",
    "pmi_portal.people",
    "pmi_portal.workflow",
    "pmi_portal.audit",
    "pmi_portal.documents",
    "pmi_portal.notifications",
    "pmi_portal.dashboards",
    "pmi_portal.web",
    "pmi_portal.health",
    "pmi_portal.api",
    "pmi_portal.demo",
    "pmi_portal.synthetic",
    "pmi_portal.bench",
    "pmi_portal.backup",
    "placements",
    "returns",
    "cases",
    "outreach",
    "service_quality",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pmi_portal.audit.context.AuditContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pmi_portal.web.middleware.PortalLocaleMiddleware",
    "pmi_portal.web.middleware.ControlCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pmi_portal.access.middleware.IdleLogoutMiddleware",
    "pmi_portal.web.middleware.NoStoreMiddleware",
    # No django_otp OTPMiddleware: the second factor is asked at login (access.forms) and no page
    # reads `user.otp_device`, which it looked up in the database on every request.
    "pmi_portal.access.middleware.OfficeTimezoneMiddleware",
    "pmi_portal.access.middleware.RequestGenerationMiddleware",
    "pmi_portal.access.middleware.NotFoundOrNotYoursMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pmi_portal.urls"
# The bare page of `make bench` (pmi_portal.bench): only the benchmark's own server turns it on.
BENCH_BARE_VIEW = env.get_bool("BENCH_BARE_VIEW", default=False)
WSGI_APPLICATION = "pmi_portal.wsgi.application"
AUTH_USER_MODEL = "access.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "pmi_portal.access.backends.RoleBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
                "pmi_portal.web.context_processors.csrf",
                "pmi_portal.web.context_processors.navigation",
                "pmi_portal.notifications.context_processors.unread",
            ],
        },
    },
]

# Django's form renderer, with <input> and <textarea> written without their two templates each.
FORM_RENDERER = "pmi_portal.web.fields.OnePassRenderer"

DATABASES["default"]["CONN_MAX_AGE"] = env.get_int("CONN_MAX_AGE", 0 if EMBEDDED else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = not EMBEDDED
if not EMBEDDED:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Lock out a username from one address, never a username everywhere (an attacker would lock
# real officers out) nor an address alone (one office's NAT would lock everyone out).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.get_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.get_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Client addresses: count the reverse proxies in front of the portal explicitly.
PROXY_COUNT = env.get_int("PROXY_COUNT", 0)
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

OTP_TOTP_ISSUER = "Portal PMI"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.get_timezone("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded documents hold personal data: kept outside the web root, served only through views.
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Private documents (pmi_portal.documents) have no URL at all: a view scopes, audits and streams
# each one. A folder that whitenoise serves would publish them, so it is refused.
PRIVATE_MEDIA_ROOT = env.get_path("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private")
for _served in [STATIC_ROOT, BASE_DIR / "static", NODE_MODULES]:
    if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(_served.resolve()):
        raise env.SettingsError(
            "PRIVATE_MEDIA_ROOT",
            f"berada di dalam {_served}, yang dilayani sebagai berkas statis",
            f"lies inside {_served}, which is served as static files",
        )
# `make backup` writes there; keep it on another disk than the database and MEDIA_ROOT.
BACKUP_DIR = Path(env.get_str("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Offices run on closed networks: every asset comes from the portal itself, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

REDIS_URL = env.get_redis_url("REDIS_URL")
# /healthz probes the database and the broker on connections of its own; each process reuses its
# last answer this long, so that load balancers and monitors polling every process do not open
# a PostgreSQL connection per poll (pmi_portal/health/views.py). 0: probe on every request.
HEALTH_REUSE_SECONDS = env.get_int("HEALTH_REUSE_SECONDS", 5)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
# Above the longest task, so Redis does not hand a running task to a second worker.
# Publishing gives up after about a second when Redis is down: the request that made the event
# has committed, and the notifications' sweep sends what could not be queued.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = "UTC"
CELERY_TASK_DEFAULT_QUEUE = "celery"
# The dashboards read summary tables that Celery beat rebuilds this often; a portal without a
# broker rebuilds them in-process when a reader finds them older. The page says how old they are.
DASHBOARD_REFRESH_SECONDS = env.get_int("DASHBOARD_REFRESH_SECONDS", 120)
DASHBOARD_REFRESH_IN_PROCESS = CELERY_TASK_ALWAYS_EAGER
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "health.worker_heartbeat", "schedule": 60.0},
    # The audit events a lost task left unchained (pmi_portal.audit.chain.seal).
    "audit-seal": {"task": "audit.seal", "schedule": 60.0},
    # Notifications (pmi_portal.notifications): what the broker lost, what is due, what is late.
    "notifications-sweep": {"task": "notifications.sweep", "schedule": 60.0},
    "notifications-digests": {"task": "notifications.digest_tick", "schedule": 300.0},
    "notifications-scans": {"task": "notifications.scans", "schedule": 300.0},
    # The dashboards' summary tables (pmi_portal.dashboards.summaries).
    "dashboards-refresh": {
        "task": "dashboards.refresh",
        "schedule": float(DASHBOARD_REFRESH_SECONDS),
    },
}

# --- Notifications ---
# The portal's address as users reach it, for the links in e-mails and webhooks.
PORTAL_URL = env.get_str("PORTAL_URL", "http://127.0.0.1:8000")
# In-app deliveries and the slow outbound channels (e-mail, webhooks) have queues of their own:
# run `celery worker -Q notify-in-app,celery` and `celery worker -Q notify-outbound` (README).
NOTIFY_QUEUE_IN_APP = env.get_str("NOTIFY_QUEUE_IN_APP", "notify-in-app")
NOTIFY_QUEUE_OUTBOUND = env.get_str("NOTIFY_QUEUE_OUTBOUND", "notify-outbound")
NOTIFY_MAX_ATTEMPTS = env.get_int("NOTIFY_MAX_ATTEMPTS", 8)
NOTIFY_RETRY_BASE_SECONDS = env.get_int("NOTIFY_RETRY_BASE_SECONDS", 30)
# Below the broker's visibility timeout: a retry waiting on its countdown is not handed out twice.
NOTIFY_RETRY_MAX_SECONDS = env.get_int("NOTIFY_RETRY_MAX_SECONDS", 1800)
# A worker's claim on a delivery being sent; after it the sweep takes the delivery back.
NOTIFY_CLAIM_SECONDS = env.get_int("NOTIFY_CLAIM_SECONDS", 300)
# What is still pending this long after it was due is queued again by the sweep.
NOTIFY_SWEEP_GRACE_SECONDS = env.get_int("NOTIFY_SWEEP_GRACE_SECONDS", 120)
# Figures read from one refresh of the dashboards' summaries are kept in the cache this long
# per scope and filters (pmi_portal.dashboards).
DASHBOARD_CACHE_SECONDS = env.get_int("DASHBOARD_CACHE_SECONDS", 300)
NOTIFY_WEBHOOK_TIMEOUT = (5, 10)  # connect, read (seconds)
# Webhooks go to public HTTPS addresses only; tests allow a receiver on loopback.
NOTIFY_WEBHOOK_ALLOW_PRIVATE = False

email = env.get_email("EMAIL_URL")
if email is not None:
    globals().update(email)
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "Portal PMI <noreply@portal-pmi.go.id>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
    # axes logs every successful login at INFO; failures and lockouts stay visible.
    "loggers": {"axes": {"level": "WARNING"}},
}
if CELERY_TASK_ALWAYS_EAGER:
    # Tasks run inside the web process (no broker): their per-task lines would drown the log.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
    LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}

# --- API ---
# /api/v1/ (pmi_portal.api): token or session authentication, the office scoping of the web
# views, one JSON error shape, pages of at most 100, a request budget per token.

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "pmi_portal.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["pmi_portal.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "pmi_portal.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "pmi_portal.api.filters.StrictFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "pmi_portal.api.throttling.ClientRateThrottle",
        "pmi_portal.api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "client": env.get_str("API_THROTTLE_RATE", "600/minute"),
        "anon": env.get_str("API_ANON_THROTTLE_RATE", "60/minute"),
    },
    "NUM_PROXIES": PROXY_COUNT,
    "DEFAULT_SCHEMA_CLASS": "pmi_portal.api.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

DRF_STANDARDIZED_ERRORS = {
    "EXCEPTION_HANDLER_CLASS": "pmi_portal.api.errors.ApiExceptionHandler",
    "ALLOWED_ERROR_STATUS_CODES": [
        "400",
        "401",
        "403",
        "404",
        "405",
        "406",
        "413",
        "415",
        "429",
        "500",
        "503",
    ],
    "ERROR_SCHEMAS": {
        "401": "pmi_portal.api.openapi.ErrorResponse401Serializer",
        "413": "pmi_portal.api.openapi.ErrorResponse413Serializer",
        "503": "pmi_portal.api.openapi.ErrorResponse503Serializer",
    },
}

_ERROR_ENUMS = "drf_standardized_errors.openapi_serializers"
SPECTACULAR_SETTINGS = {
    "TITLE": "PMI Portal API",
    "DESCRIPTION": (
        "The integration API of the PMI Portal (BP2MI / KP2MI). Authenticate with "
        "`Authorization: Token <key>`; the token's user decides what you may see, with the same "
        "office scoping as the portal's pages (out of scope answers 404). Lists come in pages "
        "(`page`, `page_size` up to 100). Every error is JSON: "
        '`{"type": ..., "errors": [{"code": ..., "detail": ..., "attr": ...}]}` with a stable '
        "`code` and, for invalid fields, the field in `attr`; messages follow `Accept-Language` "
        "(id, en). Times are ISO 8601 with their offset."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "StageEnum": "placements.stages.Stage.choices",
        "CaseStateEnum": "cases.models.State",
        "CaseSourceEnum": "cases.models.Source",
        "StaffCaseSourceEnum": "cases.models.STAFF_SOURCES",
        "OutreachKindEnum": "outreach.models.Kind",
        "ProgrammeKindEnum": "outreach.models.ProgrammeKind",
        "ValidationErrorEnum": f"{_ERROR_ENUMS}.ValidationErrorEnum.choices",
        "ClientErrorEnum": f"{_ERROR_ENUMS}.ClientErrorEnum.choices",
        "ServerErrorEnum": f"{_ERROR_ENUMS}.ServerErrorEnum.choices",
        "ErrorCode401Enum": "pmi_portal.api.openapi.ErrorCode401Enum.choices",
        "ErrorCode403Enum": f"{_ERROR_ENUMS}.ErrorCode403Enum.choices",
        "ErrorCode404Enum": f"{_ERROR_ENUMS}.ErrorCode404Enum.choices",
        "ErrorCode405Enum": f"{_ERROR_ENUMS}.ErrorCode405Enum.choices",
        "ErrorCode406Enum": f"{_ERROR_ENUMS}.ErrorCode406Enum.choices",
        "ErrorCode413Enum": "pmi_portal.api.openapi.ErrorCode413Enum.choices",
        "ErrorCode415Enum": f"{_ERROR_ENUMS}.ErrorCode415Enum.choices",
        "ErrorCode429Enum": f"{_ERROR_ENUMS}.ErrorCode429Enum.choices",
        "ErrorCode500Enum": f"{_ERROR_ENUMS}.ErrorCode500Enum.choices",
        "ErrorCode503Enum": "pmi_portal.api.openapi.ErrorCode503Enum.choices",
        "ParseErrorCodeEnum": f"{_ERROR_ENUMS}.ParseErrorCodeEnum.choices",
        "OfficeKindEnum": "pmi_portal.offices.models.Office.Kind",
        "OfficeTimeZoneEnum": "pmi_portal.offices.models.Office.TimeZone",
        "RoleEnum": "pmi_portal.access.roles.Role",
        "ScopeLevelEnum": "pmi_portal.access.roles.ScopeLevel",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
        "pmi_portal.api.openapi.describe_responses",
    ],
}

# Throttling counts live in the cache: Redis when there is one (shared by every web process),
# under a prefix of its own beside Celery's keys; never `cache.clear()` there, it would empty
# the broker's queues too.
# When Redis fails, the counts go to this process's memory ("throttle-local"), so a limit holds.
_LOCAL_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
# What is kept under a versioned key is also kept in each process (web.versioned.kept_by_key).
_PROCESS_CACHE = {**_LOCAL_CACHE, "LOCATION": "process", "OPTIONS": {"MAX_ENTRIES": 2000}}
# The same for large values (a dashboard's rendered figures, up to ~110 KB each): few of them,
# the least recently used dropped first, so that a process holds at most ~7 MB of them.
_PAGES_CACHE = {**_LOCAL_CACHE, "LOCATION": "pages", "OPTIONS": {"MAX_ENTRIES": 64}}
if REDIS_URL is None:
    CACHES = {
        "default": _LOCAL_CACHE,
        "throttle-local": {**_LOCAL_CACHE, "LOCATION": "local"},
        "process": _PROCESS_CACHE,
        "pages": _PAGES_CACHE,
    }
else:
    CACHES = {
        "default": {
            # Django's, keeping one Redis client per connection pool (pmi_portal/web/cache.py).
            "BACKEND": "pmi_portal.web.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pmi-cache",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
        "throttle-local": {**_LOCAL_CACHE, "LOCATION": "local"},
        "process": _PROCESS_CACHE,
        "pages": _PAGES_CACHE,
    }
    SESSION_ENGINE = "pmi_portal.access.sessions"
# Each user's scope (pmi_portal/access/scoping.py) is kept this long in the cache, when the cache
# is Redis, shared by every process: a change of working area reaches them all at once.
SCOPE_CACHE_SECONDS = env.get_int("SCOPE_CACHE_SECONDS", 600 if REDIS_URL else 0)
# Each logged-in user's row, with their office, is kept this long in the cache when it is Redis
# (access.backends.RoleBackend.get_user): a request reads it with its session, without a query;
# saving the user or an office makes the next request read it anew.
USER_CACHE_SECONDS = env.get_int("USER_CACHE_SECONDS", 300 if REDIS_URL else 0)
# Each user's count of unread notifications (the bell of every page, and its poll every half
# minute) is kept this long in the cache when it is Redis; a delivery or a read counts anew.
UNREAD_CACHE_SECONDS = env.get_int("UNREAD_CACHE_SECONDS", 300 if REDIS_URL else 0)
# The count of each list of cases (per scope, view and filter; cases.selectors.cases_counted) is
# kept this long in the cache when it is Redis; a change of any case counts them all anew.
CASE_COUNT_CACHE_SECONDS = env.get_int("CASE_COUNT_CACHE_SECONDS", 300 if REDIS_URL else 0)
# So are the rows of each page of those lists (cases.selectors.cases_on_page), but the overdue
# list's, which the clock changes.
CASE_LIST_CACHE_SECONDS = env.get_int("CASE_LIST_CACHE_SECONDS", 300 if REDIS_URL else 0)
# The public report form's long lists (514 regencies, 250 countries), rendered once per language
# and version of the reference data (pmi_portal/web/forms.py QuickSelect).
REFERENCE_OPTIONS_CACHE_SECONDS = env.get_int("REFERENCE_OPTIONS_CACHE_SECONDS", 3600)

# A request body (not uploaded files) is held in memory: 2 MiB is ten times the JSON manifest of
# a full wide-body flight. Larger answers 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
