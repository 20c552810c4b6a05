import datetime
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from beredskab.plan.routing import route
from beredskab.plan.selectors import plan_in_force_at


def _moment(value: str) -> datetime.datetime:
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO date and time such as 2026-11-27T16:40") from None


class Command(BaseCommand):
    help = "Print as JSON whom to contact for a person, per the plan in force (see beredskab.plan.routing.route)."

    def add_arguments(self, parser):
        parser.add_argument("--age", type=int, default=None, help="Age in years (leave out: unknown age).")
        parser.add_argument(
            "--at", type=_moment, default=None, help="Moment, e.g. 2026-11-27T16:40 (Copenhagen time; default now)."
        )
        parser.add_argument("--postcode", default=None)
        parser.add_argument("--acute", action="store_true", help="The person is in acute danger.")
        parser.add_argument("--topic", default=None, help="A topic with its own route in the plan, e.g. extremism.")
        parser.add_argument("--municipality", default=None, help="Municipality code (default: MUNICIPALITY_CODE).")
        parser.add_argument(
            "--language",
            default="da",
            choices=[code for code, _name in settings.LANGUAGES],
            help="The reader's language: the reasons in it, and the plan's texts where the plan translates them.",
        )

    def handle(self, *args, age, at, postcode, acute, topic, municipality, language, **options):
        if age is not None and age < 0:
            raise CommandError("--age must be 0 or more")
        plan = plan_in_force_at(at, municipality)  # the version in force on the day asked about
        if plan is None:
            raise CommandError(
                f"No plan is in force for {municipality or 'this installation'}; load one with plan_load"
            )
        with translation.override(language):
            answer = route(plan, age=age, postcode=postcode, acute=acute, at=at or timezone.now(), topic=topic)
            self.stdout.write(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
