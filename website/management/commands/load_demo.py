from django.core.management.base import BaseCommand, CommandError

from democracy.demo_accounts import describe_logins
from website import demo


class Command(BaseCommand):
    help = "Load the Kingsmere demo council (idempotent; refused in production)."

    def handle(self, *args, **options):
        try:
            demo.load()
        except demo.DemoRefusedInProduction as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS("Demo council loaded: Kingsmere District Council."))
        self.stdout.write(describe_logins())
