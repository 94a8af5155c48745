"""Reminders about registers of interests, derived from the database (registered on import).

* ``members.interests_due``: to the member, ``interest_reminder_days`` (7 unless the council sets another) days before the last day to
  notify the monitoring officer of their interests, while nothing has been submitted since they
  took office. The last day is the end of 28 days beginning with the day they took office
  (Localism Act 2011 s30(1); ``interest_registration_days``): for a councillor the start of
  their term, for a co-opted member the start of their co-option; after an ordinary election,
  the earlier of that and 28 days from polling day, as councils' guidance counts them
  (``rules.registration_deadline``), and the email says which reading it uses. Only a co-option with a vote
  makes someone a co-opted member (s27(4)), so a non-voting co-optee, who may register
  voluntarily, is never reminded (``rules.must_register``).
* ``members.interests_overdue``: to democratic services officers, the day after that last day,
  if still nothing has been submitted.
* ``members.interest_change_due`` / ``members.interest_change_overdue``: the same for a change
  the member has started (a draft with the date they became aware of the change) but not
  submitted (``interest_change_days``).

Each reminder's ``due_on`` is the deadline it is about, so the outbox's unique key (subject,
kind, due date) sends each exactly once however often a tick derives it. Emails name the member
formally ("Councillor Ann Smith", "Mrs Jane Doe": a co-opted member is not a councillor).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from democracy.council import period
from democracy.models import User
from democracy.reminders import ReminderSpec, register_source
from democracy.roles import Role
from members.models import CoOption, InterestDeclaration, Term
from members.rules import interests as rules

DUE = "members.interests_due"
OVERDUE = "members.interests_overdue"
CHANGE_DUE = "members.interest_change_due"
CHANGE_OVERDUE = "members.interest_change_overdue"
SEND_AT = time(8, 0)
# Deadlines further back than this are history (e.g. imported terms), not work due.
LOOK_BACK_DAYS = 90


def _send_at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, SEND_AT))


def _link(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def officer_emails() -> list[str]:
    return sorted(
        User.objects.filter(is_active=True, groups__name=Role.DEMOCRATIC_SERVICES_OFFICER.value)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _councillor_email(councillor) -> list[str]:
    email = (councillor.user.email if councillor.user else "") or councillor.council_email
    return [email] if email else []


def _specs(
    *,
    subject,
    councillor,
    due: date,
    today: date,
    kinds: tuple[str, str],
    what: str,
    officers,
    note: str = "",
) -> Iterator[ReminderSpec]:
    remind_on = due - timedelta(days=period("interest_reminder_days"))
    note = f"{note}\n\n" if note else ""
    if remind_on <= today <= due:
        yield ReminderSpec(
            subject=subject,
            kind=kinds[0],
            due_on=due,
            send_at=_send_at(remind_on),
            recipients=_councillor_email(councillor),
            email_subject=f"Your register of interests is due by {due:%-d %B %Y}",
            email_body=(
                f"Dear {councillor.formal_name},\n\nYou must tell the monitoring officer about "
                f"{what} by {due:%A %-d %B %Y}.\n\n{note}{_link('members:portal-interests')}\n"
            ),
        )
    elif today > due:
        yield ReminderSpec(
            subject=subject,
            kind=kinds[1],
            due_on=due,
            send_at=_send_at(due + timedelta(days=1)),
            recipients=officers,
            email_subject=f"Register of interests overdue: {councillor.formal_name}",
            email_body=(
                f"{councillor.formal_name} had to tell the monitoring officer about {what} by "
                f"{due:%A %-d %B %Y} and has not submitted a declaration.\n\n"
                f"{note}{_link('members:officer-interests')}\n"
            ),
        )


@register_source
def interests_due(today: date) -> Iterator[ReminderSpec]:
    days = period("interest_registration_days")
    earliest = today - timedelta(days=days + LOOK_BACK_DAYS)
    submitted_since = InterestDeclaration.all_objects.filter(
        councillor=OuterRef("councillor"),
        submitted_at__date__gte=OuterRef("start_date"),
    )
    terms = list(
        Term.objects.filter(start_date__gte=earliest, start_date__lte=today, end_date=None)
        .exclude(Exists(submitted_since))
        .select_related("councillor__user")
    )
    # Only a co-option with a vote puts a duty on the co-optee (rules.must_register, s27(4)).
    co_options = list(
        CoOption.objects.filter(
            start_date__gte=earliest, start_date__lte=today, end_date=None, voting=True
        )
        .exclude(Exists(submitted_since))
        .select_related("councillor__user")
    )
    officers = officer_emails() if terms or co_options else []
    for office in [*terms, *co_options]:
        deadline = rules.registration_deadline(
            office.start_date,
            elected_at_ordinary_election=rules.elected_at_ordinary_election(
                getattr(office, "start_reason", None)
            ),
            days=days,
        )
        yield from _specs(
            subject=office,
            councillor=office.councillor,
            due=deadline.due,
            today=today,
            kinds=(DUE, OVERDUE),
            what="your disclosable pecuniary interests (Localism Act 2011 section 30(1))",
            officers=officers,
            note=f"The last day is {deadline.reading}",
        )
    changes = list(
        InterestDeclaration.all_objects.filter(
            status__in=[InterestDeclaration.Status.DRAFT, InterestDeclaration.Status.RETURNED],
            change_aware_on__gte=earliest,
        ).select_related("councillor__user")
    )
    change_days = period("interest_change_days")
    if changes and not officers:
        officers = officer_emails()
    for declaration in changes:
        yield from _specs(
            subject=declaration,
            councillor=declaration.councillor,
            due=rules.change_due(declaration.change_aware_on, days=change_days),
            today=today,
            kinds=(CHANGE_DUE, CHANGE_OVERDUE),
            what=f"the change to your interests you became aware of on "
            f"{declaration.change_aware_on:%-d %B %Y}",
            officers=officers,
        )
