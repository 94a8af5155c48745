"""Meetings: when and where a committee meets, and what stage its business has reached."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from democracy.text_limits import SHORT, LimitedTextField

__all__ = ["Meeting", "MeetingSeries"]


class MeetingSeries(models.Model):
    """A committee's cycle of meetings for a municipal year, e.g. Planning Committee 2026/27."""

    committee = models.ForeignKey(
        "meetings.Committee", on_delete=models.PROTECT, related_name="series"
    )
    municipal_year = models.PositiveSmallIntegerField(
        help_text="The year the municipal year starts in: 2026 for 2026/27."
    )

    class Meta:
        ordering = ["-municipal_year", "committee__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "municipal_year"], name="meeting_series_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.municipal_year}/{(self.municipal_year + 1) % 100:02d}"


def local_midnight(day: date) -> datetime:
    """The start of ``day`` in the council's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None) -> MeetingQuerySet:
        return self.filter(starts_at__gte=now or timezone.now()).exclude(
            status__in=[Meeting.Status.CANCELLED, Meeting.Status.POSTPONED]
        )

    def on_or_after(self, day: date) -> MeetingQuerySet:
        return self.on_days(first=day)

    def on_days(self, first: date | None = None, last: date | None = None) -> MeetingQuerySet:
        """Meetings starting on a day from ``first`` to ``last`` (either may be left open), in
        the council's time zone. Filtered on a range of ``starts_at`` (from local midnight to
        the next day's), which its index serves; a date cast of the column cannot use it."""
        found = self
        if first is not None:
            found = found.filter(starts_at__gte=local_midnight(first))
        if last is not None and last < date.max:
            found = found.filter(starts_at__lt=local_midnight(last + timedelta(days=1)))
        return found

    def before_day(self, day: date) -> MeetingQuerySet:
        """Meetings that started on a day before ``day`` (the council's time zone)."""
        return self.filter(starts_at__lt=local_midnight(day))

    def public(self) -> MeetingQuerySet:
        """Every meeting the public may be told of: the time and place of a meeting are public
        from the moment it is scheduled (LGA 1972 s100A(6)(a)); cancelled and postponed ones stay
        listed with their status. The papers are a separate question: ``with_public_agenda``."""
        return self.all()

    def with_public_agenda(self) -> MeetingQuerySet:
        """Meetings whose agenda and public papers are open to inspection (s100B(1)): published,
        whatever happened since (held, cancelled or postponed)."""
        return self.public().filter(agenda_published_at__isnull=False)


class Meeting(models.Model):
    """A meeting of a committee (or of the council, or the executive).

    Its agenda is published no later than the latest lawful date (LGA 1972 s100B(3); see
    ``meetings.rules.publication_deadline``); publishing later, or adding an item after
    publication, needs the chair's reasons of urgency recorded (s100B(4)(b)).
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"

    committee = models.ForeignKey(
        "meetings.Committee", on_delete=models.PROTECT, related_name="meetings"
    )
    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(help_text="When the meeting is expected to end (room booking).")
    room = models.ForeignKey(
        "democracy.Room", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    booking = models.OneToOneField(
        "democracy.RoomBooking",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting",
    )
    location_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="For a venue not in the rooms list, or a remote meeting.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    is_extraordinary = models.BooleanField(
        default=False,
        help_text="Extraordinary meetings do not approve minutes: the next ordinary one does "
        "(SI 1993/202 Sch 2 para 2).",
    )
    webcast_url = models.URLField(blank=True, help_text="Public: the live or recorded webcast.")
    remote_attendance_url = models.URLField(
        blank=True, help_text="Members and officers only: the link to join the meeting."
    )
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    late_publication_reasons = LimitedTextField(
        max_length=SHORT,
        blank=True,
        help_text="The chair's reasons for considering the business although the agenda was "
        "published late (LGA 1972 s100B(4)(b)); recorded in the minutes.",
    )
    status_reason = LimitedTextField(
        max_length=SHORT, blank=True, help_text="Why it was cancelled or postponed."
    )
    record_exception_reasons = LimitedTextField(
        blank=True,
        max_length=SHORT,
        help_text="Why its minutes and decisions were published although no attendance was "
        "recorded or it was not quorate (LGA 1972 Sch 12 paras 6 and 40).",
    )
    postponed_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="postponed_from"
    )
    created_at = models.DateTimeField(default=timezone.now)

    # No plain ``objects``: a meeting carries what is not public (the members' joining link, the
    # papers before publication), so every query chooses ``public()`` or ``all_objects``.
    all_objects = MeetingQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["committee", "starts_at"]),
            # Every public list and the API order and filter on the time alone.
            models.Index(fields=["starts_at", "id"], name="meeting_starts_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
            # One meeting of a committee at a time (a cancelled or postponed one aside).
            models.UniqueConstraint(
                fields=["committee", "starts_at"],
                condition=~Q(status__in=["cancelled", "postponed"]),
                name="meeting_unique_committee_start",
                violation_error_message="The committee already has a meeting at that time.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee}, {timezone.localtime(self.starts_at):%-d %B %Y}"

    def get_absolute_url(self) -> str:
        """The public page: /meetings/<id>/<committee slug>-<yyyy-mm-dd>/."""
        from django.urls import reverse

        return reverse("meetings:public-meeting", args=[self.pk, self.public_slug])

    @property
    def public_slug(self) -> str:
        """``<committee slug>-<yyyy-mm-dd>``: readable only; the id finds the meeting."""
        return f"{self.committee.slug}-{timezone.localdate(self.starts_at):%Y-%m-%d}"

    @property
    def date(self) -> date:
        return timezone.localdate(self.starts_at)

    @property
    def is_published(self) -> bool:
        return self.agenda_published_at is not None
