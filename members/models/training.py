"""Member development: training modules, events, and councillors' bookings and attendance.

A committee may require a module (``meetings.Committee.required_training``); appointing a
councillor who has not attended it is warned about, not refused.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from democracy.permissions import has_role
from democracy.roles import Role
from democracy.text_limits import LONG, SHORT, LimitedTextField


class TrainingModule(models.Model):
    name = models.CharField(max_length=150, unique=True)
    description = LimitedTextField(max_length=LONG, blank=True)
    mandatory = models.BooleanField(
        default=False, help_text="Every councillor must attend it (for example an induction)."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TrainingEventQuerySet(models.QuerySet):
    def upcoming(self, now=None) -> TrainingEventQuerySet:
        return self.filter(starts_at__gte=now or timezone.now())


class TrainingEvent(models.Model):
    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="events")
    starts_at = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)
    online = models.BooleanField(default=False)
    cost = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text="The cost to the council per event, in pounds.",
    )
    capacity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    trainer = models.CharField(max_length=150, blank=True)

    objects = TrainingEventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(venue="") | models.Q(online=True),
                name="training_event_has_a_place",
                violation_error_message="Enter a venue or say that the event is online.",
            )
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.module}, {local:%-d %B %Y}"

    @property
    def where(self) -> str:
        return "Online" if self.online and not self.venue else self.venue


class TrainingBookingQuerySet(models.QuerySet):
    def visible_to(self, user) -> TrainingBookingQuerySet:
        """Officers see every booking (and its feedback); a councillor only their own."""
        if has_role(user, Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER):
            return self
        if getattr(user, "is_authenticated", False):
            return self.filter(councillor__user=user)
        return self.none()


class TrainingBooking(models.Model):
    """A councillor's place on an event, their attendance and their feedback (personal data:
    no plain ``objects`` manager)."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        ATTENDED = "attended", "Attended"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"
        CANCELLED = "cancelled", "Cancelled"

    councillor = models.ForeignKey(
        "members.Councillor", on_delete=models.CASCADE, related_name="training_bookings"
    )
    event = models.ForeignKey(TrainingEvent, on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BOOKED)
    booked_at = models.DateTimeField(default=timezone.now)
    rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 (poor) to 5 (excellent).",
    )
    comments = LimitedTextField(max_length=SHORT, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = LimitedTextField(
        max_length=SHORT, blank=True, help_text="Why the councillor cancelled their place."
    )

    all_objects = TrainingBookingQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        ordering = ["event__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["councillor", "event"], name="training_booking_once")
        ]

    def __str__(self) -> str:
        return f"{self.councillor.full_name} on {self.event}"
