from argparse import ArgumentTypeError
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from democracy.demo_accounts import describe_logins
from website import demo


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"write the day as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Load the Kingsmere demo council as it stands today, or on --today "
        "(idempotent; refused in production)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=_day,
            help="the day the demo stands on, YYYY-MM-DD (default: today)",
        )

    def handle(self, *args, **options):
        try:
            demo.load(today=options["today"])
        except (demo.DemoRefusedInProduction, demo.DemoDayRefused) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS("Demo council loaded: Kingsmere District Council."))
        self.stdout.write(describe_logins())
