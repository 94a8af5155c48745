"""Scheduling meetings (single and annual cycles) with room clash detection, rescheduling,
cancelling, postponing and publishing the agenda: the services in meetings/services/meetings.py.

The date arithmetic is pinned to a real case: Nuneaton & Bedworth BC's Planning Committee of
Tuesday 23 April 2019 had to be re-arranged because "the two Easter public holidays were
overlooked" (DOMAIN A1.2). Five clear working days before it, with Good Friday 19 and Easter
Monday 22 April excluded, the agenda had to be out by Thursday 11 April 2019.

The builders it shares with other test modules are in factories_meetings.py.
"""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from democracy.models import AuditEvent, Reminder, RoomBooking
from democracy.roles import Role
from democracy.tests.factories import CommitteeFactory, UserFactory
from meetings.models import Meeting, MeetingSeries
from meetings.services import meetings as meeting_services
from meetings.services import reports as report_services
from meetings.tests.factories_meetings import (
    NUNEATON_PLANNING,
    actions,
    add_item,
    clear_report,
    kinds,
    make_author,
    make_meeting,
    make_report,
    make_room,
    moment,
)

LATEST_PUBLICATION = date(2019, 4, 11)  # Thursday before Good Friday
REPORT_DEADLINE = date(2019, 4, 4)  # five working days before that


@pytest.fixture
def dso(db):
    return UserFactory(username="dso", roles=[Role.DEMOCRATIC_SERVICES_OFFICER])


@pytest.fixture
def planning(db):
    return CommitteeFactory(name="Planning Committee")


# --- meeting_create -----------------------------------------------------------------------------


