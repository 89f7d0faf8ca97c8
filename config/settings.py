"""Settings of the SEDP portal: one module, read from the environment.

Every variable is documented in README.md ("Configuration"). A bad value stops the start with
one clear line (see config/startup.py), never a traceback.
"""

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")


def _bool(name: str, default: bool) -> bool:
    raw = env.str(name, default="")
    if raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}.")


def _int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = env.str(name, default="")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


DEBUG = _bool("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string (DEBUG is off, so no "
            "development key is used)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105 - DEBUG only

# localhost is always allowed, so that a container's own health check (/healthz) gets through.
ALLOWED_HOSTS = [*env.list("ALLOWED_HOSTS", default=[]), "localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A refused form says why in the site's layout and language (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

VAR_DIR = BASE_DIR / "var"

# The portal's own address, for links in e-mails (sent from tasks, without a request).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
if urlsplit(SITE_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}.")


# --- Database -----------------------------------------------------------------------------

_DB_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}


def _database(url: str) -> dict:
    """Parse DATABASE_URL, refusing what Django could not use with a readable reason."""
    scheme = urlsplit(url).scheme
    if scheme not in _DB_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or sqlite:///, not {scheme or url!r}."
        )
    try:
        config = env.db_url_config(url)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {error}.") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL names no database (postgres://user:pw@host/NAME).")
    if scheme == "sqlite":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # Several writers (web + eager tasks) wait for the lock instead of failing at once.
        config.setdefault("OPTIONS", {})["timeout"] = 20
    else:
        config["CONN_MAX_AGE"] = _int("DATABASE_CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    return config


DATABASES = {"default": _database(env.str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# --- Applications -------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "simple_history",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    # Ours, from the bottom of the import order up (DESIGN.md, "Layout").
    "municipalities",
    "documents",
    "accounts",
    "planning",
    "trainings",
    "monitoring",
    "hearings",
    "municipal_services",
    "api",
    "config",
]

MIDDLEWARE = [
    # First: a kept public answer, for visitors without a session, goes out before anything
    # else runs; the first answer is kept as the whole stack below made it (config/page_cache.py).
    # A middleware that must run on kept answers too goes above this line: below it, a hit skips it.
    "config.page_cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Pages go out compressed (a plan of 300 activities: ~310 KB → ~14 KB) for slow rural lines.
    # Django masks its CSRF tokens per response, so compression does not expose them (BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After the CSRF check (which reads the form): a file refused past its limit reaches the
    # form as a RefusedUpload, so the form says so (documents/upload_handlers.py).
    "documents.upload_handlers.RefusedUploadsMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "config.notifications.context",
            ],
        },
    },
]


# --- Accounts and security ----------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend must come first: it refuses locked-out credentials.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace_home"
LOGOUT_REDIRECT_URL = "home"

SECURE_HTTPS = _bool("SECURE_HTTPS", False)
# How many proxies in front of the portal append the client's address to X-Forwarded-For (one
# nginx or Caddy: 1). 0: the address is REMOTE_ADDR and X-Forwarded-For is ignored, whoever
# wrote it. Read by accounts/client_ip.py (django-ipware) for the sign-in lock-out and the API.
TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0, minimum=0)

# Sign-in lock-out (accounts/lockout.py). django-axes: after AXES_FAILURE_LIMIT failed sign-ins
# for one user name from one address, that pair is locked out for AXES_COOLOFF_MINUTES; refused
# attempts do not push the end back, so the page's "try again at" holds.
AXES_FAILURE_LIMIT = _int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = _int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
AXES_HANDLER = "accounts.lockout.SignInLockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Ours, across addresses: SIGN_IN_USERNAME_FAILURE_LIMIT failures for one user name within
# SIGN_IN_USERNAME_WINDOW pause signing in with it, except in browsers already known for it.
SIGN_IN_USERNAME_FAILURE_LIMIT = _int("SIGN_IN_USERNAME_FAILURE_LIMIT", 50, minimum=1)
SIGN_IN_USERNAME_WINDOW = timedelta(minutes=_int("SIGN_IN_USERNAME_WINDOW_MINUTES", 60, minimum=1))

SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SESSION_COOKIE_HTTPONLY = True
# The language a person chose (accounts/language.py), kept a year so "/" and the admin follow it.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SECURE_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE_HTTPS:
    # Behind a TLS-terminating proxy (see docker-compose.yml and README.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 30
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^healthz/live$"]

# django-csp 4: nothing from other sites; our own scripts only (no inline script without nonce).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Common widgets drawn in Python (the same HTML as Django's templates, many times faster).
FORM_RENDERER = "config.form_renderer.FastWidgetRenderer"


# --- Open data API (/api/v1/, the api app) --------------------------------------------------

# Read-only and anonymous: nobody signs in to the API, so nothing depends on who asks. Each
# address may make 120 requests a minute (counted in the default cache); the address is read
# as for signing in (accounts/client_ip.py, TRUSTED_PROXIES).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.OpenDataThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute"},
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_PAGINATION_CLASS": "api.pagination.OpenDataPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "SEDP portal open data API",
    "DESCRIPTION": (
        "Read-only open data of the SEDP portal: the territory of Kyrgyzstan (oblasts, rayons, "
        "municipalities and their villages) and the socio-economic development programs (SEDP) "
        "that municipalities have published, with their action plans and financial models.\n\n"
        "**Terms of use.** The data are open: anyone may copy, publish, adapt and reuse them, also "
        'commercially, free of charge, with attribution: name the source as "SEDP portal" and the '
        "municipality the program belongs to. The content of each program is published as the "
        "municipality wrote it; the portal computes only totals and shares. No personal data is "
        "published: members of working groups appear by name and role, never with a phone number "
        "or an e-mail address; the contacts given are those of the aiyl okmotu (the office).\n\n"
        "No sign-in is needed. Each address may make 120 requests a minute (429 with Retry-After "
        "beyond that). Lists are paginated (`page`, `page_size` up to 200). Amounts are in KGS, as "
        "decimal strings with a dot. Names come in Kyrgyz, Russian and English. The action plan of a "
        "program is also available as CSV (UTF-8, one row per activity, funding source and year) "
        "and as XLSX."
    ),
    "VERSION": "1.0.0",
    "LICENSE": {"name": 'Open data: free reuse with attribution ("SEDP portal" and the municipality)'},
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "ENUM_NAME_OVERRIDES": {
        "RegionKindEnum": "municipalities.models.Region.Kind",
        "DistrictKindEnum": "municipalities.models.District.Kind",
        "MunicipalityKindEnum": "municipalities.models.Municipality.Kind",
        # "kind" and "status" of hearings beside those of the territory and of programs.
        "StatusEnum": "planning.selectors.PUBLIC_STATUSES",
        "HearingKindEnum": "hearings.models.Hearing.Kind",
        "HearingStatusEnum": "hearings.workflow.PUBLIC_STATUSES",
    },
}


# --- Languages, time, numbers -------------------------------------------------------------

LANGUAGE_CODE = "ky"
LANGUAGES = [
    ("ky", "Кыргызча"),
    ("ru", "Русский"),
    ("en", "English"),
]
# locale/ holds our code's messages (makemessages writes it); locale_overrides/ corrects Django's and
# django-axes' own Kyrgyz (garbled or missing in places) and is edited by hand. Ours come first.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Bishkek"
# Numbers are grouped where they are amounts or counts (|intcomma), never years or codes.
USE_THOUSAND_SEPARATOR = False
# Our own formats where Django's are not how the language is written (ky: a decimal comma).
FORMAT_MODULE_PATH = ["config.formats"]


# --- Files --------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_ADDRESSING_STYLES = {"path", "virtual", "auto"}


