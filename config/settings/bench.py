"""Production settings for the benchmark (bench/load.py): the same middleware, database and
templates, plus a floor view (`/bench/floor/`, one primary-key query) that exists only here.
TLS is terminated nowhere in the benchmark, so the HTTPS redirect and secure cookies are off."""

from .production import *  # noqa: F403

ROOT_URLCONF = "config.urls_bench"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# manage.py seed_scale (a synthetic history in the audit log) may run here, never in production.
SEED_SCALE_ALLOWED = True
