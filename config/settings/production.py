"""Production settings. Refuses to start with a missing or development secret, missing encryption keys,
the demo 2FA relaxation, or no virus scan of uploads (unless CLAMD_DISABLED=true acknowledges it)."""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from config import env

from .base import *  # noqa: F403

DEBUG = False

if not env.SECRET_KEY or len(env.SECRET_KEY) < 50 or env.SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")
SECRET_KEY = env.SECRET_KEY

if env.DEMO_RELAX_2FA:
    raise ImproperlyConfigured("DEMO_RELAX_2FA is for the local demo only and is refused in production.")
DEMO_RELAX_2FA = False

# Field encryption and blind-index keys: real ones from the environment, never the public
# development keys of base.py.
if not env.FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "Set FIELD_ENCRYPTION_KEYS (comma-separated Fernet keys; make one with "
        "`manage.py rotate_encryption_keys --generate-key`)."
    )
for _key in env.FIELD_ENCRYPTION_KEYS:
    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key.") from None
    if _key == INSECURE_DEV_FIELD_ENCRYPTION_KEY:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS holds the public development key.")
FIELD_ENCRYPTION_KEYS = env.FIELD_ENCRYPTION_KEYS
if len(env.BLIND_INDEX_KEY) < 32 or env.BLIND_INDEX_KEY == INSECURE_DEV_BLIND_INDEX_KEY:
    raise ImproperlyConfigured("Set BLIND_INDEX_KEY to a random value of at least 32 characters (and never change it).")
BLIND_INDEX_KEY = env.BLIND_INDEX_KEY
if not env.AUDIT_CHAIN_KEYS or any(len(k) < 32 or k == INSECURE_DEV_AUDIT_CHAIN_KEY for k in env.AUDIT_CHAIN_KEYS):
    raise ImproperlyConfigured(
        "Set AUDIT_CHAIN_KEYS to one or more random values of at least 32 characters, kept outside the database."
    )
AUDIT_CHAIN_KEYS = env.AUDIT_CHAIN_KEYS
AUDIT_ALLOW_TEST_TRUNCATE = False

_cache_backend = CACHES["default"]["BACKEND"]
if _cache_backend.endswith(("locmem.LocMemCache", "dummy.DummyCache")):
    raise ImproperlyConfigured("Use a shared cache (the database or REDIS_URL): a per-process cache is no rate limit.")

# Uploads from the public form reach case workers: they are scanned by clamd, or the
# municipality says in so many words that it runs without a scan.
if not (env.CLAMD_SOCKET or env.CLAMD_HOST) and not env.CLAMD_DISABLED:
    raise ImproperlyConfigured(
        "Set CLAMD_SOCKET (or CLAMD_HOST and CLAMD_PORT) so uploads are scanned for viruses by ClamAV's clamd, "
        "or set CLAMD_DISABLED=true to acknowledge running without a virus scan."
    )
if (env.CLAMD_SOCKET or env.CLAMD_HOST) and env.CLAMD_DISABLED:
    raise ImproperlyConfigured("CLAMD_DISABLED=true contradicts CLAMD_SOCKET/CLAMD_HOST: set one or the other.")

MAILERS = mailers(env.EMAIL_BACKEND or SMTP_BACKEND)

# Single sign-on hands out logins: the provider's ID tokens must be signed with its private key
# (an HS* signature is made with the client secret, which this server holds too, so whoever
# reads the secret could sign in as anyone), and every endpoint must be reached over TLS.
if OIDC_ENABLED:
    if OIDC_RP_SIGN_ALGO not in {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}:
        raise ImproperlyConfigured(
            f"OIDC_RP_SIGN_ALGO={OIDC_RP_SIGN_ALGO} is refused in production: use the provider's asymmetric "
            "signature (RS256, PS256 or ES256 and their longer variants)."
        )
    _endpoints = {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
        "OIDC_OP_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
        "OIDC_OP_USER_ENDPOINT": OIDC_OP_USER_ENDPOINT,
        "OIDC_OP_JWKS_ENDPOINT": OIDC_OP_JWKS_ENDPOINT,
    }
    for _name, _url in _endpoints.items():
        if not _url.lower().startswith("https://"):
            raise ImproperlyConfigured(f"{_name} must be an https:// address in production.")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Plain HTTP is redirected to HTTPS here unless a TLS proxy in front (one of TRUSTED_PROXIES)
# redirects itself: without a known proxy nothing would, and the public form and the logins
# would be served over plain HTTP. (The benchmark's settings turn it off themselves.)
if not env.SECURE_SSL_REDIRECT and not env.TRUSTED_PROXIES:
    raise ImproperlyConfigured(
        "SECURE_SSL_REDIRECT=false is only for a TLS proxy that redirects plain HTTP itself: "
        "list it in TRUSTED_PROXIES, or leave SECURE_SSL_REDIRECT=true."
    )
SECURE_SSL_REDIRECT = env.SECURE_SSL_REDIRECT
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Secure-sessionid"
CSRF_COOKIE_NAME = "__Secure-csrftoken"