def media_storage(read: Callable[[str], str]) -> dict:
    """STORAGES["default"]: uploads and generated documents on the local disk or in a bucket.

    MEDIA_STORAGE=filesystem (the default) keeps them under MEDIA_ROOT; MEDIA_STORAGE=s3 puts them
    in an S3-compatible bucket (AWS S3, MinIO…) through django-storages, so that every web and
    worker host sees the same files. The bucket stays private: objects are written without an
    ACL and reach people only through the views that check access, which stream them
    (documents/http.py); no page ever gets an address in the bucket (documents/storage.py).
    `read(name)` gives a variable's raw value ("" when unset).
    """
    kind = read("MEDIA_STORAGE").strip().lower() or "filesystem"
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {kind!r}.")
    bucket = read("AWS_STORAGE_BUCKET_NAME").strip()
    if not bucket:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE is s3 but AWS_STORAGE_BUCKET_NAME is not set: name the bucket that holds "
            "the uploaded and generated files."
        )
    if not _BUCKET_NAME.match(bucket) or ".." in bucket:
        raise ImproperlyConfigured(
            f"AWS_STORAGE_BUCKET_NAME {bucket!r} is not a bucket name (3-63 lowercase letters, digits, "
            "dots and hyphens)."
        )
    endpoint = read("AWS_S3_ENDPOINT_URL").strip() or None
    if endpoint is not None:
        parts = urlsplit(endpoint)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ImproperlyConfigured(
                f"AWS_S3_ENDPOINT_URL must be an http:// or https:// address (http://minio:9000), not {endpoint!r}."
            )
    access_key, secret_key = read("AWS_ACCESS_KEY_ID").strip(), read("AWS_SECRET_ACCESS_KEY").strip()
    if bool(access_key) != bool(secret_key):
        missing = "AWS_SECRET_ACCESS_KEY" if access_key else "AWS_ACCESS_KEY_ID"
        raise ImproperlyConfigured(
            f"{missing} is not set: give both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither "
            "(then boto3 looks for credentials itself, e.g. the host's role)."
        )
    # MinIO and most S3-compatible servers want the bucket in the path, not in the host name.
    style = read("AWS_S3_ADDRESSING_STYLE").strip().lower() or ("path" if endpoint else "auto")
    if style not in _ADDRESSING_STYLES:
        raise ImproperlyConfigured(f"AWS_S3_ADDRESSING_STYLE must be path, virtual or auto, not {style!r}.")
    from botocore.config import Config

    return {
        "BACKEND": "documents.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": read("AWS_S3_REGION_NAME").strip() or "us-east-1",
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            # Private: no ACL is sent, so the bucket's own (private) policy applies to every object.
            "default_acl": None,
            # Any address the backend would make is signed and short-lived (5 minutes), should
            # one ever be asked for; the portal itself streams files and links to its own views.
            "querystring_auth": True,
            "querystring_expire": 300,
            # As on the file system: an upload never replaces another file of the same name.
            "file_overwrite": False,
            # A bucket that does not answer fails a request within seconds instead of minutes.
            "client_config": Config(
                s3={"addressing_style": style},
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }


STORAGES = {
    "default": media_storage(lambda name: env.str(name, default="")),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Files are counted while they arrive and refused past their page's limit (scans 10 MB,
# workbooks 5 MB: documents/upload_handlers.py); up to 2.5 MB they are held in memory, above on disk.
FILE_UPLOAD_HANDLERS = [
    "documents.upload_handlers.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A form's fields other than files: the largest page (a direction's activity table with its
# funding rows, Cyrillic text sent as %XX%XX) stays well under 5 MB; a body beyond it is refused
# with 400 before it is kept in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000


# --- E-mail -------------------------------------------------------------------------------

_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
# EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS...
globals().update(_email)
# The sender's name is the portal's, in Kyrgyz, as its users call it ("the SEDP portal").
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="СЭӨП порталы <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


# --- Cache, Celery ------------------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and urlsplit(REDIS_URL).scheme not in {"redis", "rediss"}:
    raise ImproperlyConfigured(f"REDIS_URL must start with redis:// or rediss://, not {REDIS_URL!r}.")

if REDIS_URL:
    CACHES = {
        "default": {
            # While Redis is down, reads are misses and writes do nothing (config/cache.py):
            # pages, the API and its throttle keep answering, slower, and the outage is logged once.
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sedp",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Days a hearing's notice must be posted before the hearing (local regulations decide the number).
HEARING_NOTICE_DAYS = _int("HEARING_NOTICE_DAYS", 10, minimum=0)

# The day of year Y+1 by which the monitoring report of year Y is due (month-day; the
# municipality's rules decide it): the coordinators' dashboard marks a report not published by then late.
MONITORING_REPORT_DUE = env.str("MONITORING_REPORT_DUE", default="") or "03-01"
try:
    _due_month, _due_day = (int(part) for part in MONITORING_REPORT_DUE.split("-"))
    date(2001, _due_month, _due_day)  # a day every year has (not 29 February)
except ValueError:
    raise ImproperlyConfigured(
        f"MONITORING_REPORT_DUE must be a month and day as MM-DD (e.g. 03-01), not {MONITORING_REPORT_DUE!r}."
    ) from None

# Evidence photos (documents/photos.py): the largest upload taken, and the side of the box a
# photo is resized to fit (never enlarged).
EVIDENCE_PHOTO_MAX_BYTES = _int("EVIDENCE_PHOTO_MAX_MB", 10, minimum=1) * 1024 * 1024
EVIDENCE_PHOTO_MAX_SIDE = _int("EVIDENCE_PHOTO_MAX_SIDE", 1600, minimum=400)
# How many evidence photos one activity may have in one yearly report.
EVIDENCE_PHOTOS_PER_ACTIVITY = _int("EVIDENCE_PHOTOS_PER_ACTIVITY", 10, minimum=1)

# Memory each web process may give to whole public answers (config/page_cache.py); 0: none kept.
PUBLIC_PAGE_CACHE_MB = _int("PUBLIC_PAGE_CACHE_MB", 64)

# Without a broker, tasks run at once in the web process (development, `make run`).
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = _int("CELERY_MAX_TASKS_PER_CHILD", 50, minimum=1)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = _int("CELERY_MAX_MEMORY_PER_CHILD_KB", 400_000, minimum=1)
# Each worker process may use at most this much address space while rendering (0: no limit).
DOCUMENT_WORKER_MEMORY_MB = _int("DOCUMENT_WORKER_MEMORY_MB", 2048)
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues a task never waits for a broker that is down: one connection attempt
# of at most a quarter of a second, then no retry ("max_retries": 0; otherwise kombu pauses 2 s
# before giving up, which is what an approval waited for), and no retry of the publish itself;
# the sweeps queue what could not be queued. The worker's own connection keeps retrying
# (broker_connection_max_retries), whatever these say.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": 0.25,
    "socket_timeout": 5,
    # A message a worker took and did not acknowledge (the worker was killed) goes back to the
    # queue after this long: the hard time limit, plus the moment the worker takes to
    # acknowledge a task it stopped at that limit. Meanwhile the documents' lease lets the
    # sweep take the render over sooner (documents/services.py).
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 30,
}
CELERY_TIMEZONE = TIME_ZONE
# Periodic work (run `celery -A config beat`, see docker-compose.yml): take over renders whose
# worker died, queue what the broker missed while it was down, send e-mails that could not be
# queued.
CELERY_BEAT_SCHEDULE = {
    "sweep-documents": {"task": "documents.tasks.sweep_documents", "schedule": 60.0},
    "send-pending-notifications": {"task": "planning.tasks.send_pending_notifications", "schedule": 600.0},
    "send-pending-hearing-notifications": {
        "task": "hearings.tasks.send_pending_hearing_notifications",
        "schedule": 600.0,
    },
}
# A render holds its document for this long and renews the hold every third of it while it
# works; a render whose worker died is taken over when the hold runs out.
DOCUMENT_LEASE_SECONDS = _int("DOCUMENT_LEASE_SECONDS", 30, minimum=3)
# Each worker writes a heartbeat to Redis this often; /healthz reads its age (config/heartbeat.py).
WORKER_HEARTBEAT_SECONDS = _int("WORKER_HEARTBEAT_SECONDS", 15, minimum=1)


# --- Logging ------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every refused resource as an error; documents.rendering records them.
        "weasyprint": {"level": "CRITICAL"},
        "fontTools": {"level": "WARNING"},
        # pikepdf says at INFO that it has started; nobody needs to read that.
        "pikepdf": {"level": "WARNING"},
    },
}
