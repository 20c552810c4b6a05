"""Imports every module of the app that is not a test, with the settings in DJANGO_SETTINGS_MODULE.

CI runs it in a virtual environment that holds only requirements.txt: a view, service, task or
management command that imports a test or lint tool (or a package missing from the runtime list)
fails here, not on the production server. `manage.py check` alone imports only what the URLs reach.

Usage: python scripts/check_runtime_imports.py   (from anywhere; exit status 1 lists the failures)
"""

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Test code, and the settings of other environments (they are alternatives to the one in use).
SKIPPED_PARTS = {"tests", "conftest.py", "settings"}


def runtime_modules() -> list[str]:
    """Dotted names of the non-test modules under beredskab/ and config/, sorted."""
    names = []
    for package in ("beredskab", "config"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if SKIPPED_PARTS.intersection(relative.parts):
                continue
            parts = relative.with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def main() -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    failures = []
    modules = runtime_modules()
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as error:  # every failure is reported, then the run fails
            failures.append(f"{name}: {error!r}")
    for failure in failures:
        print("cannot import", failure, file=sys.stderr)
    print(f"{len(modules) - len(failures)} of {len(modules)} runtime modules import")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
