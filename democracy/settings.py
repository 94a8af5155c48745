"""Settings for the whole system, read from the environment through django-environ.

Development defaults are safe to run on a laptop. ``ENVIRONMENT=production`` turns every
default towards safety (no debug, secure cookies, HSTS, HTTPS redirect) and makes the secrets
and hosts mandatory, so a misconfigured deployment fails at start-up instead of running open.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from democracy import redis_urls, statutory

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

ENVIRONMENT = env.str("ENVIRONMENT", default="development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"ENVIRONMENT must be development, test or production, not {ENVIRONMENT!r}."
    )
PRODUCTION = ENVIRONMENT == "production"

# --- Core ----------------------------------------------------------------------------------------
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY must be at least 50 random characters in production."
        )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-never-deploy-me")
    ALLOWED_HOSTS = env.list(
        "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"]
    )

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The site's own address, for absolute links where there is no request to take them from (the
# iCal feed, the API, the Modern.Gov service, emails sent by the worker). By default, the address
# `make run` serves: HOST and PORT, which the devstack passes to the web server, worker and beat.
SERVE_HOST = env.str("HOST", default="127.0.0.1")
SERVE_PORT = env.int("PORT", default=8000)


def _served_at(host: str, port: int) -> str:
    """http://host:port/ as a browser on this machine reaches it: a server listening on every
    address (0.0.0.0, ::) is reached at 127.0.0.1; an IPv6 address goes in brackets."""
    if host in {"", "0.0.0.0", "::", "[::]"}:  # noqa: S104 - naming the wildcard, not binding it
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


SITE_URL = env.str("SITE_URL", default=_served_at(SERVE_HOST, SERVE_PORT))


def _origin_of(url: str) -> str:
    """``scheme://host[:port]`` of an absolute http(s) URL; empty for a path or nothing."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} else ""


INSTALLED_APPS = [
    "democracy",
    "elections",
    "members",
    "meetings",
    "appeals",
    "website",
    # The console, with its sections by task (democracy.console), and the packages' apps under
    # plain English names (democracy.console).
    "democracy.console.ConsoleConfig",
    "democracy.console.RolesConfig",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_otp",
    "democracy.console.TwoStepVerificationConfig",
    "democracy.console.SignInLockoutsConfig",
    "crispy_forms",
    "crispy_forms_gds",
    "corsheaders",
]

MIDDLEWARE = [
    # Outermost: with DEBUG on, only INTERNAL_IPS see Django's debug pages (see the module).
    "democracy.middleware.DebugPagesOnlyForInternalIPsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "democracy.middleware.SignedInPagesNotStoredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "democracy.accounts.middleware.TwoFactorGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "democracy.wsgi.application"

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
                "democracy.context_processors.site",
            ],
        },
    },
]

