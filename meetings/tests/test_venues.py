"""Room bookings and clash detection (democracy/venues.py), shared by meetings, hearings and
surgeries: the check in the service names the clash, and the database's exclusion constraint
refuses an overlap that slips past the check when two bookings race."""

from __future__ import annotations

import threading
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from democracy import venues
from democracy.models import AuditEvent, RoomBooking
from meetings.tests.factories_meetings import make_room, moment

DAY = date(2026, 6, 16)


def book(room, start: time, end: time, title: str = "Planning Committee", day: date = DAY):
    return venues.book_room(
        room=room, starts_at=moment(day, start), ends_at=moment(day, end), title=title, by=None
    )


@pytest.fixture
def room(db):
    return make_room()


def test_a_booking_holds_the_room_and_is_audited(room):
    booking = book(room, time(18, 30), time(21, 0))
    assert booking.room == room and booking.cancelled_at is None
    event = AuditEvent.private_objects.get(action="democracy.room_booking.create")
    assert event.object_id == str(booking.pk)
    assert event.changes["room"] == [None, "Council Chamber, Town Hall"]


def test_an_overlapping_booking_is_refused_naming_the_clash(room):
    book(room, time(18, 30), time(21, 0), title="Licensing Committee")
    with pytest.raises(ValidationError) as caught:
        book(room, time(20, 0), time(22, 0))
    assert caught.value.message_dict == {
        "room": [
            "Council Chamber, Town Hall is already booked for Licensing Committee on 16 June 2026 "
            "from 6:30pm to 9pm"
        ]
    }
    assert RoomBooking.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "end"),
    [(time(17, 0), time(18, 30)), (time(21, 0), time(22, 0))],
    ids=["ends as the other starts", "starts as the other ends"],
)
def test_back_to_back_bookings_do_not_clash(room, start, end):
    book(room, time(18, 30), time(21, 0))
    book(room, start, end, title="Cabinet")
    assert RoomBooking.objects.count() == 2


def test_other_rooms_and_cancelled_bookings_do_not_clash(room):
    other = make_room("Committee Room 1")
    first = book(room, time(18, 30), time(21, 0))
    book(other, time(18, 30), time(21, 0))
    venues.cancel_booking(booking=first, by=None)
    book(room, time(19, 0), time(20, 0), title="Cabinet")
    assert list(venues.clashes(room, moment(DAY, time(18, 0)), moment(DAY, time(22, 0)))) == [
        RoomBooking.objects.get(title="Cabinet")
    ]
    assert "democracy.room_booking.cancel" in AuditEvent.private_objects.values_list(
        "action", flat=True
    )


def test_a_booking_must_end_after_it_starts(room):
    with pytest.raises(ValidationError) as caught:
        book(room, time(21, 0), time(18, 30))
    assert set(caught.value.message_dict) == {"ends_at"}


def test_moving_a_booking_ignores_itself_but_not_others(room):
    booking = book(room, time(18, 30), time(21, 0))
    book(room, time(14, 0), time(16, 0), title="Audit and Governance Committee")
    venues.move_booking(
        booking=booking,
        room=room,
        starts_at=moment(DAY, time(18, 0)),
        ends_at=moment(DAY, time(21, 30)),
        by=None,
    )
    with pytest.raises(ValidationError, match="Audit and Governance Committee"):
        venues.move_booking(
            booking=booking,
            room=room,
            starts_at=moment(DAY, time(15, 0)),
            ends_at=moment(DAY, time(17, 0)),
            by=None,
        )
    booking.refresh_from_db()
    assert timezone.localtime(booking.starts_at).time() == time(18, 0)
    event = AuditEvent.private_objects.get(action="democracy.room_booking.move")
    assert set(event.changes) == {"starts_at", "ends_at"}


def test_the_database_refuses_an_overlap_that_skips_the_check(room):
    book(room, time(18, 30), time(21, 0))
    with pytest.raises(IntegrityError, match="room_booking_no_clash"), transaction.atomic():
        RoomBooking.objects.create(
            room=room,
            starts_at=moment(DAY, time(20, 0)),
            ends_at=moment(DAY, time(22, 0)),
            title="Sneaked in",
        )


@pytest.mark.django_db(transaction=True)
def test_two_bookings_racing_for_the_room_one_wins_and_the_other_is_told_why():
    """Another request inserts an overlapping booking after our clash check and commits while
    our insert waits on it: the exclusion constraint refuses ours, and the service reports the
    booking that won, on the room field, rather than failing with a database error."""
    room = make_room()
    inserted, release, done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def other_request():
        try:
            with transaction.atomic():
                RoomBooking.objects.create(
                    room=room,
                    starts_at=moment(DAY, time(18, 0)),
                    ends_at=moment(DAY, time(20, 0)),
                    title="Licensing Committee",
                )
                inserted.set()
                release.wait(timeout=10)
        except BaseException as exc:  # reported to the test thread
            errors.append(exc)
            inserted.set()
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=other_request)
    thread.start()
    assert inserted.wait(timeout=10)
    # The other booking is not committed, so our check sees no clash; our insert then waits on
    # the constraint until the other transaction ends. Let it commit a moment after we start.
    threading.Timer(0.5, release.set).start()
    with pytest.raises(ValidationError) as caught:
        book(room, time(19, 0), time(21, 0))
    assert done.wait(timeout=10)
    thread.join()
    assert errors == []
    assert caught.value.message_dict == {
        "room": [
            "Council Chamber, Town Hall is already booked for Licensing Committee on 16 June 2026 "
            "from 6pm to 8pm"
        ]
    }
    assert list(RoomBooking.objects.values_list("title", flat=True)) == ["Licensing Committee"]
