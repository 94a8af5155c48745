"""Appeal hearings and committee meetings share the council's rooms through the foundation
(democracy.venues): neither app imports the other, and each refuses a room the other holds,
naming what holds it. Here, above both apps, a real committee meeting and a real hearing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from appeals.models import Hearing
from appeals.services import scheduling
from appeals.tests.factories import at, build_scene, lodge
from democracy.tests.factories import CommitteeFactory
from meetings.services.meetings import meeting_create

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 20)
DAY = date(2026, 5, 6)


def test_a_hearing_cannot_take_a_room_a_committee_meeting_holds_and_the_reverse(clerk, officer):
    scene = build_scene(by=clerk)
    planning = CommitteeFactory(name="Planning Committee", slug="planning")
    meeting_create(
        committee=planning,
        starts_at=at(DAY, 18),
        ends_at=at(DAY, 21),
        room=scene.room,
        by=officer,
    )
    appeals = [lodge(scene.academy) for _ in range(2)]
    with pytest.raises(ValidationError) as caught:
        scheduling.hearing_schedule(
            appeals=appeals,
            starts_at=at(DAY, 10),
            ends_at=at(DAY, 19),
            group_stage_ends_at=at(DAY, 11),
            clerk=clerk,
            seats=scene.valid_admission_panel(),
            room=scene.room,
            today=TODAY,
            by=clerk,
        )
    assert caught.value.message_dict == {
        "room": [
            "Committee Room 1, Kingsmere Civic Centre is already booked for Planning Committee "
            "on 6 May 2026 from 6pm to 9pm"
        ]
    }
    assert not Hearing.hearings.exists()

    scheduling.hearing_schedule(
        appeals=appeals,
        starts_at=at(DAY, 10),
        ends_at=at(DAY, 16),
        group_stage_ends_at=at(DAY, 11),
        clerk=clerk,
        seats=scene.valid_admission_panel(),
        room=scene.room,
        today=TODAY,
        by=clerk,
    )
    with pytest.raises(ValidationError) as caught:
        meeting_create(
            committee=planning,
            starts_at=at(DAY, 14),
            ends_at=at(DAY, 17),
            room=scene.room,
            by=officer,
        )
    # The committee's officers learn only that a private appeal hearing holds the room.
    assert caught.value.message_dict["room"] == [
        "Committee Room 1, Kingsmere Civic Centre is already booked for Appeal hearing (private) "
        "on 6 May 2026 from 10am to 4pm"
    ]
