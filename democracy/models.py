"""Foundation models every app builds on: accounts, the audit log, the reminders outbox and the
days the statutory calendar must treat as non-working beyond bank holidays.

Nothing here imports an app; apps point at these models, never the other way round.
"""

from __future__ import annotations

from datetime import time

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, RangeOperators
from django.core.validators import MinValueValidator
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

    # Recipients' email addresses and the emails themselves: no public route reads the outbox.
    outbox = models.Manager()

    class Meta:
        default_manager_name = "outbox"
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
    retired_on = models.DateField(
        null=True,
        blank=True,
        help_text="No longer used from this day: its rooms cannot be booked; past bookings stay.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=150)
    capacity = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many people the room seats."
    )
    accessibility = LimitedTextField(
        max_length=SHORT,
        blank=True,
        help_text="What this room offers beyond the building's access: a hearing loop, a "
        "lowered table, where the accessible toilet is.",
    )
    retired_on = models.DateField(
        null=True, blank=True, help_text="No longer booked from this day; past bookings stay."
    )

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


def _statutory(name: str) -> int:
    from democracy.statutory import PERIODS

    return PERIODS[name].default


def _period_field(name: str, label: str, help_text: str = "", **kwargs) -> models.Field:
    """A whole number of days (or members, pounds, minutes) whose name is the period's in
    ``democracy.statutory.PERIODS``, defaulting to its English value."""
    return models.PositiveSmallIntegerField(
        label, default=_statutory(name), help_text=help_text, **kwargs
    )


def _flag_field(name: str, label: str, help_text: str = "") -> models.Field:
    return models.BooleanField(label, default=bool(_statutory(name)), help_text=help_text)


def _default_sign_offs() -> list[str]:
    return ["Legal", "Finance", "Director"]


