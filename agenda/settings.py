"""One settings file, driven by environment variables (see the table in README.md)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from agenda.lib.clients import parse_networks

BASE_DIR = Path(__file__).resolve().parent.parent


# Every setting read from the environment goes through these helpers (and only they read
# os.environ): tests/test_settings.py checks that README's table lists exactly these names.
def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_is_set(name: str) -> bool:
    return name in os.environ


def envbool(name: str, default: str) -> bool:
    return env(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(env(name, default))


def envfloat(name: str, default: str) -> float:
    return float(env(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "true")
development_secret_key = "dev-only-insecure-secret-key-change-me"
SECRET_KEY = env("SECRET_KEY", development_secret_key)
if not DEBUG and SECRET_KEY == development_secret_key:
    # The default key is public: with it anyone could sign sessions and personal links.
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: with DEBUG=false, set SECRET_KEY to a long random value "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Unset, it follows the address `agenda serve` (`make run`) serves on.
SITE_URL_FOLLOWS_SERVER = not env_is_set("SITE_URL")
SITE_NAME = env("SITE_NAME", "Agenda public")
PROGRAMME_NAME = env("PROGRAMME_NAME", "Mois de l’innovation publique")
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
    # Its Swagger UI is then served from our static files (without it, from a CDN).
    "ninja",
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
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'agenda.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "60"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the site read while an import writes. The file read through a memory map (up
    # to 256 MB, pages shared with the OS cache): no read() per page — a publication of 4,000
    # events spent 1.3 s of system time in them, 0.4 s mapped.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "fr"
TIME_ZONE = env("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Front-end packages from the npm registry (`make install` runs npm install), served from the
# site's static files under vendor/ (never from a CDN); absent without npm: the map pages then
# show their list only.
NPM_STATIC = {"leaflet": "leaflet/dist", "leaflet.markercluster": "leaflet.markercluster/dist"}
STATICFILES_DIRS = [
    (f"vendor/{name}", BASE_DIR / "node_modules" / folder)
    for name, folder in NPM_STATIC.items()
    if (BASE_DIR / "node_modules" / folder).is_dir()
]
MEDIA_URL = "/uploads/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "uploads")))
# Manifest storage only outside DEBUG, so tests and `make run` need no collectstatic.
if not DEBUG:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Uploaded files (images, programmes) are cut off past this size while they stream in.
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", str(5 * 1024 * 1024))
FILE_UPLOAD_HANDLERS = [
    "agenda.lib.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

CACHE_SECONDS = envint("CACHE_SECONDS", "60")
# The public site published as files (`agenda publish`): the folder nginx serves, rewritten
# after each change when set; lists and feeds at most once per PUBLISH_COALESCE_SECONDS.
PUBLISH_DIR = env("PUBLISH_DIR")
PUBLISH_COALESCE_SECONDS = envfloat("PUBLISH_COALESCE_SECONDS", "10")
CACHE_URL = env("CACHE_URL", "locmem://")
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

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "agenda@localhost")
EMAIL_TIMEOUT = 10
if DEBUG and not env_is_set("EMAIL_HOST") and not env_is_set("EMAIL_BACKEND"):
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
PROCONNECT_ISSUER = env("PROCONNECT_ISSUER")
PROCONNECT_CLIENT_ID = env("PROCONNECT_CLIENT_ID")
PROCONNECT_CLIENT_SECRET = env("PROCONNECT_CLIENT_SECRET")
PROCONNECT_ENABLED = bool(PROCONNECT_ISSUER and PROCONNECT_CLIENT_ID)
# Scopes asked of ProConnect, space-separated (empty: those of agenda/accounts/proconnect.py).
PROCONNECT_SCOPES = env("PROCONNECT_SCOPES")

# Registrations: personal data is deleted this many days after the session.
REGISTRATION_RETENTION_DAYS = envint("REGISTRATION_RETENTION_DAYS", "30")
# Registration attempts an hour per client address and per e-mail address.
REGISTRATION_RATE_LIMIT = envint("REGISTRATION_RATE_LIMIT", "10")

# Shown on the accessibility statement: where users report an accessibility problem.
ACCESSIBILITY_CONTACT = env("ACCESSIBILITY_CONTACT", DEFAULT_FROM_EMAIL)
# The State's site furniture (header, footer, legal notice): who runs the site.
OPERATOR_NAME = env("OPERATOR_NAME", "")
PUBLICATION_DIRECTOR = env("PUBLICATION_DIRECTOR", "")
HOSTING_PROVIDER = env("HOSTING_PROVIDER", "")
CONTACT_EMAIL = env("CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
# "non", "partiellement" or "totalement" conforme (RGAA): "non" until an audit says otherwise.
ACCESSIBILITY_STATUS = env("ACCESSIBILITY_STATUS", "non")
if ACCESSIBILITY_STATUS not in ("non", "partiellement", "totalement"):
    raise ImproperlyConfigured(
        f"ACCESSIBILITY_STATUS: « {ACCESSIBILITY_STATUS} » (non, partiellement ou totalement)"
    )
# More footer links, "Libellé|URL" separated by ";" (the open data page is always there).
FOOTER_LINKS = [
    tuple(item.split("|", 1)) for item in env("FOOTER_LINKS", "").split(";") if "|" in item
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
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", str(site_is_https))
SECURE_REFERRER_POLICY = env("REFERRER_POLICY", "strict-origin-when-cross-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = env(
    "PERMISSIONS_POLICY",
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()",
)
# Images of events may come from other sites over https; nothing else does.
CSP_IMG_SRC = env("CSP_IMG_SRC", "'self' data: https:").split()
CSP_FORM_ACTION_EXTRA = env("CSP_FORM_ACTION_EXTRA").split()
# Origins (https://site.example) whose pages may frame the widget; no other page is framed.
WIDGET_FRAME_ANCESTORS = env("WIDGET_FRAME_ANCESTORS").replace(",", " ").split()

# Geocoding (agenda/events/geocoding.py): the BAN address API or an addok of one's own; empty:
# places are not geocoded. After commit, new places are geocoded in a worker thread ("thread"),
# at once ("inline") or only by `agenda geocode` ("off").
GEOCODER_URL = env("GEOCODER_URL").rstrip("/")
GEOCODER_TIMEOUT = envfloat("GEOCODER_TIMEOUT", "5")
GEOCODER_MIN_SCORE = envfloat("GEOCODER_MIN_SCORE", "0.5")
GEOCODE_AFTER_COMMIT = env("GEOCODE_AFTER_COMMIT", "thread")
# Map tiles ({z}/{x}/{y}); empty: the map shows its markers on a plain background.
MAP_TILE_URL = env("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", "© les contributeurs d’OpenStreetMap")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Hostile input (issue 10): budgets beside those of agenda/lib/limits.py.
# Sessions one event may have, from a page, a table or the forms.
# Other sites' front-matter keys read as ours (`agenda import|check --profile NAME`; `--map
# KEY=OURKEY` adds to or overrides them): docs/content-format.md, agenda/exchange/keymaps.py.
IMPORT_PROFILES = {
    "hugo": {
        "publishDate": "date",
        "eventDate": "event_start_date",
        "startDate": "event_start_date",
        "endDate": "event_end_date",
        "summary": "chapeau-text",
        "description": "chapeau-text",
        "location": "lieu",
        "address": "adresse",
        "images": "une-ou-diaporama",
        "image": "une-ou-diaporama",
        "draft": "draft",
        # Who the event is for: a Hugo taxonomy (`audiences`) or a plain key.
        "audiences": "public",
        "audience": "public",
    },
    "eleventy": {
        "publishedDate": "date",
        "eventDate": "event_start_date",
        "startDate": "event_start_date",
        "endDate": "event_end_date",
        "excerpt": "chapeau-text",
        "description": "chapeau-text",
        "location": "lieu",
        "address": "adresse",
        "image": "une-ou-diaporama",
        "draft": "draft",
        "audience": "public",
        "publicCible": "public",
    },
}
MAX_SESSIONS_PER_EVENT = envint("MAX_SESSIONS_PER_EVENT", "500")
# A request taking longer gets a 503 page (agenda/lib/request_time.py): keep it below
# gunicorn's --timeout (30 s by default), which kills the worker without an answer.
REQUEST_SECONDS = envfloat("REQUEST_SECONDS", "25")

# Bulk import (moderation): let programmes link to local addresses (tests, intranets only).
BULK_IMPORT_ALLOW_LOCAL_URLS = envbool("BULK_IMPORT_ALLOW_LOCAL_URLS", "false")
