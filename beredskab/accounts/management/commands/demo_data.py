from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule

from beredskab.accounts.demo import DEMO_PASSWORD, load_demo_organisation_and_users


def demo_loaders() -> list:
    """Each app's synthetic demo data: the `load()` of its `demo` module, in INSTALLED_APPS order
    (which goes up the layers: the plan before the reports, the reports before the cases). Found
    by discovery, so accounts names no app above it. Every loader is idempotent: running
    `make run` twice creates nothing twice."""
    loaders = []
    for app_config in apps.get_app_configs():
        if app_config.name == "beredskab.accounts" or not module_has_submodule(app_config.module, "demo"):
            continue
        load = getattr(import_module(f"{app_config.name}.demo"), "load", None)
        if load is not None:
            loaders.append(load)
    return loaders


class Command(BaseCommand):
    help = "Create or refresh the synthetic demo data: organisation, users, the default plan, reports and cases."

    def handle(self, *args, **options):
        users = load_demo_organisation_and_users()
        for load in demo_loaders():
            load()
        self.stdout.write("")
        self.stdout.write("Demo data loaded (synthetic; no real persons).")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(email) for email, _, _ in users)
        for email, _name, roles in users:
            self.stdout.write(f"  {email.ljust(width)}  {roles}")
        self.stdout.write("")
