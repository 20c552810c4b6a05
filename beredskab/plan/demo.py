"""The plan of a demo installation (`manage.py demo_data`): the default plan, loaded and adopted."""

from .loader import ensure_default_plan


def load() -> None:
    ensure_default_plan()
