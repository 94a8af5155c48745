"""Reminders about decisions, call-in and the forward plan, derived from the database for
``today`` (registered on import).

* ``meetings.call_in_closing``: to democratic services on the working day before a decision's
  call-in deadline, while it is open for call-in. ``due_on`` is the deadline.
* ``meetings.call_in_closed``: to democratic services and the individual decision maker when the
  window has closed without a valid call-in and the decision may be implemented. ``due_on`` is
  the first day it may be implemented.
* ``meetings.forward_plan_notice_missing``: to democratic services, the day after the latest
  date for the notice of a key decision (SI 2012/2089 reg 9(2)) has passed without a valid
  notice, for a key decision on an agenda or an entry on the forward plan. ``due_on`` is the
  latest date for the notice.

The outbox's key (subject, kind, due date) sends each exactly once however often a tick
derives it; a decision re-published or an entry moved to a new date is a new reminder.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from democracy import calendars
from democracy.council import meeting_calendar
from democracy.reminders import ReminderSpec, register_source
from democracy.roles import Role
from meetings.models import CallIn, Decision
from meetings.services.forward_plan import upcoming_key_decision_problems

CALL_IN_CLOSING = "meetings.call_in_closing"
CALL_IN_CLOSED = "meetings.call_in_closed"
NOTICE_MISSING = "meetings.forward_plan_notice_missing"

# Reminders go at the start of the working day.
SEND_AT = time(8, 0)
# How long after a window closed its reminder may still be derived (a worker down for a
# weekend still sends it; an old decision loaded into a new system does not).
CLOSED_LOOKBACK_DAYS = 7


def _send_at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, SEND_AT))


def _link(name: str, pk: int | None = None) -> str:
    path = reverse(name, args=[pk] if pk is not None else [])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _officer_addresses() -> list[str]:
    users = get_user_model().objects.filter(
        groups__name=Role.DEMOCRATIC_SERVICES_OFFICER, is_active=True
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _d(day: date) -> str:
    return f"{day:%A %-d %B %Y}"


@register_source
def call_in_reminders(today: date) -> Iterator[ReminderSpec]:
    officers = _officer_addresses()
    calendar = None
    closing = Decision.all_objects.filter(
        status=Decision.Status.OPEN, call_in_deadline__gte=today
    ).select_related("decision_maker_committee", "decision_maker_councillor")
    for decision in closing:
        calendar = calendar or meeting_calendar()
        warn_on = calendars.previous_working_day(decision.call_in_deadline, calendar=calendar)
        yield ReminderSpec(
            subject=decision,
            kind=CALL_IN_CLOSING,
            due_on=decision.call_in_deadline,
            send_at=_send_at(max(warn_on, decision.published_on)),
            recipients=officers,
            email_subject=f"Call-in closes {decision.call_in_deadline:%-d %B}: {decision.title}",
            email_body=(
                f"The call-in period for '{decision.title}' ({decision.decision_maker}, "
                f"{decision.decided_on:%-d %B %Y}) ends at the end of "
                f"{_d(decision.call_in_deadline)}. If no valid call-in arrives by then, the "
                f"decision may be implemented from {_d(decision.implementable_on)}.\n\n"
                f"{_link('meetings:decision-detail', decision.pk)}\n"
            ),
        )
    called_in = CallIn.all_objects.filter(
        decision=OuterRef("pk"), status__in=[CallIn.Status.ACCEPTED, CallIn.Status.DECIDED]
    )
    closed = (
        Decision.all_objects.filter(
            status=Decision.Status.IMPLEMENTABLE,
            subject_to_call_in=True,
            implementable_on__lte=today,
            implementable_on__gte=today - timedelta(days=CLOSED_LOOKBACK_DAYS),
        )
        .exclude(Exists(called_in))
        .select_related("decision_maker_committee", "decision_maker_councillor")
    )
    for decision in closed:
        maker = decision.decision_maker_councillor
        recipients = set(officers)
        if maker is not None and maker.council_email:
            recipients.add(maker.council_email)
        yield ReminderSpec(
            subject=decision,
            kind=CALL_IN_CLOSED,
            due_on=decision.implementable_on,
            send_at=_send_at(decision.implementable_on),
            recipients=sorted(recipients),
            email_subject=f"May now be implemented: {decision.title}",
            email_body=(
                f"The call-in period for '{decision.title}' ({decision.decision_maker}, "
                f"{decision.decided_on:%-d %B %Y}) ended at the end of "
                f"{_d(decision.call_in_deadline)} without a valid call-in. The decision may be "
                f"implemented from {_d(decision.implementable_on)}.\n\n"
                f"{_link('meetings:decision-detail', decision.pk)}\n"
            ),
        )


@register_source
def forward_plan_reminders(today: date) -> Iterator[ReminderSpec]:
    officers = _officer_addresses()
    for problem in upcoming_key_decision_problems(today):
        if today <= problem.latest_notice_date:
            continue  # the notice can still be given in time
        subject = problem.item if problem.item is not None else problem.entry
        title = subject.title
        where = (
            f"on the agenda of {problem.meeting}"
            if problem.item is not None
            else f"on the forward plan for {problem.decision_date:%-d %B %Y}"
        )
        listed = "\n".join(f"- {text}" for text in problem.problems)
        yield ReminderSpec(
            subject=subject,
            kind=NOTICE_MISSING,
            due_on=problem.latest_notice_date,
            send_at=_send_at(problem.latest_notice_date + timedelta(days=1)),
            recipients=officers,
            email_subject=f"Key decision without a valid notice: {title}",
            email_body=(
                f"The key decision '{title}' {where} does not have a valid notice (SI 2012/2089 "
                f"regs 9-11). The notice had to be published by "
                f"{_d(problem.latest_notice_date)}.\n\n{listed}\n\n"
                f"{_link('meetings:key-decision-problems')}\n"
            ),
        )
