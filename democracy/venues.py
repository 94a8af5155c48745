"""Room bookings, shared by meetings, appeal hearings and member surgeries."""

from __future__ import annotations

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from democracy import audit
from democracy.dates import govuk_date, govuk_time
from democracy.models import Room, RoomBooking


def clashes(
    room: Room, starts_at: datetime, ends_at: datetime, *, ignore: RoomBooking | None = None
):
    """Live bookings of ``room`` overlapping [starts_at, ends_at)."""
    found = RoomBooking.objects.filter(
        room=room, cancelled_at=None, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    return found.exclude(pk=ignore.pk) if ignore else found


def _clash_message(room: Room, clash: RoomBooking) -> str:
    return (
        f"{room} is already booked for {clash.title} on {govuk_date(clash.starts_at)} "
        f"from {govuk_time(clash.starts_at)} to {govuk_time(clash.ends_at)}"
    )


@transaction.atomic
def book_room(
    *,
    room: Room,
    starts_at: datetime,
    ends_at: datetime,
    title: str,
    booked_for: models.Model | None = None,
    by,
) -> RoomBooking:
    """Hold ``room`` from ``starts_at`` to ``ends_at``; refused, naming the clash, if it is taken."""
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The end time must be after the start time."})
    clash = clashes(room, starts_at, ends_at).first()
    if clash:
        raise ValidationError({"room": _clash_message(room, clash)})
    booking = RoomBooking(room=room, starts_at=starts_at, ends_at=ends_at, title=title)
    if booked_for is not None:
        booking.booked_for_type = ContentType.objects.get_for_model(booked_for)
        booking.booked_for_id = str(booked_for.pk)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:  # a booking committed between our check and our insert
        clash = clashes(room, starts_at, ends_at).first()
        raise ValidationError(
            {"room": _clash_message(room, clash) if clash else "The room is taken."}
        ) from None
    audit.record(
        "democracy.room_booking.create",
        booking,
        by=by,
        changes={"room": [None, str(room)], "starts_at": [None, starts_at.isoformat()]},
    )
    return booking


@transaction.atomic
def move_booking(
    *, booking: RoomBooking, room: Room, starts_at: datetime, ends_at: datetime, by
) -> RoomBooking:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The end time must be after the start time."})
    clash = clashes(room, starts_at, ends_at, ignore=booking).first()
    if clash:
        raise ValidationError({"room": _clash_message(room, clash)})
    before = audit.snapshot(booking, ["room", "starts_at", "ends_at"])
    booking.room, booking.starts_at, booking.ends_at = room, starts_at, ends_at
    booking.save(update_fields=["room", "starts_at", "ends_at"])
    audit.record(
        "democracy.room_booking.move",
        booking,
        by=by,
        changes=audit.diff(before, audit.snapshot(booking, ["room", "starts_at", "ends_at"])),
    )
    return booking


@transaction.atomic
def cancel_booking(*, booking: RoomBooking, by) -> None:
    if booking.cancelled_at is None:
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["cancelled_at"])
        audit.record("democracy.room_booking.cancel", booking, by=by)
