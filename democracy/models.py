"""Foundation models every app builds on: accounts, the audit log, the reminders outbox and the
days the statutory calendar must treat as non-working beyond bank holidays.

Nothing here imports an app; apps point at these models, never the other way round.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, RangeOperators
from django.db import models
from django.db.models import Q
from django.utils import timezone

from democracy.text_limits import SHORT, LimitedTextField


class User(AbstractUser):
    """A person who signs in: officer, manager, councillor or appeals panellist.

    Roles are Django Groups (see ``democracy.roles``). Councillors are linked from
    ``members.Councillor.user``.
    """

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )


class AuditEvent(models.Model):
    """One change a council may have to evidence: who, when, what object, what changed.

    Rows are written by ``democracy.audit.record`` inside the service's own transaction, so the
    change and its record commit or roll back together. A database trigger (migration 0002)
    refuses UPDATE and DELETE on this table: the log is append-only.

    The log is personal data (who did what, and the before and after of private records), so it
    has no plain ``objects``: ``private_objects`` says at every use that nothing of it is public.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        "democracy.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the system acted (a scheduled task or a management command).",
    )
    actor_name = models.CharField(max_length=150, help_text="The actor's name at the time.")
    action = models.CharField(max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=255)
    changes = models.JSONField(default=dict, blank=True, help_text="Field name to [before, after].")
    note = LimitedTextField(max_length=SHORT, blank=True)
    public = models.BooleanField(
        db_default=True,
        help_text="The change may alter what the public sees (it replaces the cached public pages).",
    )

    private_objects = AuditEventQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"]),
            # The public page cache's version: the newest public change (democracy.public_cache).
            models.Index(fields=["-id"], condition=Q(public=True), name="audit_public_version"),
        ]
        verbose_name = "audit event"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.action} {self.object_repr}"


class Reminder(models.Model):
    """A notice that falls due on a date: the outbox row behind every reminder email.

    The key (subject, kind, due date) is unique, so however many times a source derives the same
    reminder, one row exists. A tick claims due rows with a conditional UPDATE and marks each sent
    only after the email has gone, so a retry, a duplicate tick or a restarted worker never sends
    twice; a claim whose worker died lapses after ``REMINDER_LEASE_SECONDS`` and is retried.
    """

    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=80)
    due_on = models.DateField(help_text="The statutory or business date the notice is about.")
    send_at = models.DateTimeField(db_index=True, help_text="When the notice becomes due to send.")
    recipients = ArrayField(models.EmailField(), help_text="Email addresses to send to.")
    email_subject = models.CharField(max_length=200)
    email_body = models.TextField()

    created_at = models.DateTimeField(default=timezone.now)
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = LimitedTextField(max_length=SHORT, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["send_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind", "due_on"],
                name="reminder_unique_subject_kind_due_on",
            ),
        ]
        indexes = [
            models.Index(
                fields=["send_at"],
                name="reminder_pending_idx",
                condition=models.Q(sent_at__isnull=True, cancelled_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.subject_type.model} {self.subject_id} due {self.due_on}"

    @property
    def status(self) -> str:
        if self.sent_at:
            return "sent"
        if self.cancelled_at:
            return "cancelled"
        if self.claimed_until and self.claimed_until > timezone.now():
            return "sending"
        return "pending"


class NonWorkingDay(models.Model):
    """A day the statutory calendar treats as non-working beyond weekends and bank holidays.

    Days appointed for public thanksgiving or mourning are dies non for elections (SI 2006/3304
    Sch 2 r 2; RPA 1983 Sch 1 r 2) and, under most constitutions, for meetings' clear days.
    Council-designated days (Kettering's definition of clear working days) affect meetings only:
    a council cannot change an election timetable.
    """

    class Kind(models.TextChoices):
        THANKSGIVING_OR_MOURNING = (
            "thanksgiving_or_mourning",
            "Day appointed for public thanksgiving or mourning",
        )
        COUNCIL_DESIGNATED = "council_designated", "Day designated by the council"

    date = models.DateField()
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date", "kind"], name="non_working_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date:%-d %B %Y}: {self.description}"


class Venue(models.Model):
    """A building where meetings, appeal hearings and member surgeries take place."""

    name = models.CharField(max_length=150, unique=True)
    address = LimitedTextField(max_length=SHORT)
    accessibility = LimitedTextField(
        max_length=SHORT,
        blank=True,
        help_text="Step-free access, hearing loop, parking: shown to the public.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=150)
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["venue__name", "name"]
        constraints = [models.UniqueConstraint(fields=["venue", "name"], name="room_unique_name")]

    def __str__(self) -> str:
        return f"{self.name}, {self.venue}"


def _singleton(field: str) -> models.Func:
    return models.Func(models.F(field), models.F(field), models.Value("[]"), function="int8range")


class RoomBooking(models.Model):
    """A room held for a time: two live bookings of one room can never overlap (the database
    refuses them), which is how meetings, hearings and surgeries detect clashes."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    title = models.CharField(max_length=200)
    booked_for_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    booked_for_id = models.CharField(max_length=64, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="room_booking_ends_after_start",
            ),
            ExclusionConstraint(
                name="room_booking_no_clash",
                expressions=[
                    (_singleton("room"), RangeOperators.OVERLAPS),
                    (
                        models.Func(
                            models.F("starts_at"),
                            models.F("ends_at"),
                            models.Value("[)"),
                            function="tstzrange",
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=models.Q(cancelled_at__isnull=True),
                violation_error_message="The room is already booked for part of that time.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room}: {self.title}"
