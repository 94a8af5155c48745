"""Reminders: an outbox of dated notices, sent exactly once by a periodic tick.

Apps describe what is due with *sources*: functions of ``today`` that return ``ReminderSpec``s
derived from the database ("the agenda for Planning on 7 May 2026 must be published by
28 April"). Every tick:

1. asks every source again and inserts any reminder not already in the table (the unique key
   subject + kind + due date makes this idempotent), so losing Redis, a tick or a worker loses
   nothing: the next tick derives the same rows from PostgreSQL;
2. claims the rows due now with one conditional UPDATE (``FOR UPDATE SKIP LOCKED`` in the
   sub-select, and the unsent/unclaimed condition re-checked on the row), so two ticks racing
   never hold the same row;
3. sends each claimed row's email, then marks it sent only if the claim is still its own.

A claim is a lease: if the worker dies between claiming and sending, the row is offered again
after ``REMINDER_LEASE_SECONDS``. The one window in which an email can go twice is a crash after
the mail server accepted the message and before ``sent_at`` was written, which no outbox can
close without the mail server's help.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from democracy.models import Reminder

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class ReminderSpec:
    subject: models.Model
    kind: str
    due_on: date
    send_at: datetime
    recipients: Sequence[str]
    email_subject: str
    email_body: str

    def to_row(self) -> Reminder:
        return Reminder(
            subject_type=ContentType.objects.get_for_model(self.subject, for_concrete_model=False),
            subject_id=str(self.subject.pk),
            kind=self.kind,
            due_on=self.due_on,
            send_at=self.send_at,
            recipients=list(self.recipients),
            email_subject=self.email_subject[:200],
            email_body=self.email_body,
        )


ReminderSource = Callable[[date], Iterable[ReminderSpec]]
_sources: list[ReminderSource] = []

# Kinds whose body is written when the email is sent, not when the row is inserted: a row must
# never hold a secret (a password-reset link), since officers and managers can read the outbox.
# The composer returns the body, or None when the email is no longer wanted (the row is then
# cancelled instead of sent).
ReminderComposer = Callable[[Reminder], "str | None"]
_composers: dict[str, ReminderComposer] = {}


def register_composer(kind_prefix: str, composer: ReminderComposer) -> None:
    """Write the body of reminders whose kind starts with ``kind_prefix`` at sending time."""
    _composers[kind_prefix] = composer


def _composer_for(reminder: Reminder) -> ReminderComposer | None:
    return next(
        (compose for prefix, compose in _composers.items() if reminder.kind.startswith(prefix)),
        None,
    )


def register_source(source: ReminderSource) -> ReminderSource:
    """Register a function ``source(today) -> Iterable[ReminderSpec]``; apps call this from
    ``AppConfig.ready``. Usable as a decorator."""
    if source not in _sources:
        _sources.append(source)
    return source


def registered_sources() -> tuple[ReminderSource, ...]:
    return tuple(_sources)


def schedule(specs: Iterable[ReminderSpec]) -> None:
    """Insert the reminders that do not exist yet; existing ones (sent or not) are left alone."""
    rows = [spec.to_row() for spec in specs if spec.recipients]
    Reminder.outbox.bulk_create(rows, ignore_conflicts=True)


def cancel(subject: models.Model, *, kind: str | None = None) -> int:
    """Cancel the unsent reminders about ``subject`` (e.g. a meeting that was cancelled)."""
    pending = Reminder.outbox.filter(
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        subject_id=str(subject.pk),
        sent_at=None,
        cancelled_at=None,
    )
    if kind is not None:
        pending = pending.filter(kind=kind)
    return pending.update(cancelled_at=timezone.now())


def derive(today: date) -> None:
    """Ask every registered source what is due and insert what is new. A failing source is
    logged and skipped so that it cannot hold up everyone else's reminders."""
    for source in registered_sources():
        try:
            schedule(source(today))
        except Exception:
            logger.exception("Reminder source %s failed", getattr(source, "__name__", source))


def _claimable(now: datetime) -> Q:
    return Q(sent_at=None, cancelled_at=None, send_at__lte=now, attempts__lt=MAX_ATTEMPTS) & (
        Q(claimed_until=None) | Q(claimed_until__lt=now)
    )


def claim_due(*, now: datetime, limit: int = 100) -> tuple[uuid.UUID, list[Reminder]]:
    """Claim up to ``limit`` due reminders for this caller with one conditional UPDATE."""
    token = uuid.uuid4()
    lease = timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    with transaction.atomic():
        # The ids are read first: as a subquery of the UPDATE, PostgreSQL may run the LIMIT ...
        # FOR UPDATE SKIP LOCKED select more than once and so claim more than ``limit`` rows.
        candidates = list(
            Reminder.outbox.filter(_claimable(now))
            .order_by("send_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:limit]
        )
        Reminder.outbox.filter(_claimable(now), pk__in=candidates).update(
            claim_token=token, claimed_until=now + lease, attempts=F("attempts") + 1
        )
    return token, list(Reminder.outbox.filter(claim_token=token, sent_at=None))


def send_claimed(reminder: Reminder, token: uuid.UUID) -> bool:
    """Send one claimed reminder and mark it sent; on failure release the claim for a retry."""
    ours = Reminder.outbox.filter(pk=reminder.pk, claim_token=token, sent_at=None)
    # Renew the lease just before sending: if it lapsed and another tick has taken the row,
    # this matches nothing and we must not send.
    lease = timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    if not ours.update(claimed_until=timezone.now() + lease):
        return False
    body = reminder.email_body
    compose = _composer_for(reminder)
    if compose is not None:
        body = compose(reminder)
        if body is None:
            ours.update(cancelled_at=timezone.now(), claim_token=None, claimed_until=None)
            return False
    try:
        EmailMessage(
            subject=reminder.email_subject,
            body=body,
            to=reminder.recipients,
            headers={"X-Reminder-Key": f"{reminder.kind}/{reminder.subject_id}/{reminder.due_on}"},
        ).send()
    except Exception as exc:
        logger.warning("Reminder %s failed to send: %s", reminder.pk, exc)
        ours.update(claim_token=None, claimed_until=None, last_error=str(exc)[:2000])
        return False
    return bool(ours.update(sent_at=timezone.now(), claimed_until=None, last_error=""))


def send_one(reminder_id: int, *, now: datetime | None = None) -> bool:
    """Claim one reminder (if it is due, unsent and unclaimed) and send it: how an email that
    must go at once (a password reset) is sent by a task right after the request commits. The
    same claim as the tick's, so the task, a duplicate of it and the tick racing each other send
    it once; if the task is lost, the next tick sends it."""
    now = now or timezone.now()
    token = uuid.uuid4()
    lease = timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    claimed = Reminder.outbox.filter(_claimable(now), pk=reminder_id).update(
        claim_token=token, claimed_until=now + lease, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    return send_claimed(Reminder.outbox.get(pk=reminder_id), token)


def send_due(*, now: datetime | None = None, limit: int = 100) -> int:
    """Claim and send the reminders due at ``now``; returns how many were sent."""
    token, claimed = claim_due(now=now or timezone.now(), limit=limit)
    return sum(send_claimed(reminder, token) for reminder in claimed)


def tick(*, today: date | None = None, now: datetime | None = None) -> int:
    """One beat: derive what is due from the database, then send it."""
    derive(today or timezone.localdate())
    return send_due(now=now)
