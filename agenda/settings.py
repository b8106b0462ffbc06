"""One settings file, driven by environment variables (see the table in README.md)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from agenda.lib.clients import parse_networks

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "true")
development_secret_key = "dev-only-insecure-secret-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", development_secret_key)
if not DEBUG and SECRET_KEY == development_secret_key:
    # The default key is public: with it anyone could sign sessions and personal links.
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: with DEBUG=false, set SECRET_KEY to a long random value "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "Agenda public")
PROGRAMME_NAME = os.environ.get("PROGRAMME_NAME", "Mois de l’innovation publique")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", SITE_URL)
CSRF_FAILURE_VIEW = "agenda.site.views.csrf_failure"

INSTALLED_APPS = [
    # First, so that its `createsuperuser` (by e-mail, in French) replaces django.contrib.auth's.
    "agenda.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dsfr",
    "agenda.events",
    "agenda.site",
    "agenda.exchange",
    "agenda.feeds",
    "agenda.checks",
    "agenda.moderation",
    "agenda.registrations",
    "agenda.demo",
]

MIDDLEWARE = [
    "agenda.lib.request_time.RequestTimeLimit",
    "django.middleware.security.SecurityMiddleware",
    # Outside WhiteNoise, so static files carry the policy too (as nginx sends it).
    "agenda.site.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "agenda.urls"
WSGI_APPLICATION = "agenda.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "agenda" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # French agreement (`pluriel`, `accord`) and elision (`de`) in every template.
            "builtins": ["agenda.site.templatetags.francais"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agenda.site.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'agenda.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the site read while an import writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "fr"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/uploads/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "uploads"))
# Manifest storage only outside DEBUG, so tests and `make run` need no collectstatic.
if not DEBUG:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Uploaded files (images, programmes) are cut off past this size while they stream in.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = [
    "agenda.lib.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

CACHE_SECONDS = int(os.environ.get("CACHE_SECONDS", "60"))
CACHE_URL = os.environ.get("CACHE_URL", "locmem://")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if CACHE_URL.startswith("redis://"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
    }
elif CACHE_URL.startswith("file://"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": CACHE_URL.removeprefix("file://"),
    }

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "agenda@localhost")
EMAIL_TIMEOUT = 10
if DEBUG and "EMAIL_HOST" not in os.environ and "EMAIL_BACKEND" not in os.environ:
    # `make run` has no mail server: print emails on the console instead.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

LOGIN_URL = "login"
# The password policy, enforced by every path: the site's forms, `createsuperuser`, the admin.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Reverse proxies whose X-Forwarded-For the rate limits believe (agenda/lib/clients.py):
# addresses or networks, e.g. "127.0.0.1,::1" for nginx on the same machine.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "")
try:
    parse_networks(TRUSTED_PROXIES)
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None
LOGIN_REDIRECT_URL = "space"
LOGOUT_REDIRECT_URL = "home"

# ProConnect (the State's OpenID Connect sign-in for public agents): off unless configured.
PROCONNECT_ISSUER = os.environ.get("PROCONNECT_ISSUER", "")
PROCONNECT_CLIENT_ID = os.environ.get("PROCONNECT_CLIENT_ID", "")
PROCONNECT_CLIENT_SECRET = os.environ.get("PROCONNECT_CLIENT_SECRET", "")
PROCONNECT_ENABLED = bool(PROCONNECT_ISSUER and PROCONNECT_CLIENT_ID)

# Registrations: personal data is deleted this many days after the session.
REGISTRATION_RETENTION_DAYS = int(os.environ.get("REGISTRATION_RETENTION_DAYS", "30"))

# Shown on the accessibility statement: where users report an accessibility problem.
ACCESSIBILITY_CONTACT = os.environ.get("ACCESSIBILITY_CONTACT", DEFAULT_FROM_EMAIL)
# The State's site furniture (header, footer, legal notice): who runs the site.
OPERATOR_NAME = os.environ.get("OPERATOR_NAME", "")
PUBLICATION_DIRECTOR = os.environ.get("PUBLICATION_DIRECTOR", "")
HOSTING_PROVIDER = os.environ.get("HOSTING_PROVIDER", "")
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
# "non", "partiellement" or "totalement" conforme (RGAA): "non" until an audit says otherwise.
ACCESSIBILITY_STATUS = os.environ.get("ACCESSIBILITY_STATUS", "non")
if ACCESSIBILITY_STATUS not in ("non", "partiellement", "totalement"):
    raise ImproperlyConfigured(
        f"ACCESSIBILITY_STATUS: « {ACCESSIBILITY_STATUS} » (non, partiellement ou totalement)"
    )
# More footer links, "Libellé|URL" separated by ";" (the open data page is always there).
FOOTER_LINKS = [
    tuple(item.split("|", 1))
    for item in os.environ.get("FOOTER_LINKS", "").split(";")
    if "|" in item
]

# Security headers and HTTPS (agenda/lib/security.py; `agenda nginx-snippet` writes the same
# headers for nginx). Production: see "Production settings" in README.md.
site_is_https = SITE_URL.startswith("https://")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
# Behind a proxy that terminates TLS: "HTTP_X_FORWARDED_PROTO,https" (the proxy must set it).
SECURE_PROXY_SSL_HEADER = tuple(envlist("SECURE_PROXY_SSL_HEADER", "")) or None
if SECURE_PROXY_SSL_HEADER and len(SECURE_PROXY_SSL_HEADER) != 2:
    raise ImproperlyConfigured(
        "SECURE_PROXY_SSL_HEADER: write HEADER,value, e.g. HTTP_X_FORWARDED_PROTO,https"
    )
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", str(site_is_https))
SECURE_REFERRER_POLICY = os.environ.get("REFERRER_POLICY", "strict-origin-when-cross-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = os.environ.get(
    "PERMISSIONS_POLICY",
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()",
)
# Images of events may come from other sites over https; nothing else does.
CSP_IMG_SRC = os.environ.get("CSP_IMG_SRC", "'self' data: https:").split()
CSP_FORM_ACTION_EXTRA = os.environ.get("CSP_FORM_ACTION_EXTRA", "").split()
# Origins (https://site.example) whose pages may frame the widget; no other page is framed.
WIDGET_FRAME_ANCESTORS = os.environ.get("WIDGET_FRAME_ANCESTORS", "").replace(",", " ").split()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Hostile input (issue 10): budgets beside those of agenda/lib/limits.py.
# Sessions one event may have, from a page, a table or the forms.
MAX_SESSIONS_PER_EVENT = int(os.environ.get("MAX_SESSIONS_PER_EVENT", "500"))
# A request taking longer gets a 503 page (agenda/lib/request_time.py): keep it below
# gunicorn's --timeout (30 s by default), which kills the worker without an answer.
REQUEST_SECONDS = float(os.environ.get("REQUEST_SECONDS", "25"))
