"""Settings for the test suite (pytest). SQLite by default; PostgreSQL when DATABASE_URL is set."""

from .base import *  # noqa: F403
from .base import DATA_DIR, DATABASES

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105 - tests only
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "test-private-files"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = DATA_DIR / "test.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": DATA_DIR / "test-run.sqlite3"}
AUDIT_CHECKPOINT_FILE = DATA_DIR / "test-audit-checkpoints.log"
AUDIT_ALLOW_TEST_TRUNCATE = True  # the test database flush (TRUNCATE) between transactional tests

# A second alias standing in for a streaming replica (beredskab.core.db_router): created only
# for the tests that ask for it, so they can see which reads went where.
if "replica" not in DATABASES:
    DATABASES["replica"] = {**DATABASES["default"]}
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["replica"]["NAME"] = DATA_DIR / "test-replica.sqlite3"
        DATABASES["replica"]["TEST"] = {"NAME": DATA_DIR / "test-run-replica.sqlite3"}
    else:
        DATABASES["replica"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_replica"}
# manage.py seed_scale (a synthetic history in the audit log) may run here, never in production.
SEED_SCALE_ALLOWED = True
