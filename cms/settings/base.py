"""Settings shared by every mode; everything comes from the environment with safe defaults."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dev-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "counselling",
    "openinfo",
    "openinfo.visits.fieldapp",
    "openinfo.reports",
    "openinfo.pilar",
    "openinfo.tasks",
    "openinfo.plans",
    "search",
    "partners",
    "core",
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # HTML, JSON and static files compressed (pages shrink ~4x on slow connections). BREACH: Django's
    # GZipMiddleware pads each response with random bytes ("Heal The Breach") and CSRF tokens are
    # masked per response, so compressed pages with forms do not leak the token (docs/accessibility.md).
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "partners.cors.ApiCorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.LanguageMiddleware",
    "core.contentcache.ContentCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.security_middleware.SecurityHeadersMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cms.twofactor.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

# Headers (docs/security.md). Public pages run no inline script: scripts come from 'self' only.
# The Wagtail admin and the API's Swagger/ReDoc pages bring their own inline code and are excluded;
# they are for staff and developers, framed only by ourselves, and stay out of the public site's CSP.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ("/admin/", "/api/v1/docs/", "/api/v1/redoc/"),
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # A nonce is sent only where a page asks for one (`request.csp_nonce`): the field app's
        # shell carries its script inline (one round trip on slow 3G, docs/field-app.md).
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        # blob: lets the field app preview a photo still on the phone (URL.createObjectURL).
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# Admin login: django-axes locks an account after AXES_FAILURE_LIMIT wrong passwords, and an address
# after as many failures on any accounts, for AXES_COOLOFF_TIME (in the database, shared by every
# worker); the address is the project's one client-address rule.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.clientaddr.client_ip_or_none"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "cms/lockout.html"
AXES_VERBOSE = False
# Two-factor authentication (cms/twofactor.py): required for the groups that can read personal data
# or early warnings (and superusers), optional for everyone else. Off only in the test settings,
# where tests/security/test_admin_accounts.py switches it on.
TWO_FACTOR_ENFORCED = True
TWO_FACTOR_REQUIRED_GROUPS = [
    "PPID",
    "Supervisor Satbinmas",
    "Kanit Binmas",
    "Pimpinan",
    "Administrators",
]
OTP_TOTP_ISSUER = "Sambang Digital"
# The admin signs out after this much idle time (cms/security_middleware.py); the public site's
# sessions (PPID receipts, tracking) keep Django's SESSION_COOKIE_AGE.
ADMIN_IDLE_TIMEOUT = int(env("ADMIN_IDLE_TIMEOUT", str(30 * 60)))

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite file by default; PostgreSQL (or anything dj-database-url reads) when DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: a 64 MiB page cache per connection (SQLite's default is 2 MiB), so the
    # search index and the page tree stay in memory instead of being re-read from the file.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA cache_size=-65536;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The client's address (cms/clientaddr.py): how many reverse proxies in front of the app append to
# X-Forwarded-For. 0 (the default) trusts no header: the connecting address is the client.
TRUSTED_PROXIES = int(env("TRUSTED_PROXIES", "0"))
# /cari/: searches per address and window (seconds).
SEARCH_RATE_LIMIT = (int(env("SEARCH_RATE_LIMIT", "60")), 60)

# Locmem by default; Redis (shared by every process, needed for fair throttling) when REDIS_URL is set.
# "content" holds cached anonymous reads (core/contentcache.py), apart from throttle counters so that
# culling one never evicts the other.
# The Redis caches fail open (core/failopen.py): Redis down means misses and fresh counters, logged
# once per burst and counted for /readyz, never a 500; after a failure Redis is left alone for
# CACHE_RETRY_SECONDS. Short socket timeouts keep a hanging Redis from holding a worker.
REDIS_OPTIONS = {
    "socket_connect_timeout": float(env("REDIS_CONNECT_TIMEOUT", "0.5")),
    "socket_timeout": float(env("REDIS_TIMEOUT", "1")),
}
CACHE_RETRY_SECONDS = float(env("CACHE_RETRY_SECONDS", "2"))
CACHE_LOG_BURST_SECONDS = float(env("CACHE_LOG_BURST_SECONDS", "60"))
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "core.failopen.FailOpenRedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "sambang",
            "OPTIONS": REDIS_OPTIONS,
        },
        "content": {
            "BACKEND": "core.failopen.FailOpenRedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "sambang-content",
            "OPTIONS": REDIS_OPTIONS,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "content": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "content",
            "OPTIONS": {"MAX_ENTRIES": int(env("CONTENT_CACHE_MAX_ENTRIES", "2000"))},
        },
    }

# Anonymous API reads and public pages from the "content" cache, keyed by the content version
# (docs/caching.md). Off: every read is rebuilt (versions, ETags and 304s keep working).
CONTENT_CACHE_ENABLED = env_bool("CONTENT_CACHE_ENABLED", True)
CONTENT_CACHE_ALIAS = "content"
CONTENT_CACHE_TIMEOUT = int(env("CONTENT_CACHE_TIMEOUT", "600"))
# s-maxage for a CDN/reverse proxy in front that purges on publish (Wagtail frontend cache); 0: the
# proxy revalidates every time (cheap: a 304 from the version).
PUBLIC_PAGE_S_MAXAGE = int(env("PUBLIC_PAGE_S_MAXAGE", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Indonesian first, English available; Jakarta time.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("id", "Bahasa Indonesia")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_USER_TIME_ZONES = ["Asia/Jakarta"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Documents, visit photos and original images live in PRIVATE_MEDIA_ROOT (outside MEDIA_ROOT, no web
# server may serve it) and are served by views that apply the rules of the content using them.
PRIVATE_MEDIA_ROOT = Path(
    env("PRIVATE_MEDIA_ROOT", str(MEDIA_ROOT.with_name(MEDIA_ROOT.name + "-private")))
)
PROTECTED_MEDIA_STORAGE = "cms.protected_media.ProtectedMediaStorage"
PROTECTED_MEDIA_RULES = {
    "visits/": "openinfo.visits.photo_access.may_view_photo",
    "original_images/": "cms.document_access.may_view_original_image",
}
STORAGES = {
    "default": {"BACKEND": PROTECTED_MEDIA_STORAGE},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Wagtail
WAGTAIL_SITE_NAME = "Sambang Digital"
WAGTAILADMIN_BASE_URL = env("BASE_URL", "http://127.0.0.1:8000")
BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Documents are always attachments, and only these types may be uploaded (no html, svg, xml, js).
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "odt",
    "xls",
    "xlsx",
    "ods",
    "csv",
    "ppt",
    "pptx",
    "odp",
    "txt",
    "rtf",
    "zip",
    "jpg",
    "jpeg",
    "png",
]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Background tasks (e-mail, index updates, webhooks): queued in the database and run by
# `manage.py db_worker` (`make run` starts one beside the development server). TASKS_BACKEND=
# django_tasks.backends.immediate.ImmediateBackend runs them in the request instead.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
MAIL_MAX_ATTEMPTS = int(env("MAIL_MAX_ATTEMPTS", "6"))
# An Idempotency-Key whose request died in flight can be taken over by a retry after this lease.
IDEMPOTENCY_LEASE_SECONDS = int(env("IDEMPOTENCY_LEASE_SECONDS", "60"))


# Public PPID forms: attempts per client address and window, "count/seconds" (openinfo/ppid/ratelimit.py).
def _limit(name, default):
    count, seconds = env(name, default).split("/")
    return int(count), int(seconds)


PPID_RATE_LIMITS = {
    "request": _limit("PPID_LIMIT_REQUEST", "5/3600"),
    "track": _limit("PPID_LIMIT_TRACK", "10/600"),
    "objection": _limit("PPID_LIMIT_OBJECTION", "5/3600"),
}
# Powers of attorney and answer documents; default: beside MEDIA_ROOT (`<MEDIA_ROOT>-private`).
PPID_PRIVATE_ROOT = env("PPID_PRIVATE_ROOT") or None

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Sambang Digital <noreply@sambang.local>")

# REST API (DESIGN §7)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so a missing or bad key answers 401 with `WWW-Authenticate: Api-Key`.
        "partners.auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Public reads stay open to anonymous clients; a key must hold the view's `required_scope`.
    "DEFAULT_PERMISSION_CLASSES": ["partners.auth.ScopePermission"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.CursorPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "core.filters.StrictDjangoFilterBackend",
        "core.reads.StrictOrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttles.AnonReadThrottle",
        "partners.throttles.ApiKeyRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon_read": env("API_ANON_RATE", "120/min"),
    },
    "EXCEPTION_HANDLER": "core.errors.exception_handler",
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_SCHEMA_CLASS": "core.schema.PartnerAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_VERSIONING_CLASS": None,
    "ORDERING_PARAM": "ordering",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Sambang Digital API",
    "DESCRIPTION": (
        "Public content and field API of Sambang Digital (Satbinmas Polres Metro Tangerang Kota). "
        'Errors share one shape: {"error": {"code", "message", "fields"}}; messages follow '
        "Accept-Language (id or en)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["core.schema.only_public_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.fields_make_items_partial",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ChangeActionEnum": "partners.models.ChangeEvent.Action",
        "PoliceUnitKindEnum": "home.models.regions.PoliceUnit.Kind",
        "MessageKindEnum": "openinfo.reports.models.Kind",
        "SignalStatusEnum": "openinfo.visits.models.reports.SignalStatus",
        "SignalCategoryEnum": "openinfo.visits.models.reports.SignalCategory",
    },
}

# Partner API (issue 7): Cache-Control max-age of public reads, how often per-key usage counters are
# written to the database, and webhooks (retries, timeout; loopback receivers only for tests).
API_CACHE_MAX_AGE = int(env("API_CACHE_MAX_AGE", "30"))
API_KEY_USAGE_FLUSH_SECONDS = int(env("API_KEY_USAGE_FLUSH_SECONDS", "60"))
WEBHOOKS_MAX_ATTEMPTS = int(env("WEBHOOKS_MAX_ATTEMPTS", "6"))
WEBHOOKS_TIMEOUT = int(env("WEBHOOKS_TIMEOUT", "10"))
WEBHOOKS_ALLOW_LOOPBACK = env_bool("WEBHOOKS_ALLOW_LOOPBACK", False)
# Receivers listen on 80/443; an administrator may allow more (e.g. "80,443,8443").
WEBHOOKS_ALLOWED_PORTS = [int(p) for p in env_list("WEBHOOKS_ALLOWED_PORTS", "80,443")]
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100

# Field app (issue 14): officer tokens expire after FIELD_TOKEN_TTL_DAYS; sign-in attempts per client
# address; channels that hear of high-severity signals besides e-mail and the admin's list.
FIELD_TOKEN_TTL_DAYS = int(env("FIELD_TOKEN_TTL_DAYS", "30"))
FIELD_SIGNIN_RATE = env("FIELD_SIGNIN_RATE", "10/min")
FIELD_ALERT_CHANNELS = env_list(
    "FIELD_ALERT_CHANNELS", "openinfo.visits.fieldapp.alerts.ConsoleChannel"
)

# Search engine of search/: the database engine unless an Elasticsearch URL is given.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
SEARCH_ENGINE = env("SEARCH_ENGINE", "elasticsearch" if ELASTICSEARCH_URL else "database")
# Elasticsearch calls time out after SEARCH_TIMEOUT_SECONDS (no retry); after
# SEARCH_BREAKER_FAILURES failures in a row the circuit breaker answers 503 at once for
# SEARCH_BREAKER_SECONDS, then lets one trial through (search/breaker.py). Index updates that fail
# are retried by the task worker up to SEARCH_SYNC_MAX_ATTEMPTS times (search/tasks.py).
SEARCH_TIMEOUT_SECONDS = float(env("SEARCH_TIMEOUT_SECONDS", "2"))
SEARCH_BREAKER_FAILURES = int(env("SEARCH_BREAKER_FAILURES", "3"))
SEARCH_BREAKER_SECONDS = float(env("SEARCH_BREAKER_SECONDS", "30"))
SEARCH_SYNC_MAX_ATTEMPTS = int(env("SEARCH_SYNC_MAX_ATTEMPTS", "8"))

# Database outages: 503 with this Retry-After (seconds); one log record per burst of errors.
OUTAGE_RETRY_AFTER = int(env("OUTAGE_RETRY_AFTER", "30"))
OUTAGE_LOG_BURST_SECONDS = int(env("OUTAGE_LOG_BURST_SECONDS", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "outage": {"()": "core.outage.OutageLogFilter"},
        "client_ip": {"()": "core.clientaddr.ClientAddressFilter"},
    },
    "formatters": {"default": {"format": "%(levelname)s %(name)s [%(client_ip)s] %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client_ip"],
            "formatter": "default",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
        "django.request": {"filters": ["outage"]},
    },
}

_ = _  # gettext_lazy is re-exported for settings modules that label things

# Lapor & Tanya: residents' personal data is removed this many months after a message is closed
# (`manage.py reports_retention`, daily from cron).
REPORTS_RETENTION_MONTHS = int(env("REPORTS_RETENTION_MONTHS", "12"))
