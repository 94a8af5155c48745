"""Room bookings, shared by meetings, appeal hearings and member surgeries."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from democracy import audit
from democracy.dates import govuk_date, govuk_time
from democracy.models import Room, RoomBooking, Venue
from democracy.services import create_audited, update_audited


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


def _check_in_use(room: Room, starts_at: datetime) -> None:
    """A retired room, or a room of a retired venue, cannot be booked from its retirement on."""
    day = timezone.localtime(starts_at).date()
    for retired_on, what in (
        (room.retired_on, str(room)),
        (room.venue.retired_on, str(room.venue)),
    ):
        if retired_on is not None and day >= retired_on:
            raise ValidationError(
                {
                    "room": f"{what} is no longer used from {govuk_date(retired_on)}: choose another room"
                }
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
    _check_in_use(room, starts_at)
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
    _check_in_use(room, starts_at)
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


# --- Managing venues and rooms (the officers' venues screen) ------------------------------------

VENUE_FIELDS = ["name", "address", "accessibility"]
ROOM_FIELDS = ["name", "capacity", "accessibility"]


def _retiring_on(day: date, *, booked_from) -> None:
    if day is None:
        raise ValidationError({"retired_on": "Enter the date it is no longer used from"})
    clash = booked_from.filter(starts_at__date__gte=day).order_by("starts_at").first()
    if clash:
        raise ValidationError(
            {
                "retired_on": f"{clash.room} is booked for {clash.title} on "
                f"{govuk_date(clash.starts_at)}: move or cancel that booking first, or choose a "
                "later date"
            }
        )


@transaction.atomic
def venue_create(*, name: str, address: str, accessibility: str = "", by) -> Venue:
    venue = Venue(name=name.strip(), address=address.strip(), accessibility=accessibility.strip())
    _check_venue_name(venue)
    return create_audited(venue, "democracy.venue.create", by=by, fields=VENUE_FIELDS)


@transaction.atomic
def venue_update(*, venue: Venue, values: dict, by) -> Venue:
    unknown = set(values) - set(VENUE_FIELDS)
    if unknown:
        raise ValueError(f"Not a venue's details: {', '.join(sorted(unknown))}")
    if "name" in values:
        _check_venue_name(Venue(pk=venue.pk, name=values["name"].strip()))
    return update_audited(venue, values, "democracy.venue.update", by=by)


@transaction.atomic
def venue_retire(*, venue: Venue, retired_on: date, by) -> Venue:
    """Stop using a venue (and so all its rooms) from ``retired_on``: refused while any of its
    rooms is booked on or after that day, naming the booking. Past bookings stay."""
    _retiring_on(
        retired_on, booked_from=RoomBooking.objects.filter(room__venue=venue, cancelled_at=None)
    )
    return update_audited(venue, {"retired_on": retired_on}, "democracy.venue.retire", by=by)


@transaction.atomic
def room_create(
    *, venue: Venue, name: str, capacity: int | None = None, accessibility: str = "", by
) -> Room:
    if venue.retired_on is not None:
        raise ValidationError({"name": f"{venue} is no longer used: it cannot have new rooms"})
    room = Room(
        venue=venue, name=name.strip(), capacity=capacity, accessibility=accessibility.strip()
    )
    _check_room_name(room)
    return create_audited(room, "democracy.room.create", by=by, fields=ROOM_FIELDS)


def _check_room_name(room: Room) -> None:
    taken = Room.objects.filter(venue=room.venue_id, name__iexact=room.name).exclude(pk=room.pk)
    if room.name and taken.exists():
        raise ValidationError({"name": f"{room.venue} already has a room called {room.name}"})


def _check_venue_name(venue: Venue) -> None:
    taken = Venue.objects.filter(name__iexact=venue.name).exclude(pk=venue.pk)
    if venue.name and taken.exists():
        raise ValidationError({"name": f"There is already a venue called {venue.name}"})


@transaction.atomic
def room_update(*, room: Room, values: dict, by) -> Room:
    unknown = set(values) - set(ROOM_FIELDS)
    if unknown:
        raise ValueError(f"Not a room's details: {', '.join(sorted(unknown))}")
    if "name" in values:
        _check_room_name(Room(pk=room.pk, venue=room.venue, name=values["name"].strip()))
    return update_audited(room, values, "democracy.room.update", by=by)


@transaction.atomic
def room_retire(*, room: Room, retired_on: date, by) -> Room:
    """Stop booking a room from ``retired_on``: refused while it is booked on or after that
    day, naming the booking. Past bookings stay."""
    _retiring_on(retired_on, booked_from=RoomBooking.objects.filter(room=room, cancelled_at=None))
    return update_audited(room, {"retired_on": retired_on}, "democracy.room.retire", by=by)


def in_use(rooms, on: date):
    """Rooms neither retired nor in a retired venue on ``on``."""
    return rooms.filter(
        models.Q(retired_on__isnull=True) | models.Q(retired_on__gt=on),
        models.Q(venue__retired_on__isnull=True) | models.Q(venue__retired_on__gt=on),
    )
