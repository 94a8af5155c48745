"""Councillor records beyond the register: public profile (photo, biography, public contact
details), suspensions, positions of responsibility and their holders, outside bodies and
appointments to them, and councillors' requests to change their own details.

Dated rows follow the ``Term`` convention (``democracy.validity``): ``start_date`` is the first
day, ``end_date`` the first day *no longer* in the period (empty while it continues), so a
holding that ends when the next begins has ``end_date`` equal to the next ``start_date``.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from democracy.permissions import has_role
from democracy.roles import Role
from democracy.storage import private_storage
from democracy.text_limits import LONG, SHORT, LimitedTextField
from democracy.validity import PeriodMixin, ends_after_start, in_force_on, no_overlap
from members.rules.records import PHOTO_MAX_BYTES, photo_problem

OFFICER_ROLES = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)


def validate_photo(file) -> None:
    """JPEG or PNG, at most ``PHOTO_MAX_BYTES``: checked on the bytes (Pillow), not the name.
    A photo already stored was checked when it was uploaded, so it is not opened again."""
    from PIL import Image, UnidentifiedImageError

    if getattr(file, "_committed", False):
        return
    fmt = None
    try:
        position = file.tell() if hasattr(file, "tell") else 0
        with Image.open(file) as image:
            fmt = image.format
            image.verify()
        file.seek(position)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        fmt = None
    problem = photo_problem(fmt, file.size)
    if problem:
        raise ValidationError(problem)


class PublicProfile(models.Model):
    """What the council publishes about a councillor beyond name, ward and group."""

    councillor = models.OneToOneField(
        "members.Councillor", on_delete=models.CASCADE, related_name="profile"
    )
    photo = models.ImageField(
        upload_to="councillors/photos/",
        # Served by ``members.views.photos``, which checks the member is public, never by URL.
        storage=private_storage,
        blank=True,
        validators=[validate_photo],
        help_text=f"A JPEG or PNG of at most {PHOTO_MAX_BYTES // 1_000_000} MB.",
    )
    biography = LimitedTextField(
        blank=True, max_length=5000, help_text="Plain text; blank lines separate paragraphs."
    )
    postal_address = LimitedTextField(
        max_length=SHORT,
        blank=True,
        help_text="A public correspondence address, for example care of the council.",
    )
    website = models.URLField(blank=True)
    social_media = models.CharField(
        max_length=200, blank=True, help_text="For example a Mastodon or Bluesky handle."
    )

    def __str__(self) -> str:
        return f"Public profile of {self.councillor}"


class SuspensionQuerySet(models.QuerySet):
    def in_force(self, on: date | None = None) -> SuspensionQuerySet:
        return self.filter(in_force_on(on or timezone.localdate()))


class Suspension(PeriodMixin, models.Model):
    """A period in which a councillor is suspended. ``end_date`` is the first day no longer
    suspended; empty while the suspension continues. Read by allowances: a scheme may withhold
    allowances for periods of suspension (SI 2003/1021 reg 4(3))."""

    councillor = models.ForeignKey(
        "members.Councillor", on_delete=models.CASCADE, related_name="suspensions"
    )
    start_date = models.DateField()
    end_date = models.DateField(
        null=True, blank=True, help_text="The first day the councillor is no longer suspended."
    )
    reason = LimitedTextField(max_length=SHORT)

    # The period is public (a suspended councillor's profile says so); the reason is not, so
    # there is no plain objects and the public side (members.public) never loads it.
    all_objects = SuspensionQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=ends_after_start(), name="suspension_ends_after_start"
            ),
            no_overlap(
                "suspension_no_overlap",
                "councillor",
                message="This councillor is already suspended for part of that period.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.councillor.full_name} suspended from {self.start_date:%-d %B %Y}"


class Position(models.Model):
    """A position of responsibility (Leader, a cabinet portfolio, Mayor, a committee chair, a
    group leader or whip). Special responsibility allowances are paid per position."""

    class Kind(models.TextChoices):
        LEADER = "leader", "Leader of the Council"
        DEPUTY_LEADER = "deputy_leader", "Deputy Leader of the Council"
        CABINET_MEMBER = "cabinet_member", "Cabinet member"
        MAYOR = "mayor", "Mayor or chair of the council"
        DEPUTY_MAYOR = "deputy_mayor", "Deputy mayor or vice-chair of the council"
        COMMITTEE_CHAIR = "committee_chair", "Committee chair"
        COMMITTEE_VICE_CHAIR = "committee_vice_chair", "Committee vice-chair"
        GROUP_LEADER = "group_leader", "Group leader"
        GROUP_DEPUTY_LEADER = "group_deputy_leader", "Group deputy leader"
        GROUP_WHIP = "group_whip", "Group whip"
        OPPOSITION_LEADER = "opposition_leader", "Leader of the opposition"
        OTHER = "other", "Other"

    GROUP_KINDS = frozenset({Kind.GROUP_LEADER, Kind.GROUP_DEPUTY_LEADER, Kind.GROUP_WHIP})

    title = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    portfolio = LimitedTextField(
        max_length=SHORT, blank=True, help_text="The areas a cabinet member covers."
    )
    group = models.ForeignKey(
        "members.PoliticalGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        help_text="The political group, for a group leader, deputy leader or whip.",
    )
    holders = models.PositiveSmallIntegerField(
        default=1, help_text="How many councillors may hold the position at once (usually one)."
    )

    class Meta:
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.kind in self.GROUP_KINDS and self.group_id is None:
            raise ValidationError({"group": "Select the political group this position belongs to."})
        if self.kind not in self.GROUP_KINDS and self.group_id is not None:
            raise ValidationError({"group": "Only group leaders, deputies and whips have a group."})
        if self.holders < 1:
            raise ValidationError({"holders": "A position has at least one holder."})


class PositionHolding(PeriodMixin, models.Model):
    """A councillor holding a position from ``start_date`` until the day before ``end_date``
    (``end_date`` is the first day no longer held; empty while held). A position with
    ``holders == 1`` has one holder at a time (checked in ``members.services.records`` under a
    lock on the position); no councillor holds the same position twice at once (database)."""

    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="holdings")
    councillor = models.ForeignKey(
        "members.Councillor", on_delete=models.CASCADE, related_name="position_holdings"
    )
    start_date = models.DateField()
    end_date = models.DateField(
        null=True, blank=True, help_text="The first day the councillor no longer holds it."
    )

    class Meta:
        ordering = ["position", "-start_date"]
        constraints = [
            models.CheckConstraint(condition=ends_after_start(), name="holding_ends_after_start"),
            no_overlap(
                "holding_no_overlap",
                "position",
                "councillor",
                message="This councillor already holds the position for part of that period.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.councillor.full_name}, {self.position}"


class OutsideBody(models.Model):
    """An organisation the council appoints councillors to (a trust, a partnership, a joint
    committee, a company)."""

    class Kind(models.TextChoices):
        CHARITY = "charity", "Charity or trust"
        PARTNERSHIP = "partnership", "Partnership"
        JOINT_COMMITTEE = "joint_committee", "Joint committee or joint authority"
        COMPANY = "company", "Company"
        ASSOCIATION = "association", "Association of councils"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    description = LimitedTextField(max_length=LONG, blank=True)
    website = models.URLField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "outside bodies"

    def __str__(self) -> str:
        return self.name


class OutsideBodyAppointment(PeriodMixin, models.Model):
    """A councillor appointed to an outside body (``end_date``: first day no longer appointed)."""

    class AppointedBy(models.TextChoices):
        COUNCIL = "council", "Full council"
        EXECUTIVE = "executive", "The executive"

    councillor = models.ForeignKey(
        "members.Councillor", on_delete=models.CASCADE, related_name="outside_appointments"
    )
    body = models.ForeignKey(OutsideBody, on_delete=models.PROTECT, related_name="appointments")
    role = models.CharField(max_length=100, default="Council representative")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    appointed_by = models.CharField(max_length=20, choices=AppointedBy.choices)

    class Meta:
        ordering = ["body", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=ends_after_start(), name="outside_appointment_ends_after_start"
            ),
            no_overlap(
                "outside_appointment_no_overlap",
                "body",
                "councillor",
                message="This councillor is already appointed to that body for part of that period.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.councillor.full_name} on {self.body}"


class DetailsChangeRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> DetailsChangeRequestQuerySet:
        """Officers see every request; a councillor only their own; anyone else none."""
        if has_role(user, *OFFICER_ROLES):
            return self
        if getattr(user, "is_authenticated", False):
            return self.filter(councillor__user=user)
        return self.none()


class DetailsChangeRequest(models.Model):
    """A councillor's proposed new biography and contact details, reviewed by an officer. Holds
    private contact details, so there is no plain ``objects`` manager."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPLIED = "applied", "Applied"
        REJECTED = "rejected", "Not applied"

    councillor = models.ForeignKey(
        "members.Councillor", on_delete=models.CASCADE, related_name="change_requests"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Proposed values: the whole record as the councillor wants it to read.
    biography = LimitedTextField(blank=True, max_length=5000)
    council_phone = models.CharField(max_length=30, blank=True)
    postal_address = LimitedTextField(max_length=SHORT, blank=True)
    website = models.URLField(blank=True)
    social_media = models.CharField(max_length=200, blank=True)
    home_address = LimitedTextField(max_length=SHORT, blank=True)
    personal_email = models.EmailField(blank=True)
    personal_phone = models.CharField(max_length=30, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = LimitedTextField(max_length=SHORT, blank=True)
    # The fields this request changes: only these are applied, so requests queued one after
    # another never undo each other. Empty on requests made before the queue (all fields).
    changed_fields = models.JSONField(default=list, blank=True)
    # What the record held in each changed field at the moment the request was decided (applied
    # or not), so a decided request still shows before and after. Private fields among them are
    # as private as the request itself (officers and the councillor). Empty on requests decided
    # before it was kept, and on pending ones (they compare with the record as it stands).
    values_before = models.JSONField(default=dict, blank=True)

    all_objects = DetailsChangeRequestQuerySet.as_manager()

    PUBLIC_FIELDS = ("biography", "council_phone", "postal_address", "website", "social_media")
    PRIVATE_FIELDS = ("home_address", "personal_email", "personal_phone")

    class Meta:
        default_manager_name = "all_objects"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"Change of details for {self.councillor.full_name}"
