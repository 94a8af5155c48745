"""Retention: an appeal's personal data is anonymised the constitution's
``appeals_retention_years`` years after it was determined (``Appeal.retain_until``, set when the decision is recorded).

Anonymising is an outward effect with a row of its own in the outbox (``democracy.reminders``):
one row per appeal (kind ``appeals.retention``, keyed by the appeal and its retention date), whose
body is written as it is sent by the composer below, which anonymises the appeal first. The
outbox's claim makes it happen once, whether the nightly task (``appeals.tasks.retention_sweep``),
a duplicate of it, or the reminders tick gets there first; the email tells the appeals clerks it
was done. What is kept (the school, the year group, the dates, the outcome, the audit trail)
keeps the statutory return and the charges right and names nobody.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from appeals.models import (
    Appeal,
    Appellant,
    Child,
    Connection,
    Decision,
    Evidence,
    EvidenceLink,
    Hearing,
    HearingListing,
    StatusChange,
)
from democracy import audit, reminders
from democracy.constitution import constitution
from democracy.dates import govuk_date
from democracy.models import Reminder, User
from democracy.roles import Role

logger = logging.getLogger(__name__)


def _years() -> str:
    """The constitution's retention period, as a message says it ("1 year", "6 years")."""
    years = constitution().appeals_retention_years
    return f"{years} year{'s' if years != 1 else ''}"


RETENTION_KIND = "appeals.retention"
ANONYMISED = "Anonymised"
REMOVED = "[removed under the retention schedule]"


def due(today: date):
    """Determined appeals whose retention period has ended and that are not yet anonymised."""
    return Appeal.cases.filter(
        retain_until__isnull=False, retain_until__lte=today, anonymised_at=None
    )


def _recipients() -> list[str]:
    emails = sorted(
        User.objects.filter(groups__name=Role.APPEALS_CLERK.value, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    # Someone must get the record that it was done, even with no clerk's address on file.
    return emails or [settings.SERVER_EMAIL]


def retention_specs(today: date) -> list[reminders.ReminderSpec]:
    """A reminder source: one outbox row per appeal due to be anonymised."""
    recipients = _recipients()
    return [
        reminders.ReminderSpec(
            subject=appeal,
            kind=RETENTION_KIND,
            due_on=appeal.retain_until,
            send_at=timezone.make_aware(datetime.combine(appeal.retain_until, time(0))),
            recipients=recipients,
            email_subject=f"Appeal {appeal.reference}: personal data anonymised",
            email_body="",  # written as it is sent (``compose_retention``)
        )
        for appeal in due(today).only("pk", "reference", "retain_until")
    ]


def schedule_due(today: date) -> list[Reminder]:
    """Insert the outbox rows of the appeals now due (existing rows are left alone) and return
    those not yet sent."""
    reminders.schedule(retention_specs(today))
    return list(
        Reminder.outbox.filter(
            subject_type=ContentType.objects.get_for_model(Appeal),
            kind=RETENTION_KIND,
            sent_at=None,
            cancelled_at=None,
        )
    )


def compose_retention(reminder: Reminder) -> str | None:
    """The outbox composer: anonymise the appeal (if that is not already done), then write the
    email saying so. None (the row is cancelled) if the appeal is gone or no longer due (a
    decision corrected since, say)."""
    appeal = Appeal.cases.filter(pk=reminder.subject_id).first()
    if appeal is None:
        return None
    if appeal.anonymised_at is None:
        # The row is claimable only from its retention date (its ``send_at``): it is due.
        if not appeal_anonymise(appeal=appeal, today=reminder.due_on, by=None):
            return None
        appeal.refresh_from_db()
    return (
        f"The personal data of appeal {appeal.reference} was anonymised on "
        f"{govuk_date(appeal.anonymised_at)}, {_years()} after the appeal was "
        f"determined on {govuk_date(appeal.determined_on)}, as the council's retention "
        "schedule requires.\n\n"
        "The child's and the family's details, the grounds, the documents, the clerk's notes "
        "and the panel's reasons have been removed. The school, the year group, the dates and "
        "the outcome are kept for the statutory return.\n"
    )


@transaction.atomic
def appeal_anonymise(*, appeal: Appeal, today: date | None = None, by) -> bool:
    """Anonymise one appeal whose retention period has ended: the child, the appellants, the
    grounds and reasons, the clerk's notes and who attended, the documents (their files
    deleted), the evidence links, the notes of its history and of declared connections, and the
    bodies and addresses of the emails sent about it. Once only (the appeal row is locked and
    ``anonymised_at`` set): returns False if it was already done or is not due. The audit trail
    says it was done, naming no one."""
    today = today or timezone.localdate()
    locked = Appeal.cases.select_for_update().filter(pk=appeal.pk).first()
    if (
        locked is None
        or locked.anonymised_at is not None
        or locked.retain_until is None
        or locked.retain_until > today
    ):
        return False
    now = timezone.now()
    child = Child.private_objects.filter(appeal=locked).first()
    if child is not None:
        child.first_name = ANONYMISED
        child.last_name = "child"
        # The year is kept (the year group gives it anyway); the day and month go.
        child.date_of_birth = date(child.date_of_birth.year, 1, 1)
        child.current_school = None
        child.current_school_name = ""
        child.save()
    Appellant.private_objects.filter(appeal=locked).update(
        name=ANONYMISED, email="", phone="", address="", postcode=""
    )
    documents = list(Evidence.private_objects.filter(appeal=locked))
    for document in documents:
        document.file.delete(save=False)
    Evidence.private_objects.filter(appeal=locked).delete()
    links = EvidenceLink.private_objects.filter(appeal=locked).delete()[0]
    HearingListing.private_objects.filter(appeal=locked).update(present="", notes="")
    Decision.private_objects.filter(appeal=locked).exclude(reasons="").update(reasons=REMOVED)
    StatusChange.private_objects.filter(appeal=locked).exclude(note="").update(note="")
    Connection.private_objects.filter(appeal=locked).exclude(description="").update(description="")
    Reminder.outbox.filter(
        Q(subject_type=ContentType.objects.get_for_model(Appeal), subject_id=str(locked.pk)),
        ~Q(kind=RETENTION_KIND),
    ).update(email_body="", recipients=[])
    locked.grounds = REMOVED
    locked.late_reason = ""
    locked.anonymised_at = now
    locked.save(update_fields=["grounds", "late_reason", "anonymised_at"])
    hearings_cleared = _clear_hearing_notes(locked)
    audit.record(
        "appeals.appeal.anonymise",
        locked,
        by=by,
        changes={
            "anonymised_at": [None, now],
            "documents_deleted": [None, len(documents)],
            "evidence_links_deleted": [None, links],
            "hearing_notes_cleared": [None, hearings_cleared],
        },
        note=(
            f"Personal data anonymised: the retention period of "
            f"{_years()} after determination "
            f"({govuk_date(locked.determined_on)}) ended on {govuk_date(locked.retain_until)}"
        ),
    )
    return True


def _clear_hearing_notes(appeal: Appeal) -> int:
    """The clerk's notes of a hearing (a grouped hearing's group stage, where the families
    spoke together) go once every appeal heard there is anonymised; until then the others'
    records still need them. Returns how many hearings' notes were cleared."""
    cleared = 0
    for hearing in Hearing.hearings.filter(listings__appeal=appeal).distinct():
        if hearing.listings.filter(appeal__anonymised_at=None).exists():
            continue
        if hearing.notes:
            hearing.notes = ""
            hearing.save(update_fields=["notes"])
            cleared += 1
    return cleared
