"""Public participation: a member of the public asks a question or asks to speak (present a
deputation) at an upcoming meeting, without an account; an officer accepts or declines it.

The deadline is the constitution's, in working days before the meeting, counted in the council's
meeting calendar (``meetings.rules.participation``). A late submission is refused with the date
it had to arrive by. The asker is emailed through the outbox when the submission is received and
when it is decided (a decline with its reason). Every write is audited; the audit row of a
submission holds neither the email nor the text (only the kind and the status), and only an
accepted submission changes what the public sees (``meetings.cache_scope``).
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.urls import reverse
from django.utils import timezone

from democracy import audit
from democracy.constitution import period
from democracy.council import meeting_calendar
from democracy.models import Reminder
from meetings.models import AgendaItem, Meeting, PublicSubmission
from meetings.models.meetings import local_midnight
from meetings.rules import participation as rules
from meetings.services.agenda import rebuild_packs_if_published
from meetings.services.clearance import enqueue

ACKNOWLEDGED_KIND = "meetings.participation.received"
ACCEPTED_KIND = "meetings.participation.accepted"
DECLINED_KIND = "meetings.participation.declined"

DEADLINE_PERIODS = {
    PublicSubmission.Kind.QUESTION: "public_question_deadline_working_days",
    PublicSubmission.Kind.DEPUTATION: "deputation_deadline_working_days",
}
OPEN_STATUSES = (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED)


def deadline_for(meeting: Meeting, kind: str) -> date:
    """The last day a submission of ``kind`` may reach the council for ``meeting``."""
    return rules.submission_deadline(
        meeting.date,
        working_days=period(DEADLINE_PERIODS[PublicSubmission.Kind(kind)]),
        calendar=meeting_calendar(),
    )


def takes_submissions(meeting: Meeting, *, today: date | None = None) -> bool:
    """Whether the meeting is still to come (not cancelled, postponed or held): the public may
    ask, though a submission after the deadline is refused with its date."""
    today = today or timezone.localdate()
    return meeting.status in OPEN_STATUSES and meeting.date >= today


def items_for(meeting: Meeting):
    """The agenda items a submission may be about: the published agenda's items taken in
    public (none before the agenda is published)."""
    return (
        AgendaItem.all_objects.public()
        .filter(meeting=meeting, is_private=False, parent__isnull=True)
        .order_by("position")
    )


def _govuk(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _describe(meeting: Meeting) -> str:
    return f"{meeting.committee.name} on {_govuk(meeting.date)}"


def _link(path: str) -> str:
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))


def _email(submission: PublicSubmission, *, kind: str, subject: str, body: str) -> Reminder:
    """One outbox row for the asker (unique: the submission and ``kind``), sent once the change
    commits; the periodic tick sends it if the queue is down."""
    now = timezone.now()
    row, created = Reminder.outbox.get_or_create(
        subject_type=ContentType.objects.get_for_model(PublicSubmission, for_concrete_model=False),
        subject_id=str(submission.pk),
        kind=kind,
        due_on=timezone.localdate(now),
        defaults={
            "send_at": now,
            "recipients": [submission.email],
            "email_subject": subject[:200],
            "email_body": body,
        },
    )
    if created:
        transaction.on_commit(lambda pk=row.pk: enqueue(pk))
    return row


def _noun(submission: PublicSubmission) -> str:
    return "question" if submission.kind == PublicSubmission.Kind.QUESTION else "request to speak"


@transaction.atomic
def submission_create(
    *,
    meeting: Meeting,
    kind: str,
    name: str,
    email: str,
    text: str,
    publish_name: bool,
    agenda_item: AgendaItem | None = None,
    today: date | None = None,
) -> PublicSubmission:
    """Record a question or request to speak from a member of the public and email them an
    acknowledgement. Refused, naming the field, when the meeting is not to come, the item is
    not on its public agenda, or the deadline has passed (with the date it had to arrive by)."""
    today = today or timezone.localdate()
    kind = PublicSubmission.Kind(kind)
    if not takes_submissions(meeting, today=today):
        raise ValidationError(
            "This meeting has already taken place or has been cancelled: it takes no more "
            "questions or requests to speak"
        )
    deadline = deadline_for(meeting, kind)
    if rules.is_late(today, deadline):
        what = "Questions" if kind == PublicSubmission.Kind.QUESTION else "Requests to speak"
        raise ValidationError(
            f"{what} for this meeting had to reach us by {_govuk(deadline)}: the deadline "
            "has passed"
        )
    for field, value, message in (
        ("name", name, "Enter your full name"),
        ("email", email, "Enter your email address"),
        ("text", text, "Enter your question or the subject you want to speak about"),
    ):
        if not value.strip():
            raise ValidationError({field: message})
    if agenda_item is not None and not items_for(meeting).filter(pk=agenda_item.pk).exists():
        raise ValidationError({"agenda_item": "Choose an item from this meeting's agenda"})
    submission = PublicSubmission(
        meeting=meeting,
        agenda_item=agenda_item,
        kind=kind,
        name=name.strip(),
        email=email.strip(),
        text=text.strip(),
        publish_name=publish_name,
    )
    submission.full_clean()
    submission.save()
    audit.record(
        f"meetings.publicsubmission.{kind}",
        submission,
        by=None,
        changes={"status": [None, submission.status]},
    )
    link = _link(reverse("meetings:public-meeting-short", args=[meeting.pk]))
    _email(
        submission,
        kind=ACKNOWLEDGED_KIND,
        subject=f"We have received your {_noun(submission)}: {_describe(meeting)}",
        body=(
            f"Dear {submission.name},\n\nThank you. We have received your {_noun(submission)} "
            f"for the meeting of {_describe(meeting)}:\n\n{submission.text}\n\n"
            "An officer will check it against the council's public participation scheme and "
            "email you to say whether it has been accepted.\n\n"
            f"The meeting: {link}\n\n{settings.COUNCIL_NAME}\n"
        ),
    )
    return submission


def _decide(submission: PublicSubmission, *, status: str, reason: str, by) -> PublicSubmission:
    submission = PublicSubmission.all_objects.select_for_update().get(pk=submission.pk)
    if submission.status != PublicSubmission.Status.PENDING:
        raise ValidationError(f"This {_noun(submission)} has already been decided")
    before = submission.status
    submission.status = status
    submission.decline_reason = reason.strip()
    submission.decided_at = timezone.now()
    submission.decided_by = by
    submission.full_clean()
    submission.save()
    audit.record(
        f"meetings.publicsubmission.{'accept' if status == 'accepted' else 'decline'}",
        submission,
        by=by,
        changes={"status": [before, status]},
    )
    return submission


@transaction.atomic
def submission_accept(*, submission: PublicSubmission, by) -> PublicSubmission:
    """Accept a question or request to speak: it is listed on the public meeting page and in
    the agenda (the asker's name only if they agreed), and the asker is told by email."""
    submission = _decide(submission, status=PublicSubmission.Status.ACCEPTED, reason="", by=by)
    meeting = submission.meeting
    # The agenda pack's front sheet lists the accepted questions: a published one is rebuilt.
    rebuild_packs_if_published(meeting)
    if submission.kind == PublicSubmission.Kind.DEPUTATION:
        detail = (
            f"You may speak for up to {period('public_speaking_minutes')} minutes. Please "
            "arrive before the meeting starts and tell the clerk you are here."
        )
    else:
        detail = "Your question will be put at the meeting and answered there."
    _email(
        submission,
        kind=ACCEPTED_KIND,
        subject=f"Your {_noun(submission)} has been accepted: {_describe(meeting)}",
        body=(
            f"Dear {submission.name},\n\nYour {_noun(submission)} for the meeting of "
            f"{_describe(meeting)} has been accepted. {detail}\n\n{settings.COUNCIL_NAME}\n"
        ),
    )
    return submission


@transaction.atomic
def submission_decline(*, submission: PublicSubmission, reason: str, by) -> PublicSubmission:
    """Decline a question or request to speak with the reason, which the asker is emailed.
    Nothing of a declined submission is ever public."""
    if not reason.strip():
        raise ValidationError({"decline_reason": "Give the reason for declining it"})
    submission = _decide(submission, status=PublicSubmission.Status.DECLINED, reason=reason, by=by)
    meeting = submission.meeting
    _email(
        submission,
        kind=DECLINED_KIND,
        subject=f"Your {_noun(submission)} has not been accepted: {_describe(meeting)}",
        body=(
            f"Dear {submission.name},\n\nWe are sorry: your {_noun(submission)} for the meeting "
            f"of {_describe(meeting)} has not been accepted.\n\nThe reason:\n"
            f"{submission.decline_reason}\n\n{settings.COUNCIL_NAME}\n"
        ),
    )
    return submission


ERASED_REASON = "Erased at the end of the retention period"


@transaction.atomic
def submissions_erase_expired(*, today: date | None = None) -> int:
    """Erase the personal data of questions and requests to speak to meetings held more than the
    constitution's ``public_participation_retention_days`` ago (UK GDPR Art 5(1)(e), storage
    limitation): every email address, a name the person did not agree to publish, and the text
    of anything not accepted (an accepted question stays, with a name they agreed to publish, as
    part of the meeting's public record). The outbox emails sent to them lose their address and
    body; any still unsent are cancelled. Each submission once, audited without its content.
    Returns how many were erased."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=period("public_participation_retention_days"))
    due = list(
        PublicSubmission.all_objects.select_for_update()
        .filter(personal_data_erased_at__isnull=True, meeting__starts_at__lt=local_midnight(cutoff))
        .order_by("pk")
    )
    if not due:
        return 0
    ids = [s.pk for s in due]
    now = timezone.now()
    accepted = PublicSubmission.Status.ACCEPTED
    PublicSubmission.all_objects.filter(pk__in=ids).update(
        email="",
        name=Case(When(status=accepted, publish_name=True, then=F("name")), default=Value("")),
        text=Case(
            When(status=accepted, then=F("text")),
            default=Value(""),
            output_field=PublicSubmission._meta.get_field("text"),
        ),
        decline_reason=Case(
            When(status=PublicSubmission.Status.DECLINED, then=Value(ERASED_REASON)),
            default=Value(""),
            output_field=PublicSubmission._meta.get_field("decline_reason"),
        ),
        personal_data_erased_at=now,
    )
    emails = Reminder.outbox.filter(
        subject_type=ContentType.objects.get_for_model(PublicSubmission, for_concrete_model=False),
        subject_id__in=[str(pk) for pk in ids],
    )
    emails.filter(sent_at__isnull=True, cancelled_at__isnull=True).update(cancelled_at=now)
    emails.update(recipients=[], email_body="")
    for submission in due:
        audit.record(
            "meetings.publicsubmission.erase",
            submission,
            by=None,
            changes={"personal_data": ["kept", "erased"]},
        )
    return len(due)
