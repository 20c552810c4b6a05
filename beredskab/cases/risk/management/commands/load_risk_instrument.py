"""Load a risk instrument from a YAML file (see beredskab/cases/risk/instruments.py for the format)."""

from django.core.management.base import BaseCommand, CommandError

from beredskab.cases.errors import CaseError
from beredskab.cases.risk.instruments import InstrumentFileError, default_instrument_path, read_instrument_file
from beredskab.cases.risk.services import instrument_load


class Command(BaseCommand):
    help = "Load (and by default activate) a risk instrument from a YAML file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="The YAML file (default: instruments/neutral-spj.yaml).")
        parser.add_argument("--no-activate", action="store_true", help="Load it without taking it into use.")

    def handle(self, *args, path=None, no_activate=False, **options):
        path = path or default_instrument_path()
        try:
            data = read_instrument_file(path)
            instrument, created = instrument_load(actor=None, data=data, activate=not no_activate)
        except InstrumentFileError as error:
            raise CommandError("The instrument file is not valid:\n  " + "\n  ".join(error.errors)) from None
        except CaseError as error:
            raise CommandError(error.reason) from None
        state = "loaded" if created else "already loaded"
        active = "active" if instrument.is_active else "not active"
        self.stdout.write(f"{instrument.code} {instrument.version}: {state} ({active}).")
