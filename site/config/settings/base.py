"""Settings for every environment, read from environment variables only.

With no variables set the site runs on the embedded default: SQLite under
``var/``, local media files, an in-memory cache, e-mail printed to the console
and background tasks run in-process. ``README.md`` lists every variable.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

import environ

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# Production mode: demands real secrets and turns on HTTPS hardening. It is
# never inferred from DEBUG, so DEBUG=0 alone still serves plain HTTP locally.
PRODUCTION = env.bool("PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=False)

# The fallback key only exists so that a fresh clone runs; production refuses it.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105
# Keys that are examples, not secrets: deploy/motesplats.env.example's placeholder,
# the development key and Django's startproject key.
PLACEHOLDER_SECRET_KEY_PREFIXES = ("change-me", DEVELOPMENT_SECRET_KEY, "django-insecure-")
# Django's check --deploy warns below 50 characters or 5 different ones; we refuse
# to start below 50 characters or 10 different ones (a hex key has about 16).
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT_CHARACTERS = 10


def secret_key_weakness(key: str) -> str | None:
    """Why ``key`` cannot sign sessions and password-reset links in production, or None."""
    if key.lower().startswith(PLACEHOLDER_SECRET_KEY_PREFIXES):
        return "it is a placeholder from the examples, not a secret"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"it has {len(key)} characters, at least {SECRET_KEY_MIN_LENGTH} are needed"
    if len(set(key)) < SECRET_KEY_MIN_DISTINCT_CHARACTERS:
        return (
            f"it has only {len(set(key))} different characters, "
            f"at least {SECRET_KEY_MIN_DISTINCT_CHARACTERS} are needed"
        )
    return None


if PRODUCTION:
    missing = [
        name
        for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL")
        if not env.str(name, default="")
    ]
    if missing:
        raise ImproperlyConfigured(
            "PRODUCTION=1 needs these environment variables: " + ", ".join(missing)
        )
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when PRODUCTION=1.")
    if weakness := secret_key_weakness(env.str("SECRET_KEY")):
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for PRODUCTION=1: {weakness}. Generate one with "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )

SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = "Mötesplats"
# The admin makes no requests to other hosts: no Gravatar avatars (each would send
# an editor's hashed e-mail address abroad, and the CSP blocks them anyway), and no
# check of Wagtail's releases from superusers' dashboards.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

INSTALLED_APPS = [
    "core",
    "core.outbox",
    "core.surveys",
    "members",
    "events",
    "knowledge",
    "regions",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail.api.v2",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "core.middleware.HealthCheckMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the page cache, so that a stored response is answered 304 too.
    "django.middleware.http.ConditionalGetMiddleware",
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.read_ahead.ReadAheadMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.AdminContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.AdminAccessMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.middleware.CachedRouteMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
    # E-mail text (core.outbox): the same templates, rendered without HTML escaping.
    {
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'motesplats.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's full-text fields and GIN indexes.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions: Redis when REDIS_URL is set, else process memory.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="motesplats"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Fragments keyed by the content generation never change once written, so each
# process keeps its own (core.page_cache): no round trip to Redis for them.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# Background work: in-process unless TASKS_BACKEND=database, which queues the
# tasks in the database for `manage.py db_worker`.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# E-mail: every message is a row of the outbox (core.outbox), written with the change
# it reports, and sent by the task worker through the "delivery" mailer: printed to the
# console unless EMAIL_URL (smtp://user:pass@host:port, smtp+tls:// for STARTTLS,
# smtp+ssl:// for TLS) is set. The default mailer, used by allauth's, Wagtail's and
# Django's mail, writes to the outbox too.
if EMAIL_URL := env.str("EMAIL_URL", default=""):
    _email = env.email_url_config(EMAIL_URL)
    _delivery = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _email["EMAIL_HOST"],
            "port": _email["EMAIL_PORT"],
            "username": _email["EMAIL_HOST_USER"] or None,
            "password": _email["EMAIL_HOST_PASSWORD"] or None,
            "use_tls": _email.get("EMAIL_USE_TLS", False),
            "use_ssl": _email.get("EMAIL_USE_SSL", False),
            "timeout": env.int("EMAIL_TIMEOUT", default=20),
        },
    }
else:
    _delivery = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
MAILERS = {"default": {"BACKEND": "core.mail.QueuedEmailBackend"}, "delivery": _delivery}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Mötesplats <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every subject starts with it: the outbox adds it where the sender did not.
EMAIL_SUBJECT_PREFIX = "[Mötesplats] "
# Sent and given-up messages are deleted this many days later by `manage.py send_outbox`.
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=30)

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "members.auth_backends.CachedPermissionsBackend",
    "members.auth_backends.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = "/konto/login/"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupForm"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# allauth's rate limits (per client address "ip", per e-mail "key", per "user").
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    # Comments (members.discussion), per member.
    "comment": "5/m/user,30/h/user",
    "report_comment": "20/h/user",
}
# The client address used by the rate limits. By default only REMOTE_ADDR is
# trusted: X-Forwarded-For can be forged by anyone. Behind reverse proxies that
# you control, set ALLAUTH_TRUSTED_PROXY_COUNT to their number (the address is
# then read that many places from the right of X-Forwarded-For), or name a header
# that your proxy sets and overwrites in ALLAUTH_TRUSTED_CLIENT_IP_HEADER
# (e.g. "X-Real-IP").
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="") or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mötesplats"
# The Wagtail admin signs in through allauth, so rate limits and MFA apply there.
WAGTAILADMIN_LOGIN_URL = "account_login"

# Members: accounts whose e-mail address was never verified are deleted after
# this many days by `manage.py purge_unverified` (run it daily from a scheduler).
MEMBERS_UNVERIFIED_RETENTION_DAYS = env.int("MEMBERS_UNVERIFIED_RETENTION_DAYS", default=30)

# Internationalisation: Swedish first, English second.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
if not PRODUCTION:
    # whitenoise warns about a missing STATIC_ROOT before the first collectstatic.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production whitenoise serves straight from the source folders, so no
# collectstatic step is needed to run locally with DEBUG off.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Search: Wagtail's database backend, which on PostgreSQL is full-text search with
# the Swedish dictionary (stemming, stop words). SEARCH_URL switches to a search
# cluster: Elasticsearch 9, or OpenSearch 3 with SEARCH_ENGINE=opensearch.
search_backends = {
    "elasticsearch": "wagtail.search.backends.elasticsearch9",
    "opensearch": "core.opensearch",
}
if SEARCH_URL := env.str("SEARCH_URL", default=""):
    SEARCH_ENGINE = env.str("SEARCH_ENGINE", default="elasticsearch")
    if SEARCH_ENGINE not in search_backends:
        raise ImproperlyConfigured(
            f"SEARCH_ENGINE must be one of {', '.join(search_backends)}, not {SEARCH_ENGINE!r}."
        )
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": search_backends[SEARCH_ENGINE],
            "URLS": [url.strip() for url in SEARCH_URL.split(",")],
            "INDEX_PREFIX": env.str("SEARCH_INDEX_PREFIX", default="motesplats_"),
            "TIMEOUT": env.int("SEARCH_TIMEOUT", default=5),
            # Text fields without an analyzer of their own get the engine's
            # Swedish one (stemming, stop words), as on PostgreSQL.
            "INDEX_SETTINGS": {
                "settings": {"analysis": {"analyzer": {"default": {"type": "swedish"}}}}
            },
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            "SEARCH_CONFIG": env.str("SEARCH_CONFIG", default="swedish"),
        }
    }
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "doc",
    "xlsx",
    "xls",
    "pptx",
    "odt",
    "ods",
    "odp",
    "csv",
    "txt",
]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
# Images (editors' and members') may have at most this many pixels, all frames of an
# animation counted: a rendition decodes them at up to four bytes each, so 50 million
# take 200 MB. Counted from the file's header, before anything is decoded (core.images).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env.int("WAGTAILIMAGES_MAX_IMAGE_PIXELS", default=50_000_000)
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.images.ImageForm"

# Knowledge library: articles not reviewed for this many days are flagged to
# editors, and members' uploads may be at most this large.
KNOWLEDGE_REVIEW_AFTER_DAYS = env.int("KNOWLEDGE_REVIEW_AFTER_DAYS", default=365)

# Discussion (members.discussion): minutes a member may edit or delete their comment,
# and what an account's deletion does to its comments: "delete" them, or "anonymise"
# (kept, shown as by "tidigare medlem").
DISCUSSION_EDIT_MINUTES = env.int("DISCUSSION_EDIT_MINUTES", default=15)
DISCUSSION_ON_ACCOUNT_DELETE = env.str("DISCUSSION_ON_ACCOUNT_DELETE", default="anonymise")
if DISCUSSION_ON_ACCOUNT_DELETE not in ("delete", "anonymise"):
    raise ImproperlyConfigured("DISCUSSION_ON_ACCOUNT_DELETE must be 'delete' or 'anonymise'.")
# Addresses written without a scheme (www.example.se) in comments link to https.
URLIZE_ASSUME_HTTPS = True
KNOWLEDGE_UPLOAD_MAX_BYTES = env.int("KNOWLEDGE_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

# Content-Security-Policy for the public site: no inline or foreign scripts.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Wagtail's admin ships inline scripts and styles, so it gets its own policy.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# Behind a reverse proxy that sets X-Forwarded-Proto (documented in README).
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

# HTTPS hardening, switched on by PRODUCTION=1 only.
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

# Logs go to standard error, one JSON object a line with LOG_FORMAT=json (for a
# log collector), else plain text.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.logging.JsonFormatter"},
    },
    "filters": {"redact_secret_paths": {"()": "core.logging.RedactSecretPaths"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["redact_secret_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # Tasks log every run at INFO; the outcome of failures is what matters here.
        "django.tasks": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# ---------------------------------------------------------------------------
# Scale-out: object storage, CDN purging, the anonymous page cache, benchmarks.
# ---------------------------------------------------------------------------

# Uploaded images and documents go to an S3-compatible bucket when one is named;
# local files under MEDIA_ROOT stay the default. Keys may instead come from the
# machine's role (IAM instance profile) when left empty.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="") or env.str(
    "S3_BUCKET", default=""
)
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            # Private objects with signed, expiring URLs unless a public CDN domain
            # serves them.
            "default_acl": None,
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
            "file_overwrite": False,
        },
    }
    # Wagtail serves documents through its own view (permission checks, then a
    # redirect to the signed URL) rather than streaming them through Python.
    WAGTAILDOCS_SERVE_METHOD = "redirect"

# Wagtail's frontend-cache invalidation: purge a page from the CDN or caching
# proxy when it is published or unpublished. Off unless a backend is configured.
WAGTAILFRONTENDCACHE = {}
if FRONTEND_CACHE_URL := env.str("FRONTEND_CACHE_URL", default=""):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": FRONTEND_CACHE_URL,
    }
if _distribution := env.str("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID", default=""):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": _distribution,
    }
if _zone := env.str("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": _zone,
        "BEARER_TOKEN": env.str("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN"),
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

# Anonymous page cache (core.page_cache): Wagtail pages served to visitors who are
# not logged in come from the shared cache for this many seconds at most, and are
# retired at once on publish. 0 switches it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# New entries with a query string (filters, searches) a minute, across the site: with
# PAGE_CACHE_SECONDS, a bound of the entries that endless query strings could make.
PAGE_CACHE_QUERY_ENTRIES_PER_MINUTE = env.int("PAGE_CACHE_QUERY_ENTRIES_PER_MINUTE", default=120)
# Requests carrying the session cookie or one of these always get a fresh page.
PAGE_CACHE_BYPASS_COOKIES = ["messages"]

# The open-data API (core.api, /api/v2/): Wagtail's API v2 on Django REST framework.
# Read-only and anonymous: no session is read, so no authentication class runs.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: ``?format=`` is the meetings' filter (as in the listing), not a renderer.
    "URL_FORMAT_OVERRIDE": None,
    # The client address of the rate limit, read as allauth's is.
    "NUM_PROXIES": ALLAUTH_TRUSTED_PROXY_COUNT,
}
# The OpenAPI document (/api/v2/openapi.json, core.api.openapi): only the open-data
# endpoints, with its info and servers filled in by the hooks. Choices stay inline in
# each field (no shared enum components, whose names collide across apps). The tests
# and `make lint` validate it; `check --deploy` does not generate it (that needs the
# database).
SPECTACULAR_SETTINGS = {
    "PREPROCESSING_HOOKS": ["core.api.openapi.only_open_data"],
    "POSTPROCESSING_HOOKS": ["core.api.openapi.describe"],
    "SERVE_INCLUDE_SCHEMA": False,
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}
# Requests a client address may make a minute to the API's uncached responses.
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="300/min")
# How long callers (browsers, proxies) may keep an API response.
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=300)
# The address the open data's catalogue (DCAT-AP-SE) gives for questions about the data.
OPEN_DATA_CONTACT_EMAIL = env.str(
    "OPEN_DATA_CONTACT_EMAIL",
    default=f"oppnadata@{urlsplit(SITE_URL).hostname or 'localhost'}",
)
# The largest page (?limit=) of an API listing.
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_SEARCH_ENABLED = False
# Every origin may read the API with GET, without credentials.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("ETag", "Retry-After")

# `/bench/ping/`, the minimal view the load benchmark uses as its ceiling.
BENCH_VIEWS = env.bool("BENCH_VIEWS", default=False)
