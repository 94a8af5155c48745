"""Reminders about agendas, derived from the database for ``today`` (registered on import).

* ``meetings.report_due``: to a report's author, from two working days before the report
  deadline until the agenda is published, while the report is not ready. One per report per
  deadline date: a rescheduled meeting has a new deadline, so a new reminder.
* ``meetings.agenda_publication_due``: to democratic services, from two working days before the
  latest lawful publication date (LGA 1972 s100B(3)) while the agenda is unpublished.
* ``meetings.agenda_publication_breached``: to democratic services, from the day after the
  latest lawful date while the agenda is still unpublished: the business can now only be taken
  if the chair records reasons of urgency (s100B(4)(b)).

Each reminder's ``due_on`` is the statutory (or report) date it is about, so the outbox's unique
key (subject, kind, due date) sends each exactly once however often a tick derives it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from democracy import calendars
from democracy.council import meeting_calendar, period
from democracy.reminders import ReminderSpec, register_source
from democracy.roles import Role
from meetings import rules
from meetings.models import Meeting, Report

REPORT_DUE = "meetings.report_due"
PUBLICATION_DUE = "meetings.agenda_publication_due"
PUBLICATION_BREACHED = "meetings.agenda_publication_breached"

# How many working days ahead of a deadline the reminder goes.
WARNING_WORKING_DAYS = 2
# Meetings further ahead than this cannot have a deadline within the warning period.
HORIZON_DAYS = 120
# Reminders go at the start of the working day they fall due.
SEND_AT = time(8, 0)


def _send_at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, SEND_AT))


def _link(name: str, pk: int) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse(name, args=[pk])}"


def _officer_addresses() -> list[str]:
    users = get_user_model().objects.filter(
        groups__name=Role.DEMOCRATIC_SERVICES_OFFICER, is_active=True
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _when(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"


@register_source
def agenda_reminders(today: date) -> Iterator[ReminderSpec]:
    meetings = list(
        Meeting.all_objects.filter(
            status=Meeting.Status.SCHEDULED,
            agenda_published_at=None,
            starts_at__date__gte=today,
            starts_at__date__lte=today + timedelta(days=HORIZON_DAYS),
        ).select_related("committee")
    )
    if not meetings:
        return
    calendar = meeting_calendar()
    clear_days = period("agenda_clear_days")
    report_days = period("report_deadline_working_days")
    officers = _officer_addresses()
    due_meetings = {}
    for meeting in meetings:
        deadline = rules.publication_deadline(
            meeting.date,
            clear_days=clear_days,
            report_working_days=report_days,
            calendar=calendar,
        )
        latest = deadline.latest_publication
        warn_from = calendars.working_days_before(latest, WARNING_WORKING_DAYS, calendar=calendar)
        if warn_from <= today <= latest:
            yield ReminderSpec(
                subject=meeting,
                kind=PUBLICATION_DUE,
                due_on=latest,
                send_at=_send_at(warn_from),
                recipients=officers,
                email_subject=f"Agenda due: {meeting.committee}, {_when(meeting)} "
                f"(publish by {latest:%-d %B})",
                email_body=(
                    f"The agenda for {meeting.committee} on {_when(meeting)} must be published "
                    f"by {latest:%A %-d %B %Y} to leave {deadline.clear_days_required} clear "
                    "working days before the meeting (Local Government Act 1972 s100B(3)).\n\n"
                    f"{_link('meetings:meeting-detail', meeting.pk)}\n"
                ),
            )
        elif today > latest:
            yield ReminderSpec(
                subject=meeting,
                kind=PUBLICATION_BREACHED,
                due_on=latest,
                send_at=_send_at(latest + timedelta(days=1)),
                recipients=officers,
                email_subject=f"Publication deadline passed: {meeting.committee}, {_when(meeting)}",
                email_body=(
                    f"The latest lawful date to publish the agenda for {meeting.committee} on "
                    f"{_when(meeting)} was {latest:%A %-d %B %Y}, and it has not been "
                    "published. The business can now only be considered if the chair, for "
                    "special circumstances recorded in the minutes, agrees it is urgent (Local "
                    "Government Act 1972 s100B(4)(b)). Record the chair's reasons when you "
                    "publish, or move the meeting.\n\n"
                    f"{_link('meetings:meeting-detail', meeting.pk)}\n"
                ),
            )
        warn_reports_from = calendars.working_days_before(
            deadline.report_deadline, WARNING_WORKING_DAYS, calendar=calendar
        )
        if today >= warn_reports_from:
            due_meetings[meeting.pk] = (meeting, deadline, warn_reports_from)
    if not due_meetings:
        return
    reports = (
        Report.all_objects.filter(item__meeting__in=list(due_meetings))
        .exclude(status__in=[Report.Status.READY, Report.Status.WITHDRAWN])
        .exclude(author=None)
        .exclude(author__email="")
        .select_related("author", "item")
    )
    for report in reports:
        meeting, deadline, warn_from = due_meetings[report.item.meeting_id]
        due = deadline.report_deadline
        overdue = today > due
        yield ReminderSpec(
            subject=report,
            kind=REPORT_DUE,
            due_on=due,
            send_at=_send_at(warn_from),
            recipients=[report.author.email],
            email_subject=f"Report {'overdue' if overdue else 'due'}: {report.title} "
            f"({'was due' if overdue else 'due'} {due:%-d %B})",
            email_body=(
                f"Your report “{report.title}” for {meeting.committee} on {_when(meeting)} "
                f"{'was' if overdue else 'is'} due by {due:%A %-d %B %Y}. It is "
                f"{report.get_status_display().lower()}; it must be signed off before the "
                f"agenda is published on {deadline.latest_publication:%A %-d %B %Y}.\n\n"
                f"{_link('meetings:report-edit', report.pk)}\n"
            ),
        )
