"""Every environment variable Beredskab reads, in one place.

Settings modules import the values from here; nothing else in the code base calls os.environ.
`.env.example` lists each variable with its default and meaning. Keep the two in step
(a test checks that every name read here is documented there).
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = _str("SECRET_KEY")
DEBUG = _bool("DEBUG", False)
ALLOWED_HOSTS = _list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS")
# The reverse proxies in front of the app (addresses or networks, comma-separated): only a
# request from one of them has its X-Forwarded-For (client address) and X-Request-ID believed.
TRUSTED_PROXIES = _list("TRUSTED_PROXIES")
# A shared cache for rate limits and other counters across app servers; empty: the database.
REDIS_URL = _str("REDIS_URL")
DATABASE_URL = _str("DATABASE_URL")
DATABASE_REPLICA_URL = _str("DATABASE_REPLICA_URL")  # optional: a read-only streaming replica
MUNICIPALITY_CODE = _str("MUNICIPALITY_CODE", "ishoj")
# The address users reach the site at; used in e-mail links (which never carry personal data).
SITE_URL = _str("SITE_URL", "http://127.0.0.1:8000")
DATA_DIR = Path(_str("DATA_DIR", str(BASE_DIR / "var")))
TIME_ZONE = _str("TIME_ZONE", "Europe/Copenhagen")

# Empty: the console in development, SMTP in production.
EMAIL_BACKEND = _str("EMAIL_BACKEND")
EMAIL_HOST = _str("EMAIL_HOST", "localhost")
EMAIL_PORT = _int("EMAIL_PORT", 25)
EMAIL_HOST_USER = _str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = _str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = _bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = _str("DEFAULT_FROM_EMAIL", "beredskab@localhost")

# Idle session timeout in minutes.
SESSION_IDLE_MINUTES = _int("SESSION_IDLE_MINUTES", 30)
# The local demo may let users in without a second factor; production refuses this.
DEMO_RELAX_2FA = _bool("DEMO_RELAX_2FA", False)

# Keys for field encryption and the CPR blind index (comma-separated; the first encrypts).
FIELD_ENCRYPTION_KEYS = _list("FIELD_ENCRYPTION_KEYS")
BLIND_INDEX_KEY = _str("BLIND_INDEX_KEY")

# The audit log's keyed hash chain (comma-separated; the first signs new events, every key
# verifies). Kept outside the database, so whoever can write the database cannot recompute it.
AUDIT_CHAIN_KEYS = _list("AUDIT_CHAIN_KEYS")
# Signed checkpoints of the chain's head are appended to this file (ship it to a write-once
# store) and, if set, sent to syslog ("udp://host:514", "tcp://host:601" or a socket path).
AUDIT_CHECKPOINT_FILE = _str("AUDIT_CHECKPOINT_FILE")
AUDIT_CHECKPOINT_SYSLOG = _str("AUDIT_CHECKPOINT_SYSLOG")
# A checkpoint is written after every this many events (and by `manage.py audit_checkpoint`).
AUDIT_CHECKPOINT_EVERY = _int("AUDIT_CHECKPOINT_EVERY", 100)
# Every event from this number on must carry a key (1: all of them). Only an installation whose
# log began before the keyed chain sets it, to its first keyed event.
AUDIT_CHAIN_KEYED_FROM = _int("AUDIT_CHAIN_KEYED_FROM", 1)

# Virus scan of every upload by ClamAV's clamd (INSTREAM over its socket): a unix socket path,
# or a host and port. Production refuses to start without one unless CLAMD_DISABLED=true
# acknowledges running without a scan. Timeout in seconds for connecting, sending and answering.
CLAMD_SOCKET = _str("CLAMD_SOCKET")
CLAMD_HOST = _str("CLAMD_HOST")
CLAMD_PORT = _int("CLAMD_PORT", 3310)
CLAMD_TIMEOUT = _int("CLAMD_TIMEOUT", 30)
CLAMD_DISABLED = _bool("CLAMD_DISABLED", False)

# The public report form's allowances per client address and hour (beredskab.intake.ratelimit):
# reports received, and posts that did not validate. A load test raises them.
INTAKE_REPORTS_PER_HOUR = _int("INTAKE_REPORTS_PER_HOUR", 60)
INTAKE_INVALID_POSTS_PER_HOUR = _int("INTAKE_INVALID_POSTS_PER_HOUR", 300)

# Production: redirect plain HTTP to HTTPS. Turn off only where the TLS proxy already redirects
# (and sends X-Forwarded-Proto) or for a local benchmark without TLS.
SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", True)

# Optional OpenID Connect single sign-on with the municipality's identity provider.
OIDC_RP_CLIENT_ID = _str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = _str("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = _str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = _str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = _str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = _str("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = _str("OIDC_RP_SIGN_ALGO", "RS256")

# Browser tests: path of the Chromium binary (found on PATH when empty).
CHROMIUM_PATH = _str("CHROMIUM_PATH")
# Set by CI: browser tests fail instead of skipping when Chromium is missing.
CI = _bool("CI", False)
