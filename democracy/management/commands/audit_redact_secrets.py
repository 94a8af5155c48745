"""Redact secrets from audit rows already recorded (issue 11, Security 1).

    python manage.py audit_redact_secrets

Migration 0006 does this once; run the command again if a row with a secret is ever found (say,
one written by a path since fixed). It changes only the ``changes`` column of the rows that hold
a secret, through the one narrow exception the audit table's trigger allows, and writes an audit
row (``democracy.auditevent.redact``, by the system) for each row it redacts.
"""

from django.core.management.base import BaseCommand

from democracy.audit import redact_recorded


class Command(BaseCommand):
    help = "Redact secrets (passwords, keys, tokens) from audit rows already recorded."

    def handle(self, *args, **options):
        redacted = redact_recorded()
        self.stdout.write(f"Redacted {len(redacted)} audit row(s).")
