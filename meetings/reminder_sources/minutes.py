"""Reminders derived from the database for minutes (registered on import).

"Draft minutes due": when a meeting has been held (or its date has passed without it being
called off) and its draft minutes are not published by ``draft_minutes_working_days`` working
days after it (council practice, default five), democratic services officers are reminded, once,
on the day they fall due. Publishing the draft cancels a reminder not yet sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from democracy import calendars
from democracy.council import meeting_calendar, period
from democracy.models import User
from democracy.reminders import ReminderSpec, register_source
from democracy.roles import Role
from meetings.models import Meeting

KIND = "draft_minutes_due"
SEND_AT = time(8, 0)
# Meetings further back than this are history (e.g. imported from an old system), not work due.
LOOK_BACK_DAYS = 90


def officer_emails() -> list[str]:
    return sorted(
        User.objects.filter(is_active=True, groups__name=Role.DEMOCRATIC_SERVICES_OFFICER.value)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def draft_minutes_due_on(meeting_date: date, *, working_days: int, calendar) -> date:
    """The day the draft minutes of a meeting fall due: ``working_days`` working days after it."""
    return calendars.working_days_after(meeting_date, working_days, calendar=calendar)


@register_source
def draft_minutes_due(today: date) -> Iterator[ReminderSpec]:
    meetings = list(
        Meeting.all_objects.filter(
            Q(status=Meeting.Status.HELD)
            | Q(
                status__in=[Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED],
                starts_at__date__lt=today,
            ),
            starts_at__date__gte=today - timedelta(days=LOOK_BACK_DAYS),
        )
        .exclude(minutes__published_at__isnull=False)
        .select_related("committee")
    )
    if not meetings:
        return
    calendar = meeting_calendar()
    working_days = period("draft_minutes_working_days")
    recipients = officer_emails()
    for meeting in meetings:
        due_on = draft_minutes_due_on(meeting.date, working_days=working_days, calendar=calendar)
        if due_on > today:
            continue
        send_at = timezone.make_aware(datetime.combine(due_on, SEND_AT))
        link = settings.SITE_URL.rstrip("/") + reverse("meetings:minutes", args=[meeting.pk])
        yield ReminderSpec(
            subject=meeting,
            kind=KIND,
            due_on=due_on,
            send_at=send_at,
            recipients=recipients,
            email_subject=f"Draft minutes due: {meeting}",
            email_body=(
                f"The draft minutes of {meeting.committee} on {meeting.date:%-d %B %Y} were due "
                f"to be published by {due_on:%-d %B %Y} ({working_days} working days after the "
                f"meeting) and have not been published yet.\n\n"
                f"Draft, check and publish them here: {link}\n"
            ),
        )