# --- Data: PostgreSQL is the only source of truth; Redis brokers and caches -----------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/democracy")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections under gunicorn in production (a new PostgreSQL connection per request
# costs more than the cached public pages themselves); checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "DATABASE_CONN_MAX_AGE", default=60 if PRODUCTION else 0
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str("TEST_DATABASE_NAME", default=None)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://.")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "democracy",
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Messages ride in the session, so the only cookies are the session and CSRF ones.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Celery: Redis carries messages only; every outward effect is claimed in PostgreSQL.
CELERY_BROKER_URL = redis_urls.broker_url(REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Results are not needed in normal running; the worker tests read them back through Redis.
CELERY_TASK_IGNORE_RESULT = env.bool("CELERY_TASK_IGNORE_RESULT", default=True)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "var" / "celerybeat-schedule")
)
REMINDER_TICK_SECONDS = env.int("REMINDER_TICK_SECONDS", default=120)
# A claimed reminder whose sender died is offered again after this long.
REMINDER_LEASE_SECONDS = env.int("REMINDER_LEASE_SECONDS", default=600)
# A claimed pack build whose worker died is built again after this long.
PACK_BUILD_LEASE_SECONDS = env.int("PACK_BUILD_LEASE_SECONDS", default=900)
# Rendered parts of packs (the cache that spares re-rendering unchanged reports) no build has
# used for this many days are deleted; packs themselves are kept.
PACK_PART_CACHE_DAYS = env.int("PACK_PART_CACHE_DAYS", default=30)
CELERY_BEAT_SCHEDULE = {
    "send-due-reminders": {
        "task": "democracy.tasks.reminders_tick",
        "schedule": float(REMINDER_TICK_SECONDS),
    },
    # Builds requested but not done (a lost message, a dead worker) are found in PostgreSQL.
    "build-pending-packs": {"task": "meetings.tasks.build_pending_packs", "schedule": 300.0},
    # Decisions whose call-in window has closed become implementable (safe to repeat).
    "make-decisions-implementable": {
        "task": "meetings.tasks.make_decisions_implementable",
        "schedule": crontab(minute=5),
    },
    "rebuild-search-index": {
        "task": "meetings.tasks.search_reindex",
        "schedule": crontab(hour=2, minute=30),
    },
    "prune-rendered-pack-parts": {
        "task": "meetings.tasks.prune_rendered_parts",
        "schedule": crontab(hour=3, minute=30),
    },
    # Canvass letters and data match imports whose task was lost are queued again (each is
    # claimed once); the response form's old attempt counts are dropped.
    "canvass-sweep": {"task": "elections.tasks.canvass_sweep", "schedule": 600.0},
    # Questions and requests to speak from the public lose their personal data after the
    # constitution's retention period.
    "erase-old-public-submissions": {
        "task": "meetings.tasks.erase_public_submissions",
        "schedule": crontab(hour=1, minute=30),
    },
    # Appeals past their retention period are anonymised (each once, through its outbox row).
    "anonymise-old-appeals": {
        "task": "appeals.tasks.retention_sweep",
        "schedule": crontab(hour=1, minute=45),
    },
}

# How long an anonymous visitor's public page stays in the cache (seconds; 0 turns the cache off).
# A publication or any other audited change the public may see replaces every cached page at once
# (democracy.public_cache); private changes (drafts, claims, accounts) leave them be.
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=3600)
# How long browsers and proxies may keep an anonymous visitor's public page without asking again
# (``Cache-Control: public, max-age``). 0, the default, sends ``public, no-cache``: they keep it
# but revalidate every time (a 304 while nothing changed), so a publication is seen at once.
PUBLIC_CACHE_MAX_AGE = env.int("PUBLIC_CACHE_MAX_AGE", default=0)
# A worker asks PostgreSQL for the newest audit row at most this often (seconds; 0: every request).
PUBLIC_VERSION_MEMO_SECONDS = env.float("PUBLIC_VERSION_MEMO_SECONDS", default=1.0)

# --- Open data API: anyone may read it from a browser on another site -------------------------
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified")
CORS_ALLOW_CREDENTIALS = False

# --- Accounts -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "democracy.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# django-axes: lock a username from an address after repeated failures, for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Lock-outs key on the visitor's address: behind a reverse proxy, set how many trusted proxies
# are in front and which header they write (democracy.client_ip; README, .env.example).
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = tuple(
    env.list("AXES_IPWARE_META_PRECEDENCE_ORDER", default=["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"])
)
AXES_CLIENT_IP_CALLABLE = "democracy.client_ip.client_ip"

# django-otp: TOTP issuer shown in authenticator apps.
OTP_TOTP_ISSUER = env.str("COUNCIL_NAME", default="Kingsmere District Council")
# When true, members of the manager role must enrol a TOTP device before using the console.
OTP_REQUIRED_FOR_MANAGERS = env.bool("OTP_REQUIRED_FOR_MANAGERS", default=PRODUCTION)

# --- The council: who runs this system, and its statutory configuration ---------------------------
COUNCIL_NAME = env.str("COUNCIL_NAME", default="Kingsmere District Council")
COUNCIL_SHORT_NAME = env.str("COUNCIL_SHORT_NAME", default="Kingsmere")
COUNCIL_LOGO = env.str("COUNCIL_LOGO", default="")  # a static path or an absolute URL
COUNCIL_WEBSITE = env.str("COUNCIL_WEBSITE", default="")
COUNCIL_CONTACT_EMAIL = env.str("COUNCIL_CONTACT_EMAIL", default="democratic.services@example.org")
try:
    COUNCIL_NATION = statutory.Nation(env.str("COUNCIL_NATION", default="england"))
    COUNCIL_KIND = statutory.CouncilKind(env.str("COUNCIL_KIND", default="district"))