class Constitution(models.Model):
    """The council's constitution as data: the periods, thresholds and procedures it sets.

    One row (this installation serves one council; the database refuses a second). Every app
    reads it through ``democracy.constitution`` (``period(name)``, ``sign_off_chain()``…), never
    directly, and a manager changes it through ``constitution_update``, which refuses a value
    the law forbids (a notice period below its statutory floor) and audits the change. Field
    names are the period names of ``democracy.statutory.PERIODS``, where each cites its source.
    """

    # --- Call-in (LGA 2000 s9F; the procedure is the constitution's) ---
    call_in_working_days = _period_field(
        "call_in_working_days",
        "Call-in period (working days after the decision is published)",
        "A decision cannot be implemented until this many working days have passed.",
    )
    call_in_signatories = _period_field(
        "call_in_signatories",
        "Councillors needed to call in a decision",
        "Including the councillor who leads the call-in.",
        validators=[MinValueValidator(1)],
    )
    call_in_signatory_groups = _period_field(
        "call_in_signatory_groups",
        "Political groups the signatories must come from",
        "1 means no quota: the signatories may all be from one group.",
        validators=[MinValueValidator(1)],
    )
    call_in_scrutiny_members_only = _flag_field(
        "call_in_scrutiny_members_only",
        "Only members of an overview and scrutiny committee may call in",
        "Untick to let any councillor who is not on the executive call in a decision.",
    )

    # --- Reports ---
    report_sign_offs = ArrayField(
        models.CharField(max_length=60),
        default=_default_sign_offs,
        blank=True,
        verbose_name="Report sign-off chain",
        help_text="The sign-offs a report needs before it is ready, in order.",
    )
    report_deadline_working_days = _period_field(
        "report_deadline_working_days",
        "Report deadline (working days before the agenda is published)",
    )

    # --- Committees and meetings ---
    substitutes_same_group = _flag_field(
        "substitutes_same_group",
        "A substitute must be from the absent member's political group",
        "The default for every committee; a committee may set its own rule.",
    )
    remote_attendance_counts_for_quorum = _flag_field(
        "remote_attendance_counts_for_quorum",
        "Members attending remotely count towards the quorum",
        "In England they do not (Hertfordshire CC v SSHCLG [2021] EWHC 1093 (Admin)).",
    )
    meeting_start_time = models.TimeField("Usual start time of a meeting", default=time(18, 30))
    meeting_duration_minutes = _period_field(
        "meeting_duration_minutes",
        "Usual length of a meeting (minutes)",
        "The room is held for this long unless the officer says otherwise.",
        validators=[MinValueValidator(15)],
    )

    # --- Public participation ---
    public_question_deadline_working_days = _period_field(
        "public_question_deadline_working_days",
        "Deadline for public questions (working days before the meeting)",
    )
    deputation_deadline_working_days = _period_field(
        "deputation_deadline_working_days",
        "Deadline to ask to speak or present a deputation (working days before the meeting)",
    )
    public_speaking_minutes = _period_field(
        "public_speaking_minutes",
        "Time each member of the public may speak (minutes)",
        validators=[MinValueValidator(1)],
    )
    public_participation_retention_days = _period_field(
        "public_participation_retention_days",
        "Days after the meeting that the personal data of questions and requests to speak is kept",
        "Then the email address, a name the person did not agree to publish and anything not "
        "accepted are erased; an accepted question stays, as it is part of the meeting's record.",
        validators=[MinValueValidator(1)],
    )

    # --- Publication ---
    agenda_clear_days = _period_field(
        "agenda_clear_days",
        "Agenda publication (clear working days before the meeting)",
        "You may set more days than the law's minimum, never fewer.",
    )
    meeting_notice_clear_days = _period_field(
        "meeting_notice_clear_days", "Public notice of a meeting (clear working days before it)"
    )
    decision_publication_working_days = _period_field(
        "decision_publication_working_days",
        "Decision notices published within (working days of the decision)",
    )
    draft_minutes_working_days = _period_field(
        "draft_minutes_working_days", "Draft minutes published within (working days of the meeting)"
    )
    meeting_calendar_excludes_christmas_eve = _flag_field(
        "meeting_calendar_excludes_christmas_eve",
        "Christmas Eve is not a working day when counting clear days",
    )

    # --- Executive decisions (SI 2012/2089) ---
    key_decision_notice_clear_days = _period_field(
        "key_decision_notice_clear_days", "Notice of a key decision (clear days before it)"
    )
    private_meeting_notice_clear_days = _period_field(
        "private_meeting_notice_clear_days",
        "Notice of intention to meet in private (clear days before the meeting)",
    )
    private_meeting_final_notice_clear_days = _period_field(
        "private_meeting_final_notice_clear_days",
        "Further notice of a private meeting (clear days before it)",
    )
    general_exception_clear_days = _period_field(
        "general_exception_clear_days",
        "General exception notice (clear days before the decision)",
    )
    long_notice_clear_days_are_working_days = _flag_field(
        "long_notice_clear_days_are_working_days",
        "Count the 28 clear days of notices in working days, not calendar days",
    )
    short_notice_clear_days_are_working_days = _flag_field(
        "short_notice_clear_days_are_working_days",
        "Count the five clear days of further and general exception notices in working days",
    )

    # --- Members' conduct ---
    interest_registration_days = _period_field(
        "interest_registration_days",
        "Days a new member has to register their interests",
    )
    interest_change_days = _period_field(
        "interest_change_days", "Days a member has to register a new or changed interest"
    )
    interest_reminder_days = _period_field(
        "interest_reminder_days", "Remind members this many days before the interests deadline"
    )
    gift_registration_days = _period_field(
        "gift_registration_days", "Days a member has to register a gift or hospitality"
    )
    gift_threshold_pounds = _period_field(
        "gift_threshold_pounds", "Gifts and hospitality worth at least this must be registered (£)"
    )

    # --- Members' allowances (the council's scheme under SI 2003/1021) ---
    allowances_withhold_during_suspension = models.BooleanField(
        "Withhold allowances while a member is suspended",
        default=True,
        help_text="SI 2003/1021 reg 4(3): the scheme may withhold them; the choice is the council's.",
    )
    allowances_cost_centre = models.CharField(
        "Cost centre for a member with none of their own",
        max_length=30,
        blank=True,
        default="",
        help_text="Used in the payroll export. Leave blank for none.",
    )

    # --- Education appeals (the council's own policy) ---
    appeals_evidence_link_days = models.PositiveSmallIntegerField(
        "Days an evidence link emailed to a family stays valid",
        default=28,
        validators=[MinValueValidator(1)],
    )
    appeals_panel_training_months = models.PositiveSmallIntegerField(
        "Months a panel member's training covers the hearings they sit on",
        default=24,
        validators=[MinValueValidator(1)],
    )
    appeals_panel_access_days = models.PositiveSmallIntegerField(
        "Days after an appeal is decided that a panel member who heard it may open its case",
        default=28,
    )
    appeals_retention_years = models.PositiveSmallIntegerField(
        "Years after an appeal is determined that its personal data is anonymised",
        default=1,
        validators=[MinValueValidator(1)],
        help_text="Your retention schedule's period; no statute sets it.",
    )

    # --- Education appeals: the statutory periods (School Admission Appeals Code 2022, SI
    # 2012/1033, the travel to school guidance). Field names are the period names of
    # appeals.rules.PERIODS, which holds each one's statutory value, limit and source; the appeals
    # app registers those limits with democracy.constitution, so a value the law forbids is
    # refused here like any other. The defaults are the statutory values (a test keeps them so).
    admission_lodging_school_days = models.PositiveSmallIntegerField(
        "Time to lodge an admission appeal (school days after the refusal is notified)",
        default=20,
        validators=[MinValueValidator(1)],
    )
    admission_notice_school_days = models.PositiveSmallIntegerField(
        "Notice of an admission appeal hearing (school days before it)",
        default=10,
        validators=[MinValueValidator(1)],
    )
    admission_decision_letter_school_days = models.PositiveSmallIntegerField(
        "Admission appeal decision letters sent within (school days of the hearing)",
        default=5,
        validators=[MinValueValidator(1)],
    )
    admission_normal_hearing_school_days = models.PositiveSmallIntegerField(
        "Normal-round admission appeals heard within (school days of the lodging deadline)",
        default=40,
        validators=[MinValueValidator(1)],
    )
    admission_late_hearing_school_days = models.PositiveSmallIntegerField(
        "Late admission appeals heard within (school days of being lodged)",
        default=30,
        validators=[MinValueValidator(1)],
    )
    admission_in_year_hearing_school_days = models.PositiveSmallIntegerField(
        "In-year admission appeals heard within (school days of being lodged)",
        default=30,
        validators=[MinValueValidator(1)],
    )
    exclusion_review_school_days = models.PositiveSmallIntegerField(
        "Exclusion reviews held within (school days of the application)",
        default=15,
        validators=[MinValueValidator(1)],
    )
    transport_stage_1_request_working_days = models.PositiveSmallIntegerField(
        "Time to ask for a stage 1 travel review (working days after the decision)",
        default=20,
        validators=[MinValueValidator(1)],
    )
    transport_stage_1_review_working_days = models.PositiveSmallIntegerField(
        "Stage 1 travel reviews decided within (working days of the request)",
        default=20,
        validators=[MinValueValidator(1)],
    )
    transport_stage_2_request_working_days = models.PositiveSmallIntegerField(
        "Time to escalate a travel appeal to stage 2 (working days after the stage 1 decision)",
        default=20,
        validators=[MinValueValidator(1)],
    )
    transport_stage_2_panel_working_days = models.PositiveSmallIntegerField(
        "Stage 2 travel appeals heard within (working days of the request)",
        default=40,
        validators=[MinValueValidator(1)],
    )
    transport_stage_2_decision_working_days = models.PositiveSmallIntegerField(
        "Stage 2 travel decisions written within (working days of the hearing)",
        default=5,
        validators=[MinValueValidator(1)],
    )

    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "constitution"
        verbose_name_plural = "constitution"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="constitution_single_row"),
        ]

    def __str__(self) -> str:
        return "The council's constitution"
