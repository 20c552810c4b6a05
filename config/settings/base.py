"""Settings shared by every environment. Values that vary come from config.env."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = env.BASE_DIR
DATA_DIR = env.DATA_DIR

SECRET_KEY = env.SECRET_KEY or "insecure-development-key-do-not-use-in-production"
DEBUG = env.DEBUG
ALLOWED_HOSTS = env.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS

# Which municipality this installation serves. One installation serves one municipality.
MUNICIPALITY_CODE = env.MUNICIPALITY_CODE
SITE_URL = env.SITE_URL
# Where the public pages' "Forlad siden" (quick exit) button goes: a neutral, everyday site.
QUICK_EXIT_URL = "https://www.dr.dk/nyheder/vejret"

INSTALLED_APPS = [
    "beredskab.core.apps.BeredskabAdminConfig",  # Django's admin; its forms clean their input
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_tasks_db",
    "axes",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files: no CDN
    "beredskab.core",
    "beredskab.accounts",
    "beredskab.audit",
    "beredskab.encryption",
    "beredskab.plan",
    "beredskab.intake",
    "beredskab.cases",
    "beredskab.cases.risk",
    "beredskab.taskforce",
    "beredskab.adults",
    "beredskab.guide",
    "beredskab.safety",
    "beredskab.implementation",
    "beredskab.goals",
    "beredskab.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "beredskab.core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "beredskab.core.middleware.RequestIdMiddleware",
    "beredskab.core.middleware.NoStoreMiddleware",
    "beredskab.core.middleware.RefuseNulMiddleware",
    # Django's, except that the idle warning's status request does not renew the session.
    "beredskab.accounts.idle.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check reads the post: see beredskab.core.typed_input.
    "beredskab.core.typed_input.KeepTypedInputMiddleware",
    # A form from a stale page (its CSRF token changed at a new login in another tab) is kept.
    "beredskab.accounts.idle.StaleFormMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Sign-out everywhere, then a verified second factor for the roles that need it.
    "beredskab.accounts.middleware.SessionEpochMiddleware",
    "beredskab.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A form posted after the login ended is kept for its user and given back after the next login.
    "beredskab.accounts.idle.KeepTypedTextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost: blacks restricted values out of a case page's text for readers outside its team.
    "beredskab.cases.withheld_text.WithheldTextMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "beredskab" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "beredskab.core.context_processors.shell",
                "beredskab.accounts.context_processors.municipality",
                "beredskab.plan.context_processors.plan_words",
                "beredskab.accounts.idle.context",
            ],
        },
    },
]

# Widget templates are overridden in beredskab/templates/django/forms/ (DKFDS markup).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"


def _database(url: str) -> dict:
    """A database from its URL. PostgreSQL's just-in-time compilation is off (added to the URL's
    own `options`, unless they set `jit` themselves): it spends about 100 ms compiling each of the dashboard's
    aggregate queries, more than it saves on them (issue 20, EXPLAIN ANALYZE at 1M reports)."""
    config = dj_database_url.parse(url, conn_max_age=60)
    if "postgresql" in config["ENGINE"]:
        options = config.setdefault("OPTIONS", {})
        if "jit" not in options.get("options", ""):
            options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


DATABASES = {
    "default": _database(env.DATABASE_URL)
    if env.DATABASE_URL
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "beredskab.sqlite3",
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
    }
}
# A PostgreSQL streaming replica for read-only pages (dashboard, statistics, exports), when
# DATABASE_REPLICA_URL is set: beredskab.core.db_router sends their reads there, never a write.
if env.DATABASE_REPLICA_URL:
    DATABASES["replica"] = _database(env.DATABASE_REPLICA_URL)
DATABASE_ROUTERS = ["beredskab.core.db_router.ReplicaRouter"]
# var/ (git-ignored) holds SQLite, private files and collected static files.
(DATA_DIR / "static").mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failed logins (django-axes), counted per user name and address.
AXES_FAILURE_LIMIT = 5
AXES_CLIENT_IP_CALLABLE = "beredskab.core.client.client_key"  # the client behind the trusted proxy
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# The reverse proxies whose X-Forwarded-For and X-Request-ID are believed (beredskab.core.client).
TRUSTED_PROXIES = env.TRUSTED_PROXIES

# One cache shared by every app server and process (rate limits, lockouts, alert throttles):
# Redis when REDIS_URL is set, else a table in the database. Never a per-process cache: a
# limit kept in one process's memory is no limit (production refuses it).
SILENCED_SYSTEM_CHECKS = []
if env.REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env.REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "beredskab_cache"}}
    # django-ratelimit prefers a cache with atomic increments (Redis); the database cache is
    # shared but may under-count a few requests in a race, which a limit of this size tolerates.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The dashboard's covering indexes (INCLUDE columns, issue 20) are for PostgreSQL; SQLite
    # makes them plain indexes on their key columns, which is all a development database needs.
    SILENCED_SYSTEM_CHECKS += ["models.W040"]

# Idle timeout: the session cookie is renewed on every request and expires after inactivity.
SESSION_COOKIE_AGE = env.SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Before the idle timeout every logged-in page warns, with "Forbliv logget ind" (WCAG 2.2.1); a
# form posted after it is kept encrypted for its user and browser this long (beredskab.accounts.idle).
SESSION_IDLE_WARNING_SECONDS = 5 * 60
KEPT_DRAFT_SECONDS = 2 * 60 * 60
# Our own page (Danish, a way back, the quick exit), or the public form again with what was typed.
CSRF_FAILURE_VIEW = "beredskab.core.views.csrf_failure"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "beredskab" / "locale"]
TIME_ZONE = env.TIME_ZONE
# Extra days ("MM-DD") that stop statutory working-day clocks besides Danish public holidays
# (unconfirmed in law: see beredskab/core/workdays.py). Empty: only public holidays count.
STATUTORY_EXTRA_CLOSED_DAYS: list[str] = []
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "beredskab" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files (report attachments) live outside the web root and are served only by views
# that check access.
MEDIA_ROOT = DATA_DIR / "private-files"
INTAKE_MAX_ATTACHMENTS = 5
INTAKE_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The plan editor's contacts page posts about 17 fields a unit: Django's 1,000 would refuse a
# plan of some 58 units (and lose the input). The body stays capped by the size above.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o600
# Every upload is scanned by ClamAV's clamd before it is stored (beredskab.core.scanning): on
# when a socket path or a host is set; an infected or unscannable file is refused (fail closed).
CLAMD_SOCKET = env.CLAMD_SOCKET
CLAMD_HOST = env.CLAMD_HOST
CLAMD_PORT = env.CLAMD_PORT
CLAMD_TIMEOUT = max(1, env.CLAMD_TIMEOUT)
# Reports a single address may submit per hour through the public form.
# Per client address and hour (beredskab.intake.ratelimit): reports received, and posts that
# did not validate, counted apart. A school reporting several children never meets these.
# There is no "no limit": a value below 1 (meant as "off"?) is refused, not quietly made 1 (which
# would turn away every report from an address after the first of the hour).
for _name in ("INTAKE_REPORTS_PER_HOUR", "INTAKE_INVALID_POSTS_PER_HOUR"):
    if getattr(env, _name) < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1 (reports or posts per client address and hour).")
INTAKE_REPORTS_PER_HOUR = env.INTAKE_REPORTS_PER_HOUR
INTAKE_INVALID_POSTS_PER_HOUR = env.INTAKE_INVALID_POSTS_PER_HOUR

# E-mail through Django's mailers. Notifications never carry personal data (see the services
# that send them). SMTP options apply only to the SMTP backend.
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def mailers(backend: str) -> dict:
    """The default mailer; SMTP options apply only to the SMTP backend."""
    options = {
        "host": env.EMAIL_HOST,
        "port": env.EMAIL_PORT,
        "username": env.EMAIL_HOST_USER,
        "password": env.EMAIL_HOST_PASSWORD,
        "use_tls": env.EMAIL_USE_TLS,
    }
    return {"default": {"BACKEND": backend, "OPTIONS": options if backend == SMTP_BACKEND else {}}}


MAILERS = mailers(env.EMAIL_BACKEND or "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.DEFAULT_FROM_EMAIL
SERVER_EMAIL = env.DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Security headers. The policy allows no inline script or style; templates use the nonce
# (`{{ csp_nonce }}`) where a script must be inline.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

DEMO_RELAX_2FA = env.DEMO_RELAX_2FA

# Two-factor login (TOTP, django-otp): required for the roles listed in
# beredskab.accounts.twofactor; enforced by beredskab.accounts.middleware.TwoFactorMiddleware.
OTP_TOTP_ISSUER = "Beredskab"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a TOTP secret
OTP_TOTP_THROTTLE_FACTOR = 1  # waits of 1, 2, 4, 8 ... seconds after wrong codes

# Encryption at rest (beredskab.core.crypto). The keys come only from the environment. Without
# them, development and tests use these fixed keys, which are PUBLIC (they are in this file) and
# protect nothing; production refuses to start without real keys.
INSECURE_DEV_FIELD_ENCRYPTION_KEY = "SU5TRUNVUkUtZGV2LW9ubHkta2V5LWJlcmVkc2thYiE="  # public: protects nothing
INSECURE_DEV_BLIND_INDEX_KEY = "INSECURE-development-only-blind-index-key"  # public: protects nothing
FIELD_ENCRYPTION_KEYS = env.FIELD_ENCRYPTION_KEYS or [INSECURE_DEV_FIELD_ENCRYPTION_KEY]
BLIND_INDEX_KEY = env.BLIND_INDEX_KEY or INSECURE_DEV_BLIND_INDEX_KEY

# The audit log (beredskab.audit.chain, .checkpoints): keyed chain, checkpoints outside the
# database. The development key is public; production refuses it.
INSECURE_DEV_AUDIT_CHAIN_KEY = "INSECURE-development-only-audit-chain-key"  # public: protects nothing
AUDIT_CHAIN_KEYS = env.AUDIT_CHAIN_KEYS or [INSECURE_DEV_AUDIT_CHAIN_KEY]
AUDIT_CHECKPOINT_FILE = (
    Path(env.AUDIT_CHECKPOINT_FILE) if env.AUDIT_CHECKPOINT_FILE else DATA_DIR / "audit-checkpoints.log"
)
AUDIT_CHECKPOINT_SYSLOG = env.AUDIT_CHECKPOINT_SYSLOG
AUDIT_CHECKPOINT_EVERY = max(1, env.AUDIT_CHECKPOINT_EVERY)
AUDIT_CHAIN_KEYED_FROM = max(1, env.AUDIT_CHAIN_KEYED_FROM)
# Only the test suite's database flush may empty the audit table on PostgreSQL (the trigger
# that refuses TRUNCATE lets that session through); production refuses this setting.
AUDIT_ALLOW_TEST_TRUNCATE = False

# Optional single sign-on with the municipality's OpenID Connect provider, active only when the
# client and the provider's endpoints are configured. Users are matched by e-mail and must
# already exist (with their roles); unknown users are refused, never created. A half-set
# configuration is refused rather than silently leaving single sign-on off (production also
# refuses HS* algorithms and endpoints that are not https://: config/settings/production.py).
_OIDC_REQUIRED = {
    "OIDC_RP_CLIENT_ID": env.OIDC_RP_CLIENT_ID,
    "OIDC_RP_CLIENT_SECRET": env.OIDC_RP_CLIENT_SECRET,
    "OIDC_OP_AUTHORIZATION_ENDPOINT": env.OIDC_OP_AUTHORIZATION_ENDPOINT,
    "OIDC_OP_TOKEN_ENDPOINT": env.OIDC_OP_TOKEN_ENDPOINT,
    "OIDC_OP_USER_ENDPOINT": env.OIDC_OP_USER_ENDPOINT,
}
OIDC_ENABLED = any(_OIDC_REQUIRED.values()) or bool(env.OIDC_OP_JWKS_ENDPOINT)
if OIDC_ENABLED and not all(_OIDC_REQUIRED.values()):
    raise ImproperlyConfigured(
        "Single sign-on is only half configured: set "
        + ", ".join(name for name, value in _OIDC_REQUIRED.items() if not value)
        + " too, or none of the OIDC_ variables."
    )
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("beredskab.accounts.oidc.MunicipalOIDCBackend")
    OIDC_RP_CLIENT_ID = env.OIDC_RP_CLIENT_ID
    OIDC_RP_CLIENT_SECRET = env.OIDC_RP_CLIENT_SECRET
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.OIDC_OP_AUTHORIZATION_ENDPOINT
    OIDC_OP_TOKEN_ENDPOINT = env.OIDC_OP_TOKEN_ENDPOINT
    OIDC_OP_USER_ENDPOINT = env.OIDC_OP_USER_ENDPOINT
    OIDC_OP_JWKS_ENDPOINT = env.OIDC_OP_JWKS_ENDPOINT
    OIDC_RP_SIGN_ALGO = env.OIDC_RP_SIGN_ALGO
    OIDC_RP_SCOPES = "openid email"
    OIDC_CREATE_USER = False
    OIDC_USE_PKCE = True
    OIDC_CALLBACK_CLASS = "beredskab.accounts.oidc.MunicipalOIDCCallbackView"
    if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES", "PS")) and not OIDC_OP_JWKS_ENDPOINT:
        raise ImproperlyConfigured(f"OIDC_RP_SIGN_ALGO={OIDC_RP_SIGN_ALGO} needs OIDC_OP_JWKS_ENDPOINT.")

# Retention (beredskab.intake.retention, `manage.py apply_retention`). Children's case files are
# never deleted; the audit log is never deleted (kept at least 6 months by Danish practice, and
# its hash chain must stay verifiable). Days per category; None = keep.
RETENTION = {
    "rejected_reports_days": 730,  # reports that never became a case: anonymised
    "attachments_days": 365,  # attachments of such reports: deleted
    # Closed adult cases (serviceloven, Case.track "adults"): None (the default) keeps them, as
    # children's case files are kept, until the municipality decides its period under its own
    # records plan [U: configurable]. A period set here is applied by `manage.py
    # apply_adult_case_retention` (beredskab/cases/retention.py): days counted from the closing.
    "adult_cases_days": None,
}
# The adults unit's stated contact time: the working days within which it contacts the citizen
# after an inquiry (the public receipt promises it; the adult case's contact clock runs it). An
# int for every adults unit, or {"default": n, "<unit code>": n}. Default 3 [U: the unit states it].
CASES_ADULT_CONTACT_WORKING_DAYS = {"default": 3}
# Break-glass access to a case lasts this long (beredskab.cases.breakglass).
BREAK_GLASS_MINUTES = 60
# A risk assessment opens the gate until its reassessment date, which may lie at most this many
# days ahead (the law sets no interval; the municipality decides [U: configurable]).
RISK_REASSESSMENT_MAX_DAYS = 183

# Files asked for on the goals dashboard are made in the background and kept this long for the
# person who asked (beredskab.goals.services), then deleted.
GOALS_EXPORT_KEEP_HOURS = 24
# A file not made within this many minutes of its order is given up (its worker was stopped).
GOALS_EXPORT_STALL_MINUTES = 30
# The codes written in the file of reports for Danmarks Statistik (beredskab.goals.statistics,
# README "Danmarks Statistik"). Danmarks Statistik publishes which fields it collects (the date,
# the reporter's relation to the child, the reason, the child's age and sex, the municipality) and
# that it has 11 reporter and 16 reason categories since 2017, but its code values could not be
# confirmed here: every value below is the system's own word [U: configurable; confirm with
# Danmarks Statistik before the first delivery]. A key left out keeps its default.
GOALS_DST_CODES: dict = {
    # the file's header, in the order of its columns: date, relation, reason, age, sex
    "columns": ("modtaget_dato", "underretter", "aarsag", "alder", "koen"),
    # the reporter's relation: by intake.ReporterKind, "anonymous" for an anonymous report,
    # "unknown" for a kind the map lacks
    "relation": {
        "professional": "fagperson",
        "authority": "anden_myndighed",
        "private": "privatperson",
        "self": "barnet_selv",
        "anonymous": "anonym",
        "unknown": "ukendt",
    },
    # every report here is a concern about negative social control or an honour-related conflict
    "reason": "nsk_aerk",
    # the legal sex from the CPR number; "unknown" without a valid one
    "sex": {"male": "dreng", "female": "pige", "unknown": "ukendt"},
    # the age at receipt in whole years; this when unknown
    "age_unknown": "",
}

# The REST API for integrations (beredskab.api): per-integration tokens or the staff session
# (CSRF enforced for its writes), one error shape for every error, the schema by drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "beredskab.api.authentication.ApiTokenAuthentication",
        "beredskab.api.authentication.VerifiedSessionAuthentication",  # staff: 2FA as the pages; CSRF for writes
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["beredskab.api.parsers.StrictJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "beredskab.api.errors.exception_handler",
    # Every call counted per caller: a token, a staff user, or (no login) a client address.
    "DEFAULT_THROTTLE_CLASSES": [
        "beredskab.api.throttles.CallerThrottle",
        "beredskab.api.throttles.AnonymousThrottle",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Beredskab API",
    "DESCRIPTION": "The preparedness plan, reports, cases and statistics for the municipality's systems. "
    'Every error has the shape {"error": {"code", "message", "fields"}}; messages in Danish or '
    "English by Accept-Language.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"KnowledgeEnum": "beredskab.intake.models.Knowledge"},
}
# An API token lives at most this many days (a new one is created before it runs out).
API_TOKEN_MAX_DAYS = 366
# API calls per minute (beredskab.api.throttles): per token or staff user, and per client address
# without a login. Reports sent through the API meet hourly allowances too: without a token the
# form's (INTAKE_*_PER_HOUR, per client address), with a token these, per token (one token may
# relay every report of a municipality's website).
API_CALLS_PER_MINUTE_CALLER = 600
API_CALLS_PER_MINUTE_ANONYMOUS = 120
# Calls refused at authentication (a made-up, expired or revoked token) per client address per
# minute; past it the address's calls are refused before any token is looked up.
API_REFUSED_CALLS_PER_MINUTE = 30
API_TOKEN_REPORTS_PER_HOUR = 600
API_TOKEN_INVALID_POSTS_PER_HOUR = 3000

# Logs carry ids, never personal data; request ids tie a log line to its audit events.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "beredskab.core.logging.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # At DEBUG a missing template variable is logged with the whole context in the
        # traceback (a case, a kept draft): personal data must never reach the logs.
        "django.template": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
