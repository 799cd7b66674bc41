"""Settings for Mitwirkung & Digitale Hilfe, read from environment variables.

See the configuration table in README.md. Defaults give the embedded runtime:
SQLite, Kombu's filesystem broker and e-mail written to ``var/mail``.
"""

from __future__ import annotations

import os
from pathlib import Path

import django_stubs_ext
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config import env

# Lets admin and form classes be subscripted at run time (for mypy's generics).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ
VAR_DIR = Path(env.env_str(ENV, "VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.env_bool(ENV, "DEBUG", False)
SECRET_KEY = env.env_secret_key(ENV, debug=DEBUG)
ALLOWED_HOSTS = env.env_list(ENV, "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.env_list(ENV, "CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env.env_str(ENV, "SITE_NAME", "Mitwirkung & Digitale Hilfe")
SITE_URL = env.env_url(ENV, "SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "core",
    "accounts",
    "notifications",
    "participation",
    "helpdesk",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.RequireStaffMfaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.env_database(ENV, var_dir=VAR_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.env_redis_url(ENV)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that does not answer must not hold pages up (core/cache.py carries on without it).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    # A file cache is shared by all processes of the embedded runtime, so rate
    # limits hold across the web server and the worker.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"

# allauth: e-mail is the login, verification is mandatory.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Tell people when their password, e-mail address or second factor changes (templates/account/email/).
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
if DEBUG:
    # Lets the demo logins of the embedded runtime pass the second factor; allauth
    # itself refuses this setting when DEBUG is off.
    MFA_TOTP_INSECURE_BYPASS_CODE = env.env_str(ENV, "MFA_TOTP_INSECURE_BYPASS_CODE", "") or None

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.env_time_zone(ENV, "Europe/Berlin")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "language"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request otherwise
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.env_str(ENV, "MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail: SMTP when EMAIL_HOST is set, otherwise files in var/mail plus the console.
_email_host = env.env_str(ENV, "EMAIL_HOST", "")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env.env_int(ENV, "EMAIL_PORT", 587, minimum=1),
                "username": env.env_str(ENV, "EMAIL_HOST_USER", ""),
                "password": ENV.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env.env_bool(ENV, "EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {
        "default": {"BACKEND": "core.mail.FileAndConsoleBackend", "OPTIONS": {"file_path": str(VAR_DIR / "mail")}}
    }
DEFAULT_FROM_EMAIL = env.env_str(ENV, "DEFAULT_FROM_EMAIL", "digital@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: the broker carries only wake-up calls; all state lives in the database.
CELERY_BROKER_URL = env.env_broker_url(ENV, redis_url=REDIS_URL)
if CELERY_BROKER_URL.startswith("filesystem"):
    _broker_dir = VAR_DIR / "broker"
    (_broker_dir / "out").mkdir(parents=True, exist_ok=True)
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    (_broker_dir / "control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "polling_interval": 0.2,
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# Outbox: retries with backoff, then "failed" for coordinators to resend.
NOTIFICATIONS_MAX_ATTEMPTS = env.env_int(ENV, "NOTIFICATIONS_MAX_ATTEMPTS", 5, minimum=1)
NOTIFICATIONS_RETRY_DELAY = env.env_int(ENV, "NOTIFICATIONS_RETRY_DELAY", 60, minimum=1)
NOTIFICATIONS_CLAIM_TIMEOUT = env.env_int(ENV, "NOTIFICATIONS_CLAIM_TIMEOUT", 300, minimum=120)
NOTIFICATIONS_BATCH_SIZE = env.env_int(ENV, "NOTIFICATIONS_BATCH_SIZE", 50, minimum=1)
NOTIFICATIONS_SWEEP_HELPERS = env.env_int(ENV, "NOTIFICATIONS_SWEEP_HELPERS", 3)
# Daily summaries of notifications go out after this hour (local time, 0-23).
NOTIFICATIONS_DIGEST_HOUR = env.env_int(ENV, "NOTIFICATIONS_DIGEST_HOUR", 7, minimum=0)
# SMS: files in var/sms by default; a JSON HTTP gateway when SMS_GATEWAY_URL is set.
SMS_GATEWAY_URL = env.env_str(ENV, "SMS_GATEWAY_URL", "")
if SMS_GATEWAY_URL:
    SMS_GATEWAY_URL = env.env_url(ENV, "SMS_GATEWAY_URL", "")
    SMS_BACKEND = "notifications.sms.HttpGatewaySmsBackend"
SMS_GATEWAY_TOKEN = ENV.get("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_SENDER = env.env_str(ENV, "SMS_GATEWAY_SENDER", "")
CELERY_TASK_DEFAULT_QUEUE = env.env_str(ENV, "CELERY_QUEUE", "mitwirkung")
CELERY_BEAT_SCHEDULE_FILE = str(VAR_DIR / "celerybeat-schedule")

# Maps: Leaflet is served from our static files; only the tiles come from outside.
MAP_TILE_URL = env.env_str(ENV, "MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env.env_str(ENV, "MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")

# Security: strict by default, relaxed only for local plain-HTTP development.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *env.env_list(ENV, "CSP_IMG_SRC", ["https://tile.openstreetmap.org"])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL = env.env_bool(ENV, "SECURE_SSL", not DEBUG)
if SECURE_SSL:
    SECURE_SSL_REDIRECT = env.env_bool(ENV, "SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.env_int(ENV, "SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Secure-sessionid"
    CSRF_COOKIE_NAME = "__Secure-csrftoken"
    LANGUAGE_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Apps of the city sign in with a token (POST /api/auth/token/, staff with their second factor);
# the site's own pages keep using the session. Tokens expire after API_TOKEN_DAYS.
API_TOKEN_DAYS = env.env_int(ENV, "API_TOKEN_DAYS", 90, minimum=1)
REST_FRAMEWORK = {
    # Documents every 4xx answer of every operation in the OpenAPI schema.
    "DEFAULT_SCHEMA_CLASS": "config.api_schema.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_auth.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "DESCRIPTION": "Participation projects and ideas; digital help offices, slots and bookings.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a field called "status"; name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "IdeaStatusEnum": "participation.models.Idea.Status",
        "ReportStatusEnum": "participation.models.Report.Status",
        "BookingStatusEnum": "helpdesk.models.BookingStatus",
        "WaitlistStatusEnum": "helpdesk.models.WaitlistStatus",
        "OutboxStatusEnum": "notifications.models.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.env_str(ENV, "LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- abuse limits and retention (issue 7) ---
# Creating ideas, comments, reports and bookings: "amount/period/scope", scope user or ip
# (see core/ratelimit.py). Counted in the database, so they hold across all web processes.
ABUSE_RATE_LIMITS = {
    "idea": env.env_str(ENV, "RATE_LIMIT_IDEAS", "10/h/user,30/h/ip"),
    "comment": env.env_str(ENV, "RATE_LIMIT_COMMENTS", "30/h/user,100/h/ip"),
    "report": env.env_str(ENV, "RATE_LIMIT_REPORTS", "20/h/user,60/h/ip"),
    "booking": env.env_str(ENV, "RATE_LIMIT_BOOKINGS", "5/h/user,20/h/ip"),
    # Office staff booking for callers at the phone desk: a busy morning, not a script.
    "phone_booking": env.env_str(ENV, "RATE_LIMIT_PHONE_BOOKINGS", "60/h/user"),
    # Joining a waitlist: per address, and per phone number / e-mail address whatever address it comes from.
    "waitlist": env.env_str(ENV, "RATE_LIMIT_WAITLIST", "20/h/ip,5/d/contact"),
    # Sign-ins of apps (a token lasts API_TOKEN_DAYS; more tries than this are guessing).
    "api_token": env.env_str(ENV, "RATE_LIMIT_API_SIGN_IN", "10/10m/ip"),
}
# Behind N reverse proxies, the client's address is the N-th from the right in
# X-Forwarded-For; allauth's limits and ours read it the same way.
ALLAUTH_TRUSTED_PROXY_COUNT = env.env_int(ENV, "TRUSTED_PROXY_COUNT", 0)
# Personal data of guest bookings is removed this many days after the appointment.
GUEST_DATA_RETENTION_DAYS = env.env_int(ENV, "GUEST_DATA_RETENTION_DAYS", 90, minimum=1)
# The same look at seniors' data by the same person within this many seconds is logged once (0: every look).
AUDIT_REPEAT_SECONDS = env.env_int(ENV, "AUDIT_REPEAT_SECONDS", 300)
# A NUL character in a parameter, form field or link is answered with 400, not a server error.
MIDDLEWARE = [*MIDDLEWARE, "core.input_guard.RejectNulBytesMiddleware"]

# --- performance ---
# One switch for every application cache (fragments, stored map data): off renders
# everything afresh, so that the cost of rendering stays measurable (make bench).
APP_CACHE = env.env_bool(ENV, "APP_CACHE", True)

# --- abuse and faults (issue 16) ---
# Sessions live in the database only: a logout or password change is final, whatever Redis
# holds or brings back from an old snapshot (README: Security and faults). Rate limits and used TOTP
# codes live in the database too (core/security_store.py).
SESSION_ENGINE = "core.sessions"  # Django's database sessions, read by one fixed statement
# A database outage answers 503 with Retry-After; every answer carries a Permissions-Policy;
# a bad query or form parameter read through core/params.py answers 400 with a message.
MIDDLEWARE = ["core.headers.PermissionsPolicyMiddleware", *MIDDLEWARE, "core.params.BadParameterMiddleware"]
# Inside the security headers, around everything that may touch the database (sessions first).
_sessions = MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
MIDDLEWARE.insert(_sessions, "core.outage.DatabaseOutageMiddleware")
# Browser features the site never uses are off; geolocation stays for our own idea map.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), serial=(), usb=(), "
    "geolocation=(self)"
)

# --- an office's working day (issue 13) ---
# Letterhead of the volunteers' hours confirmation (PDF): lines separated by "|", the organisation first.
HELPDESK_LETTERHEAD = [
    line.strip()
    for line in env.env_str(
        ENV, "HELPDESK_LETTERHEAD", "Stadtverwaltung Kaiserslautern|Digitale Hilfe · herzlich digital"
    ).split("|")
    if line.strip()
]
# The place printed before the date above the signature.
HELPDESK_LETTER_PLACE = env.env_str(ENV, "HELPDESK_LETTER_PLACE", "Kaiserslautern")
