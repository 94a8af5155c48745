"""Reminders of election timetable steps, derived from the database for ``today`` (registered on
import, from ``ElectionsConfig.ready``; DOMAIN Part E.2).

``elections.timetable.<step>``: to electoral services, from two working days before a step's
date until the date, while the step is not recorded as done. Each reminder's ``due_on`` is the
step's date, so the outbox's unique key (election, kind, due date) sends it exactly once however
often a tick derives it; a step moved by a date fixed by law has a new date, so a new reminder.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from democracy import calendars
from democracy.reminders import ReminderSpec, register_source
from democracy.roles import Role
from elections import election_timetable
from elections.models import Election
from elections.timetables import election_dies_non

KIND_PREFIX = "elections.timetable."
WARNING_WORKING_DAYS = 2
# The longest timetable (25 working days) starts within this many days of polling day, and the
# return of expenses (70 days at most) ends within this many days after it.
DAYS_BEFORE_POLL = 60
DAYS_AFTER_POLL = 75
SEND_AT = time(8, 0)


def _send_at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, SEND_AT))


def _addresses() -> list[str]:
    users = get_user_model().objects.filter(
        groups__name=Role.ELECTORAL_SERVICES_OFFICER, is_active=True
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


@register_source
def timetable_reminders(today: date) -> Iterator[ReminderSpec]:
    elections = list(
        election_timetable.with_records(
            Election.objects.filter(
                poll_date__gte=today - timedelta(days=DAYS_AFTER_POLL),
                poll_date__lte=today + timedelta(days=DAYS_BEFORE_POLL),
            )
        )
    )
    if not elections:
        return
    recipients = _addresses()
    mourning = election_timetable.mourning_days()
    site = settings.SITE_URL.rstrip("/")
    for election in elections:
        rows, problem = election_timetable.rows_or_problem(election, mourning=mourning)
        if problem:
            continue  # e.g. a day of mourning appointed on polling day: the page says so
        calendar = election_dies_non(election.nation, extra_non_working_days=mourning)
        link = f"{site}{reverse('elections:election', args=[election.pk])}"
        for row in rows:
            step = row.step
            if row.done:
                continue
            warn_from = calendars.working_days_before(
                step.date, WARNING_WORKING_DAYS, calendar=calendar
            )
            if not warn_from <= today <= step.date:
                continue
            when = f"{step.date:%A %-d %B %Y}" + (f", {step.time_label}" if step.time_label else "")
            verb = "from" if step.kind == "from" else "by"
            yield ReminderSpec(
                subject=election,
                kind=f"{KIND_PREFIX}{step.key}",
                due_on=step.date,
                send_at=_send_at(warn_from),
                recipients=recipients,
                email_subject=f"{step.label}: {election.title} ({verb} {step.date:%-d %B})",
                email_body=(
                    f"{step.label} for {election.title} (polling day "
                    f"{election.poll_date:%-d %B %Y}): {verb} {when}.\n\n"
                    f"Legal source: {step.source}\n\n"
                    f"Record it as done on the election's page:\n{link}\n"
                ),
            )