def test_a_new_meeting_has_the_standard_items(planning, dso):
    meeting = make_meeting(planning, by=dso)
    assert kinds(meeting) == ["apologies", "declarations", "minutes", "urgent_business"]
    assert list(meeting.items.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
    assert meeting.status == Meeting.Status.SCHEDULED
    [event] = AuditEvent.private_objects.filter(action="meetings.meeting.create")
    assert event.actor == dso and event.object_id == str(meeting.pk)
    assert event.changes["committee"] == [None, {"id": planning.pk, "repr": "Planning Committee"}]


def test_an_extraordinary_meeting_does_not_approve_minutes(planning):
    # SI 1993/202 Sch 2 para 2: the next ordinary meeting approves them.
    meeting = make_meeting(planning, is_extraordinary=True)
    assert kinds(meeting) == ["apologies", "declarations", "urgent_business"]


def test_a_meeting_books_its_room(planning, dso):
    room = make_room()
    meeting = make_meeting(planning, room=room, by=dso)
    booking = meeting.booking
    assert (booking.room, booking.starts_at, booking.ends_at) == (
        room,
        meeting.starts_at,
        meeting.ends_at,
    )
    assert booking.title == "Planning Committee"
    assert "democracy.room_booking.create" in actions()


def test_a_room_clash_is_refused_on_the_room_naming_the_other_booking(planning):
    room = make_room()
    make_meeting(CommitteeFactory(name="Licensing Committee"), room=room)
    before = (
        Meeting.all_objects.count(),
        RoomBooking.objects.count(),
        AuditEvent.private_objects.count(),
    )
    with pytest.raises(ValidationError) as caught:
        make_meeting(planning, start=time(19, 0), end=time(22, 0), room=room)
    assert caught.value.message_dict == {
        "room": [
            "Council Chamber, Town Hall is already booked for Licensing Committee on "
            "23 April 2019 from 6:30pm to 9pm"
        ]
    }
    after = (
        Meeting.all_objects.count(),
        RoomBooking.objects.count(),
        AuditEvent.private_objects.count(),
    )
    assert after == before


def test_a_meeting_needs_a_room_or_a_place(planning):
    with pytest.raises(ValidationError) as caught:
        meeting_services.meeting_create(
            committee=planning,
            starts_at=moment(NUNEATON_PLANNING, time(18, 30)),
            ends_at=moment(NUNEATON_PLANNING, time(21, 0)),
            by=None,
        )
    assert set(caught.value.message_dict) == {"room"}
    assert not Meeting.all_objects.exists()


def test_a_meeting_must_end_after_it_starts(planning):
    with pytest.raises(ValidationError):
        make_meeting(planning, start=time(18, 30), end=time(18, 0))
    assert not Meeting.all_objects.exists()


# --- series_create ------------------------------------------------------------------------------


def plans(*days: date) -> list[meeting_services.PlannedMeeting]:
    return [
        meeting_services.PlannedMeeting(
            starts_at=moment(day, time(18, 30)), ends_at=moment(day, time(21, 0))
        )
        for day in days
    ]


def test_a_series_schedules_every_meeting_of_the_year(planning, dso):
    room = make_room()
    days = [date(2026, 6, 16), date(2026, 7, 14), date(2026, 9, 8)]
    series = meeting_services.series_create(
        committee=planning, municipal_year=2026, meetings=plans(*reversed(days)), room=room, by=dso
    )
    assert str(series) == "Planning Committee 2026/27"
    meetings = list(series.meetings.order_by("starts_at"))
    assert [m.date for m in meetings] == days
    assert all(m.booking and m.booking.room == room for m in meetings)
    assert all(kinds(m)[0] == "apologies" for m in meetings)
    assert actions().count("meetings.series.create") == 1
    assert actions().count("meetings.meeting.create") == 3


def test_a_series_lists_every_clash_by_date_and_saves_nothing(planning):
    room = make_room()
    licensing = CommitteeFactory(name="Licensing Committee")
    make_meeting(licensing, day=date(2026, 7, 14), room=room)
    make_meeting(licensing, day=date(2026, 9, 8), start=time(20, 0), end=time(22, 0), room=room)
    before = (
        Meeting.all_objects.count(),
        MeetingSeries.objects.count(),
        RoomBooking.objects.count(),
        AuditEvent.private_objects.count(),
    )
    with pytest.raises(ValidationError) as caught:
        meeting_services.series_create(
            committee=planning,
            municipal_year=2026,
            meetings=plans(date(2026, 9, 8), date(2026, 6, 16), date(2026, 7, 14)),
            room=room,
            by=None,
        )
    assert caught.value.message_dict == {
        "meetings": [
            "14 July 2026: Council Chamber, Town Hall is booked for Licensing Committee",
            "8 September 2026: Council Chamber, Town Hall is booked for Licensing Committee",
        ]
    }
    after = (
        Meeting.all_objects.count(),
        MeetingSeries.objects.count(),
        RoomBooking.objects.count(),
        AuditEvent.private_objects.count(),
    )
    assert after == before


def test_a_series_needs_at_least_one_date(planning):
    with pytest.raises(ValidationError) as caught:
        meeting_services.series_create(
            committee=planning, municipal_year=2026, meetings=[], location_note="Hall", by=None
        )
    assert set(caught.value.message_dict) == {"meetings"}


def test_a_second_batch_joins_the_same_series(planning):
    first = meeting_services.series_create(
        committee=planning,
        municipal_year=2026,
        meetings=plans(date(2026, 6, 16)),
        location_note="Town Hall",
        by=None,
    )
    second = meeting_services.series_create(
        committee=planning,
        municipal_year=2026,
        meetings=plans(date(2026, 7, 14)),
        location_note="Town Hall",
        by=None,
    )
    assert first == second
    assert first.meetings.count() == 2


# --- reschedule, cancel, postpone ---------------------------------------------------------------


def test_rescheduling_moves_the_room_booking(planning, dso):
    room, other_room = make_room(), make_room("Committee Room 1")
    meeting = make_meeting(planning, room=room)
    # Nuneaton & Bedworth moved the meeting to Tuesday 30 April 2019.
    new_day = date(2019, 4, 30)
    meeting_services.meeting_reschedule(
        meeting=meeting,
        starts_at=moment(new_day, time(18, 30)),
        ends_at=moment(new_day, time(21, 0)),
        room=other_room,
        by=dso,
    )
    meeting.refresh_from_db()
    assert meeting.date == new_day and meeting.room == other_room
    assert meeting.booking.room == other_room and meeting.booking.starts_at == meeting.starts_at
    assert RoomBooking.objects.filter(cancelled_at=None).count() == 1
    event = AuditEvent.private_objects.get(action="meetings.meeting.reschedule")
    assert set(event.changes) == {"starts_at", "ends_at", "room"}
    assert meeting_services.deadline_for(meeting).latest_publication == date(2019, 4, 18)


def test_rescheduling_into_a_booked_room_is_refused(planning):
    room = make_room()
    make_meeting(CommitteeFactory(name="Cabinet"), day=date(2019, 4, 30), room=room)
    meeting = make_meeting(planning, room=room)
    with pytest.raises(ValidationError) as caught:
        meeting_services.meeting_reschedule(
            meeting=meeting,
            starts_at=moment(date(2019, 4, 30), time(18, 0)),
            ends_at=moment(date(2019, 4, 30), time(20, 0)),
            room=room,
            by=None,
        )
    assert "room" in caught.value.message_dict
    meeting.refresh_from_db()
    assert meeting.date == NUNEATON_PLANNING


def test_a_room_is_booked_when_a_meeting_held_elsewhere_moves_into_it(planning):
    meeting = make_meeting(planning)
    room = make_room()
    meeting_services.meeting_reschedule(
        meeting=meeting, starts_at=meeting.starts_at, ends_at=meeting.ends_at, room=room, by=None
    )
    meeting.refresh_from_db()
    assert meeting.booking.room == room


def test_cancelling_needs_a_reason_and_frees_the_room(planning, dso):
    room = make_room()
    meeting = make_meeting(planning, room=room)
    with pytest.raises(ValidationError) as caught:
        meeting_services.meeting_cancel(meeting=meeting, reason="  ", by=dso)
    assert set(caught.value.message_dict) == {"status_reason"}
    meeting_services.meeting_cancel(meeting=meeting, reason="No business", by=dso)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.status_reason == "No business"
    assert meeting.booking.cancelled_at is not None
    # The room is free again.
    make_meeting(CommitteeFactory(name="Cabinet"), room=room)
    assert "meetings.meeting.cancel" in actions()


def test_cancelling_stops_the_meetings_pending_reminders(planning):
    meeting = make_meeting(planning)
    from democracy.reminders import ReminderSpec, schedule

    schedule(
        [
            ReminderSpec(
                subject=meeting,
                kind="meetings.agenda_publication_due",
                due_on=LATEST_PUBLICATION,
                send_at=moment(date(2019, 4, 9), time(8, 0)),
                recipients=["dso@example.org"],
                email_subject="Agenda due",
                email_body="Publish it.",
            )
        ]
    )
    meeting_services.meeting_cancel(meeting=meeting, reason="No business", by=None)
    assert Reminder.outbox.get().cancelled_at is not None


def test_a_cancelled_or_held_meeting_cannot_be_moved(planning):
    meeting = make_meeting(planning)
    meeting_services.meeting_cancel(meeting=meeting, reason="No business", by=None)
    with pytest.raises(ValidationError, match="cancelled meeting cannot be moved"):
        meeting_services.meeting_reschedule(
            meeting=meeting,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            room=None,
            by=None,
        )
    held = make_meeting(planning, day=date(2019, 5, 21))
    Meeting.all_objects.filter(pk=held.pk).update(status=Meeting.Status.HELD)
    held.refresh_from_db()
    with pytest.raises(ValidationError, match="held cannot be cancelled"):
        meeting_services.meeting_cancel(meeting=held, reason="Too late", by=None)


def test_postponing_records_the_reason_and_the_new_meeting(planning, dso):
    meeting = make_meeting(planning)
    with pytest.raises(ValidationError):
        meeting_services.meeting_postpone(meeting=meeting, reason="", by=dso)
    later = make_meeting(planning, day=date(2019, 4, 30))
    meeting_services.meeting_postpone(
        meeting=meeting, reason="Easter holidays overlooked", to=later, by=dso
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.POSTPONED
    assert meeting.postponed_to == later
    event = AuditEvent.private_objects.get(action="meetings.meeting.postpone")
    assert event.changes["status"] == ["scheduled", "postponed"]


# --- Deadlines and publication ------------------------------------------------------------------


def test_the_deadline_of_nuneaton_and_bedworths_planning_committee_of_23_april_2019(planning):
    meeting = make_meeting(planning)
    deadline = meeting_services.deadline_for(meeting)
    assert deadline.latest_publication == LATEST_PUBLICATION
    assert deadline.report_deadline == REPORT_DEADLINE
    assert [day for day, _ in deadline.excluded_days] == [
        date(2019, 4, 13),
        date(2019, 4, 14),
        date(2019, 4, 19),
        date(2019, 4, 20),
        date(2019, 4, 21),
        date(2019, 4, 22),
    ]
    assert meeting_services.report_deadline_passed(meeting, today=date(2019, 4, 5))
    assert not meeting_services.report_deadline_passed(meeting, today=REPORT_DEADLINE)


def test_publishing_on_the_latest_lawful_day_needs_no_reasons(planning, dso):
    meeting = make_meeting(planning)
    meeting_services.agenda_publish(
        meeting=meeting, late_reasons="ignored", today=LATEST_PUBLICATION, by=dso
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
    assert meeting.is_published
    assert meeting.late_publication_reasons == ""
    event = AuditEvent.private_objects.get(action="meetings.meeting.publish_agenda")
    assert event.actor == dso
    assert event.changes["status"] == ["scheduled", "agenda_published"]


def test_publishing_the_day_after_needs_the_chairs_reasons(planning, dso):
    # Friday 12 April 2019 leaves four clear days (15-18 April): late under s100B(3).
    meeting = make_meeting(planning)
    with pytest.raises(ValidationError) as caught:
        meeting_services.agenda_publish(meeting=meeting, today=date(2019, 4, 12), by=dso)
    assert caught.value.message_dict == {
        "late_reasons": [
            "The latest lawful publication date was 11 April 2019. Record the chair's reasons "
            "for considering the business as a matter of urgency."
        ]
    }
    meeting.refresh_from_db()
    assert not meeting.is_published
    meeting_services.agenda_publish(
        meeting=meeting,
        late_reasons="  The Easter bank holidays were overlooked.  ",
        today=date(2019, 4, 12),
        by=dso,
    )
    meeting.refresh_from_db()
    assert meeting.is_published
    assert meeting.late_publication_reasons == "The Easter bank holidays were overlooked."


def test_publication_is_refused_while_a_report_is_not_ready(planning, dso):
    meeting = make_meeting(planning)
    draft = make_report(add_item(meeting, "Land at Mill Lane"), make_author())
    awaiting = make_report(add_item(meeting, "Local plan review"), make_author("writer2"))
    report_services.report_submit(report=awaiting, by=dso)
    with pytest.raises(ValidationError) as caught:
        meeting_services.agenda_publish(meeting=meeting, today=date(2019, 4, 1), by=dso)
    assert caught.value.messages == [
        "These reports are not ready to publish: Report: Land at Mill Lane (draft); "
        "Report: Local plan review (awaiting sign-off)."
    ]
    clear_report(draft, dso)
    report_services.report_withdraw(report=awaiting, reason="Deferred to June", by=dso)
    meeting_services.agenda_publish(meeting=meeting, today=date(2019, 4, 1), by=dso)
    meeting.refresh_from_db()
    assert meeting.is_published


def test_an_agenda_is_published_once_and_never_for_a_cancelled_meeting(planning):
    meeting = make_meeting(planning)
    meeting_services.agenda_publish(meeting=meeting, today=date(2019, 4, 1), by=None)
    with pytest.raises(ValidationError, match="already been published"):
        meeting_services.agenda_publish(meeting=meeting, today=date(2019, 4, 1), by=None)
    cancelled = make_meeting(planning, day=date(2019, 5, 21))
    meeting_services.meeting_cancel(meeting=cancelled, reason="No business", by=None)
    with pytest.raises(ValidationError, match="The meeting is cancelled"):
        meeting_services.agenda_publish(meeting=cancelled, today=date(2019, 4, 1), by=None)
