"""Print the statutory timetable of an election.

    python manage.py election_timetable --type local --poll 2026-05-07
    python manage.py election_timetable --type uk_parliamentary_by --poll 2024-02-15 \\
        --writ 2024-01-18 --format json

Days appointed for public thanksgiving or mourning recorded in the console are disregarded with
the other dies non. An unknown type or an impossible date is an error on stderr, exit status 2.
"""

from __future__ import annotations

import json
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from democracy.models import NonWorkingDay
from elections.timetables import ElectionType, TimetableError, TimetableNation, timetable

USAGE_ERROR = 2
NATION_OF_COUNCIL = {"england": "ENG", "wales": "WLS"}


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option} “{value}” is not a real date: write it as YYYY-MM-DD, like 2026-05-07",
            returncode=USAGE_ERROR,
        ) from None


class Command(BaseCommand):
    help = "Print the statutory timetable of an election polling on a given day."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--type",
            required=True,
            dest="election_type",
            help="One of: " + ", ".join(t.value for t in ElectionType),
        )
        parser.add_argument("--poll", required=True, help="Polling day, YYYY-MM-DD")
        parser.add_argument(
            "--nation",
            help="ENG, WLS, SCT or NIR (default: the council's nation)",
        )
        parser.add_argument(
            "--writ", help="UK Parliamentary by-election: writ received, YYYY-MM-DD"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, election_type: str, poll: str, nation, writ, format: str, **options):
        poll_day = _date(poll, "--poll")
        writ_day = _date(writ, "--writ")
        nation = (nation or NATION_OF_COUNCIL.get(str(settings.COUNCIL_NATION), "ENG")).upper()
        if election_type == ElectionType.UK_PARLIAMENTARY_BY and writ_day is None:
            raise CommandError(
                "--writ is required for a UK Parliamentary by-election: the date the writ was "
                "received, YYYY-MM-DD",
                returncode=USAGE_ERROR,
            )
        try:
            timetable(election_type, poll_day, nation=nation, writ_received=writ_day)
        except TimetableError as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from None
        mourning = NonWorkingDay.objects.filter(
            kind=NonWorkingDay.Kind.THANKSGIVING_OR_MOURNING
        ).values_list("date", flat=True)
        try:
            steps = timetable(
                election_type,
                poll_day,
                nation=nation,
                writ_received=writ_day,
                extra_non_working_days=frozenset(mourning),
            )
        except TimetableError as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from None
        if format == "json":
            payload = {
                "type": election_type,
                "poll": poll_day.isoformat(),
                "nation": TimetableNation(nation).value,
                "writ": writ_day.isoformat() if writ_day else None,
                "steps": [step.as_json() for step in steps],
            }
            self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        title = ElectionType(election_type).label
        self.stdout.write(
            f"{title}, poll {poll_day:%A %-d %B %Y} ({TimetableNation(nation).label})"
        )
        for step in steps:
            prefix = "from " if step.kind == "from" else ""
            when = f"{prefix}{step.date:%a %-d %b %Y} {step.time_label}".strip()
            self.stdout.write(f"{when:<30}  {step.label}  [{step.source}]")