except ValueError as exc:
    raise ImproperlyConfigured(f"COUNCIL_NATION / COUNCIL_KIND: {exc}") from None
# The constitution (periods, call-in, the report sign-off chain, public participation, meeting
# defaults) is data, not settings: managers change it on the constitution page
# (democracy.constitution). The nation and kind above fix the statutory floors it must respect.

# Members' allowances: payroll export layouts beyond the built-in presets (JSON: name to
# {"label", "columns": [[header, field], ...], "element_codes": {head: code}, "date_format"}).
# Whether allowances are withheld during a suspension and the default cost centre are the
# council's policy, set on the constitution page.
ALLOWANCES_PAYROLL_FORMATS = env.json("ALLOWANCES_PAYROLL_FORMATS", default={})

# Education appeals. Uploads are refused above APPEALS_UPLOAD_MAX_BYTES; each visitor may lodge
# APPEALS_LODGING_PER_HOUR appeals an hour. The statutory periods (time to lodge, notice of the
# hearing, the time limits; a council may lengthen what protects the family, never shorten it),
# how long an evidence link lasts, the months a panel member's training covers, how long a
# panel member may open a decided case and the retention period are the council's, set on the
# constitution page (democracy.constitution).
APPEALS_UPLOAD_MAX_BYTES = env.int("APPEALS_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
APPEALS_LODGING_PER_HOUR = env.int("APPEALS_LODGING_PER_HOUR", default=5)

# --- Email ----------------------------------------------------------------------------------------
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
elif PRODUCTION:
    raise ImproperlyConfigured(
        "EMAIL_URL is required in production, e.g. smtp+tls://user:pass@host:587"
    )
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
    )
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{COUNCIL_NAME} <no-reply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation: UK English, London time; statutory deadlines are dates ----------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, g:ia"

# --- Static and uploaded files --------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic's target: used in production (WhiteNoise serves it); development serves from
# the finders, so no directory is expected there.
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles") if PRODUCTION else None)
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
# Files only ever served through views that check access (uploaded reports, full packs). Never
# inside MEDIA_ROOT, which the web server (or runserver, in development) publishes.
PRIVATE_MEDIA_ROOT = env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private"))
_media, _private = Path(MEDIA_ROOT).resolve(), Path(PRIVATE_MEDIA_ROOT or MEDIA_ROOT).resolve()
if PRODUCTION and (not PRIVATE_MEDIA_ROOT or _private == _media or _media in _private.parents):
    # Exempt papers, full packs, receipts and appeal evidence would be served to anyone at /media/.
    raise ImproperlyConfigured(
        "PRIVATE_MEDIA_ROOT must be a directory outside MEDIA_ROOT, which the web server publishes."
    )
# Processes rendering PDF parts of agenda packs in parallel (default: one per core).
PDF_RENDER_PROCESSES = env.int("PDF_RENDER_PROCESSES", default=None)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Forms: the GOV.UK template pack --------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Security -------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    # The header only makes the domain eligible; nothing is preloaded until someone submits it.
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Content-Security-Policy on every response (Django's own middleware): scripts, styles, images
# and fonts from this site only, no inline script or style (templates link static/js and
# static/css), no plugins, no framing, forms post only here. A council logo given as an absolute
# URL is allowed from its origin.
_LOGO_ORIGIN = _origin_of(COUNCIL_LOGO)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, *([_LOGO_ORIGIN] if _LOGO_ORIGIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Django's debug pages (with DEBUG on, as under `make run`) go only to requests from this machine;
# everyone else gets the ordinary 404 and 500 pages (democracy.middleware).
INTERNAL_IPS = ["127.0.0.1", "::1"]

# Error reports hide every POST parameter named like a secret, declared sensitive or not.
DEFAULT_EXCEPTION_REPORTER_FILTER = "democracy.error_reports.SecretsHiddenFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
