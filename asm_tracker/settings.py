"""Settings for ASM Tracker, read from environment variables.

With nothing set a checkout runs locally: a SQLite file and a media folder in the repository, DEBUG on
in the development server only. A deployment sets SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL at least
(see README, «Configuración» and «Producción»). A malformed value stops start-up with
ImproperlyConfigured instead of being silently replaced by a default.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on", "si", "sí"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} debe ser 1/0, true/false, yes/no u on/off; se recibió {value!r}.")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} debe ser un número entero; se recibió {value!r}.") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# DEBUG is on by default in the development server alone (`manage.py runserver`; scripts/run also says
# DEBUG=1). Any other process (gunicorn, the job worker, a management command, the tests) runs with it off
# unless told, so a deployment that forgets the variable never shows Django's debug page.
DEBUG = envbool("DEBUG", sys.argv[1:2] == ["runserver"])

# A deployment is a process with DEBUG off that was told DEBUG=0, or given a SECRET_KEY, or that serves the
# site through asm_tracker/wsgi.py (gunicorn imports it before these settings). It needs its own
# SECRET_KEY and ALLOWED_HOSTS, goes HTTPS by default and serves the static files collectstatic hashed and
# compressed. Anything else (a command or the tests in a checkout with nothing set) keeps the local
# defaults: the development key, the local host names, plain HTTP and the static files as they are.
DEPLOYED = not DEBUG and (
    os.environ.get("DEBUG") is not None or bool(os.environ.get("SECRET_KEY")) or "asm_tracker.wsgi" in sys.modules
)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if DEPLOYED else _DEV_SECRET_KEY)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY es obligatoria cuando DEBUG está apagado.")
if DEPLOYED and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY no puede ser la clave de desarrollo cuando DEBUG está apagado.")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [] if DEPLOYED else ["127.0.0.1", "localhost", "testserver"])
if DEPLOYED and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS es obligatoria cuando DEBUG está apagado.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

# The public URL of the site, used in links sent by email.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "audit",
    "programs",
    "aspects",
    "evidence",
    "indicators",
    "reports",
    "public",
    "imports",
    "jobs",
    "accounts",
    "ops",
    "demo",
    # Accounts (issue 14 §2): login lockout, second factor (TOTP and recovery codes).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    # Outermost: one log line per request, whatever answers it.
    "ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files (hashed, compressed, cached for a year) before anything else reads the request.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer, error pages and the admin included.
    "csp.middleware.CSPMiddleware",
    "ops.middleware.PermissionsPolicyMiddleware",
    # 413 for a body larger than any form may send: after the security headers (the 413 page carries
    # them), before anything reads the body (CSRF reads every POST's).
    "evidence.uploads.RequestSizeMiddleware",
    # A NUL byte in the path or query answers 400 here, before any view or query sees it.
    "ops.middleware.RejectNulMiddleware",
    # Addresses with the former English parameter names answer 301 to the Spanish ones.
    "programs.params.SpanishParamsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before CsrfViewMiddleware, the first to read an upload: it keeps the names as sent.
    "evidence.uploads.UploadNameMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every GET answer (the API's lists and details included), 304 when it still matches.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Accounts (issue 14 §2), right after authentication: an expired session is logged out before
    # anything reads the user; then the device that verified the session, and the pages a user
    # whose role needs a second factor cannot reach without it.
    "accounts.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "audit.capture.AuditUserMiddleware",
    "ops.middleware.AdminActionLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "asm_tracker.urls"

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
                "programs.context_processors.staff_rights",
            ],
        },
    },
]

WSGI_APPLICATION = "asm_tracker.wsgi.application"

_DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _DEFAULT_DATABASE_URL)}
except Exception as exc:  # dj-database-url raises several kinds on a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL no es válida: {exc}") from exc
# Persistent connections: opening one per request cost PostgreSQL a tenth of its throughput;
# the health check replaces a connection the server dropped before it is used.
DATABASES["default"]["CONN_MAX_AGE"] = envint("CONN_MAX_AGE", 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web process and the job worker share the file. WAL lets a long read (a job building
    # the open-data ZIP) go on while a request writes; IMMEDIATE transactions take the write
    # lock up front, so two writers queue (up to the timeout) instead of failing each other.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    # The list indexes carry covering columns (INCLUDE) for PostgreSQL's index-only walks; SQLite
    # keeps the same indexes without them, which is all the embedded default needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es-mx"
# Django's own catalog before those of the installed apps: Django REST framework's Spanish differs
# on a few messages it shares with Django's forms («Este campo es requerido», «está vació»), and
# the staff forms keep Django's wording. DRF's own messages (the API's errors) stay translated.
LOCALE_PATHS = [Path(django.__file__).resolve().parent / "conf" / "locale"]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Outside a deployment WhiteNoise serves static/ itself, picking up changes, so any local process serves
# static files (runserver with DEBUG=0 included).
WHITENOISE_USE_FINDERS = not DEPLOYED
WHITENOISE_AUTOREFRESH = not DEPLOYED
# Pages link static files by their hashed names only ({% static %}), so collectstatic keeps no copy under
# the plain name: half the files to write and to compress (gzip and Brotli) on each deployment.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# Uploaded files are served only through views that check permissions, never from MEDIA_URL.
MEDIA_URL = "/media-no-servido/"

# Evidence files: local disk under MEDIA_ROOT by default; S3-compatible object storage (through
# django-storages) when EVIDENCE_S3_BUCKET is set. Either way they are private: every download
# goes through a view that checks permission. See README, "Evidencias".
if os.environ.get("EVIDENCE_S3_BUCKET"):
    _EVIDENCE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["EVIDENCE_S3_BUCKET"],
            "endpoint_url": os.environ.get("EVIDENCE_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("EVIDENCE_S3_REGION") or None,
            "access_key": os.environ.get("EVIDENCE_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("EVIDENCE_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("EVIDENCE_S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _EVIDENCE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # MEDIA_ROOT
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # A deployment serves what collectstatic wrote: names with a hash of the content (cached for a year)
    # and gzip and Brotli copies, served by WhiteNoise. A checkout serves static/ as it is.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if DEPLOYED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
    "evidence": _EVIDENCE_STORAGE,
    # Files the jobs make (downloads of «Mis descargas», the open-data ZIP, large public
    # annexes), under generados/ of the same place as the evidence: the web server serves
    # what a worker wrote, so with workers on other machines it must be shared (S3).
    "generated": _EVIDENCE_STORAGE,
}
EVIDENCE_MAX_FILE_SIZE = envint("EVIDENCE_MAX_FILE_MB", 25) * 1024 * 1024
EVIDENCE_MAX_FILES_PER_UPLOAD = envint("EVIDENCE_MAX_FILES_PER_UPLOAD", 10)
EVIDENCE_ZIP_MAX_ENTRIES = envint("EVIDENCE_ZIP_MAX_ENTRIES", 1000)
EVIDENCE_ZIP_MAX_UNCOMPRESSED = envint("EVIDENCE_ZIP_MAX_UNCOMPRESSED_MB", 500) * 1024 * 1024
# Containers opened one inside another (a ZIP in a ZIP, a workbook embedded in a document), the upload itself
# counted: a member that is a container at this depth is refused.
EVIDENCE_ZIP_MAX_DEPTH = envint("EVIDENCE_ZIP_MAX_DEPTH", 3)
# The files of one upload together. A request whose Content-Length passes this plus the form fields' allowance
# (DATA_UPLOAD_MAX_MEMORY_SIZE) is answered 413 before its body is read (evidence.uploads.RequestSizeMiddleware).
EVIDENCE_MAX_UPLOAD_SIZE = envint("EVIDENCE_MAX_UPLOAD_MB", 100) * 1024 * 1024
# The fields of a form, files apart (Django's own limit, named here so that it is a decision): 2.5 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_KB", 2560) * 1024
# An uploaded file larger than this goes to a temporary file instead of memory (Django's default).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Django refuses a request with more files than this before any view runs.
DATA_UPLOAD_MAX_NUMBER_FILES = EVIDENCE_MAX_FILES_PER_UPLOAD + 5

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "login"

# Accounts (issue 14 §2; README, «Cuentas y acceso»).
# Brute force: django-axes locks a username from one address after AXES_FAILURE_LIMIT failed
# logins in a row, for AXES_COOLOFF_MINUTES; the admin unlocks under «Axes». Its backend goes
# first, so a locked-out login is refused before the password is even checked.
AUTHENTICATION_BACKENDS = ["accounts.backends.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "public.throttle.client_of"  # the same client address as the public throttle
AXES_VERBOSE = False
# Sessions: logged out after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after
# logging in whatever the activity (accounts/middleware.py).
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = envint("SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
# Second factor: TOTP codes (and single-use recovery codes), named in authenticator apps as this.
OTP_TOTP_ISSUER = "ASM Tracker"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
FILTERS_EMPTY_CHOICE_LABEL = "Todos"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ASM Tracker <no-responder@localhost>")

# HTTPS: on by default in a deployment; a deployment behind a proxy that terminates TLS sets
# SECURE_PROXY_SSL_HEADER through USE_X_FORWARDED_PROTO.
_HTTPS = envbool("HTTPS", DEPLOYED)
SECURE_SSL_REDIRECT = _HTTPS
# The health check answers on plain HTTP too: a load balancer or a container's probe asks the app directly.
SECURE_REDIRECT_EXEMPT = [r"^salud/$"]
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
SECURE_HSTS_PRELOAD = _HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): everything from this site only; no inline script (every script
# is a file under static/js), no inline style, no framing, forms post only here. Bootstrap's stylesheet
# draws its icons (select arrows, checkboxes) as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Logs go to standard error, one record a line: JSON objects with LOG_FORMAT=json (for a collector),
# readable text otherwise. The app's own loggers (asm.*: one line per request, failed sign-ins,
# transitions, admin actions) log at INFO whatever LOG_LEVEL says for the libraries.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT debe ser text o json; se recibió {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"()": "ops.logs.TextFormatter"},
        "json": {"()": "ops.logs.JSONFormatter"},
    },
    "filters": {"client_errors": {"()": "ops.logs.ClientErrorsOnOneLine"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["client_errors"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "asm": {"level": os.environ.get("LOG_LEVEL_APP", "INFO")},
        # Every answer already has its line in asm.requests (a 403 with its reason): Django's own warning
        # per 4xx would be a second one. Its errors (a 500 and its traceback) still come through.
        "django.request": {"level": "ERROR"},
    },
}

# Apps whose models' every create, update and delete goes to the audit trail: the domain, and the
# accounts (users with their superuser and staff flags and groups, groups and their permissions);
# memberships are in `programs`.
AUDITED_APPS = ["programs", "aspects", "evidence", "indicators", "auth"]
# Per model ("app.model"): fields that are bookkeeping, not edits (a login stamps `last_login`)…
AUDIT_IGNORED_FIELDS = {"auth.user": ["last_login"]}
# …and fields whose values never enter the trail, only the fact that they changed: a password hash
# kept for ever in an append-only table would outlive every change of password.
AUDIT_SECRET_FIELDS = {"auth.user": ["password"]}

# Days ahead that count as "por vencer" (about to fall due).
DUE_SOON_DAYS = envint("DUE_SOON_DAYS", 30)

# Background jobs (README, «Trabajos en segundo plano»). With CELERY_BROKER_URL (Redis) the
# worker runs as `celery -A asm_tracker worker`; without it, scripts/run starts a worker on
# Kombu's filesystem transport, which needs no server: message files in CELERY_DATA_DIR. Either
# way a request only enqueues; nothing runs a task inside a request.
CELERY_DATA_DIR = Path(os.environ.get("CELERY_DATA_DIR") or BASE_DIR / "var" / "celery")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "").strip() or "filesystem://localhost/"
if "://" not in CELERY_BROKER_URL:
    raise ImproperlyConfigured(
        f"CELERY_BROKER_URL debe ser una URL como redis://127.0.0.1:6379/0; se recibió {CELERY_BROKER_URL!r}."
    )
if CELERY_BROKER_URL.startswith("filesystem://"):
    # One folder for both directions: the web process writes messages where the worker reads.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "cola"),
        "data_folder_out": str(CELERY_DATA_DIR / "cola"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "polling_interval": 0.5,
    }
    _DEFAULT_RESULT_BACKEND = f"file://{CELERY_DATA_DIR / 'resultados'}"
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
    _DEFAULT_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "").strip() or _DEFAULT_RESULT_BACKEND
# The Job row is the record of a job (status, progress, file, error): no task result is kept.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that enqueues while the broker is down fails after these retries (the job is then
# marked failed with a reason) instead of hanging.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
# `celery beat` (scripts/run embeds it in its worker): expired downloads are purged hourly and the
# open-data ZIP rebuilt nightly (it is also rebuilt after each authorisation); the plans' summaries
# whose overdue count went stale as a day passed are counted again hourly (aspects.progress).
CELERY_BEAT_SCHEDULE = {
    "purge-jobs": {"task": "jobs.purge", "schedule": 3600},
    "refresh-overdue": {"task": "aspects.refresh_overdue", "schedule": 3600},
    "open-data-nightly": {"task": "public.rebuild_open_data", "schedule": 24 * 3600},
}

# An indicator measured at or above this share of its target, but below the target, rates «cumple
# parcialmente» (indicators/rating.py); below it, «no cumple». A decimal between 0 and 1.
INDICATOR_PARTIAL_SHARE = os.environ.get("INDICATOR_PARTIAL_SHARE", "0.80")

# Results of jobs are kept this many hours, then `purge_jobs` deletes them and their files.
JOB_RESULT_HOURS = envint("JOB_RESULT_HOURS", 24)
# A job writes its progress at most this often (seconds), not on every row.
JOB_PROGRESS_INTERVAL = 1.0
# A plan with more activities than this has its PDF/XLSX annexes made by a job: staff get them
# in «Mis descargas», the public from a file built when the plan or round was authorised.
ANNEX_JOB_MIN_ACTIVITIES = envint("ANNEX_JOB_MIN_ACTIVITIES", 300)
# Seconds the open-data ZIP waits after an authorisation before it is rebuilt, so that a
# supervisor authorising several things in a row causes one rebuild.
OPEN_DATA_REBUILD_DELAY = envint("OPEN_DATA_REBUILD_DELAY", 60)
# A list download (/asm/, /actividades/ with ?formato=) of more rows than this is written by a
# job: a signed-in user's own, in «Mis descargas»; for the public, one shared build per list,
# filters, format and version of the public data (public/list_exports.py).
LIST_EXPORT_JOB_ROWS = envint("LIST_EXPORT_JOB_ROWS", 10_000)
if LIST_EXPORT_JOB_ROWS < 0:
    raise ImproperlyConfigured("LIST_EXPORT_JOB_ROWS debe ser 0 o mayor.")
# Heavy public requests (annex PDF/XLSX, list downloads) at once per client; more answer 429.
PUBLIC_HEAVY_CONCURRENCY = envint("PUBLIC_HEAVY_CONCURRENCY", 2)
# Behind a reverse proxy every request comes from the proxy's address: with this on, the client
# is the last address the proxy added to X-Forwarded-For.
USE_X_FORWARDED_FOR = envbool("USE_X_FORWARDED_FOR", False)

# The cache holds the public pages (public/cache.py) and counts the heavy requests in flight.
# Files under var/cache/ by default, which every process of one machine (the web server's
# workers, the job worker) shares; with several machines set CACHE_URL=redis://….
_CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if _CACHE_URL and not _CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"CACHE_URL debe ser una URL redis://; se recibió {_CACHE_URL!r}.")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
    if _CACHE_URL
    else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(BASE_DIR / "var" / "cache")}
}
# Public pages are cached until the next authorisation, and at most this long (seconds).
PUBLIC_CACHE_SECONDS = envint("PUBLIC_CACHE_SECONDS", 600)
# A PDF annex is rendered in parts of at most this many rows, joined and numbered afterwards
# (reports/writers/pdf.py): WeasyPrint's memory and time per row grow with the document.
ANNEX_PDF_PART_ROWS = envint("ANNEX_PDF_PART_ROWS", 500)
if ANNEX_PDF_PART_ROWS < 1:
    raise ImproperlyConfigured("ANNEX_PDF_PART_ROWS debe ser 1 o mayor.")

# The open-data API (public/api.py): read-only, anonymous, JSON only. Nothing in it depends on
# who asks, so no authentication runs (and no session or CSRF is involved).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ASM Tracker · Datos abiertos",
    "DESCRIPTION": (
        "API de solo lectura con los datos autorizados del seguimiento a los Aspectos Susceptibles de Mejora "
        "(ASM): dependencias, programas, evaluaciones externas, recomendaciones, ASM, actividades, avances, "
        "evidencias, replanteamientos, y los indicadores con sus metas y sus mediciones. Solo aparece lo "
        "autorizado; no requiere cuenta.\n\n"
        "**Paginación.** Cada lista se pagina por cursor, en orden de `id`: `next` y `previous` son las ligas "
        "de la página siguiente y de la anterior (nulas al final y al principio), y se siguen tal cual. "
        "`por_pagina` va de 1 a 500 (50 por omisión). El parámetro `pagina` (número de página) responde 400.\n\n"
        "**Nombres de los parámetros.** En español: `anio`, `ciclo`, `dependencia`, `programa`, `tipo`, "
        "`prioridad`, `estado`, `oportunidad`, `por_pagina`. Una consulta con los nombres anteriores, en inglés "
        "(`year`, `cycle`, `agency`, `program`, `kind`, `priority`, `status`, `timeliness`, `page`, `page_size`), "
        "responde 301 con la misma consulta en español en `Location`.\n\n"
        "**Copias en caché.** Cada respuesta a un GET lleva `ETag`; pedida de nuevo con `If-None-Match` y esa "
        "`ETag`, responde 304 sin cuerpo mientras nada cambie (con un `If-Match` que no coincide, 412).\n\n"
        '**Errores.** En JSON y en español: `{"detalle": "…"}` y, en un 400, también '
        '`"errores": {"parámetro": ["…"]}`. 400: un parámetro de la consulta no es válido (un filtro, '
        "`cursor`, `por_pagina` o `pagina`). 404: no existe o no es público. 405: cualquier escritura (POST, PUT, "
        "PATCH, DELETE); solo se admiten GET, HEAD y OPTIONS, como dice la cabecera `Allow`. 429: demasiadas consultas "
        "de un mismo cliente; hay que esperar los segundos de `Retry-After`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": False,
    # A measurement's rating and its derived rating are one set of codes, under one name.
    "ENUM_NAME_OVERRIDES": {"CalificacionEnum": "indicators.rating.Rating"},
}
