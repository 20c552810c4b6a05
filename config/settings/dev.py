"""Local development and the demo started by `make run`."""

from .base import *  # noqa: F403

DEBUG = True
# The demo lets users in without a second factor; production refuses this setting.
DEMO_RELAX_2FA = True
# manage.py seed_scale (a synthetic history in the audit log) may run here, never in production.
SEED_SCALE_ALLOWED = True
