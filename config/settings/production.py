"""Production settings. Refuses to start with a missing or development secret or the demo 2FA relaxation."""

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

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Secure-sessionid"
CSRF_COOKIE_NAME = "__Secure-csrftoken"
