"""Issue 11 item 19: one meeting of a committee at a time (a duplicate is refused with a form
error naming it); a meeting in the past is scheduled with a warning; minutes are approved only
at a later meeting that has begun (LGA 1972 Sch 12 para 41(1))."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from democracy.tests.factories import CommitteeFactory
from meetings.models import AgendaItem, Meeting
from meetings.services import meetings as meeting_services
from meetings.services import minutes as minutes_services
from meetings.tests.factories_rules import (
    committee_with_members,
    draft_minutes,
    held_meeting,
    make_meeting,
    moment,
)

DAY = date(2027, 3, 11)


@pytest.fixture
def planning(db):
    return CommitteeFactory(name="Planning Committee")


def test_a_second_meeting_of_the_committee_at_the_same_time_is_refused(planning):
    make_meeting(planning, day=DAY)
    with pytest.raises(ValidationError) as caught:
        make_meeting(planning, day=DAY)
    assert caught.value.message_dict["starts_at"] == [
        "Planning Committee already has a meeting at 6:30pm on 11 March 2027. Choose another "
        "date or time, or open that meeting."
    ]
    # Another time that day, or another committee at that time, is fine.
    make_meeting(planning, day=DAY, start=time(10), end=time(12))
    make_meeting(CommitteeFactory(name="Licensing Committee"), day=DAY)


def test_the_database_refuses_a_duplicate_but_not_after_a_cancellation(planning):
    first = make_meeting(planning, day=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.all_objects.create(
            committee=planning, starts_at=first.starts_at, ends_at=first.ends_at
        )
    meeting_services.meeting_cancel(meeting=first, reason="The chamber flooded.", by=None)
    make_meeting(planning, day=DAY)


def test_rescheduling_onto_another_meeting_of_the_committee_is_refused(planning):
    make_meeting(planning, day=DAY)
    other = make_meeting(planning, day=DAY + timedelta(days=7))
    with pytest.raises(ValidationError, match="already has a meeting at 6:30pm on 11 March"):
        meeting_services.meeting_reschedule(
            meeting=other,
            starts_at=moment(DAY),
            ends_at=moment(DAY, time(21)),
            room=None,
            by=None,
        )


def test_a_series_lists_its_duplicates_and_saves_nothing(planning):
    make_meeting(planning, day=DAY)
    plans = [
        meeting_services.PlannedMeeting(starts_at=moment(d), ends_at=moment(d, time(21)))
        for d in (DAY, DAY + timedelta(days=28), DAY + timedelta(days=28))
    ]
    with pytest.raises(ValidationError) as caught:
        meeting_services.series_create(
            committee=planning,
            municipal_year=2026,
            meetings=plans,
            location_note="Council Chamber",
            by=None,
        )
    assert caught.value.message_dict["meetings"] == [
        "11 March 2027: Planning Committee already has a meeting at 6:30pm",
        "8 April 2027: the date is given twice",
    ]
    assert Meeting.all_objects.filter(committee=planning).count() == 1


def test_the_form_shows_the_duplicate_beside_the_start_time_and_warns_of_the_past(
    client, officer, planning
):
    client.force_login(officer)
    make_meeting(planning, day=DAY)
    form = {
        "committee": planning.pk,
        "meeting_date_0": "11",
        "meeting_date_1": "3",
        "meeting_date_2": "2027",
        "start_time": "6:30pm",
        "end_time": "9pm",
        "location_note": "Council Chamber",
    }
    page = client.post("/officers/meetings/new/", form)
    assert page.status_code == 200
    assert "Planning Committee already has a meeting at 6:30pm on 11 March 2027" in (
        page.content.decode()
    )
    last_year = timezone.localdate() - timedelta(days=365)
    past = form | {
        "meeting_date_0": str(last_year.day),
        "meeting_date_1": str(last_year.month),
        "meeting_date_2": str(last_year.year),
    }
    response = client.post("/officers/meetings/new/", past, follow=True)
    assert response.redirect_chain, response.content.decode()[:2000]
    assert f"The meeting is in the past (6:30pm on {last_year:%-d %B %Y})" in (
        response.content.decode()
    )


def test_minutes_are_approved_only_at_a_later_meeting_that_has_begun(officer):
    committee, members = committee_with_members(3, quorum=2, name="Audit Committee")
    first = held_meeting(committee, day=date(2026, 9, 1), present=members, by=officer)
    minutes = draft_minutes(first, by=officer)
    minutes = minutes_services.minutes_publish_draft(
        minutes=minutes, by=officer, now=moment(date(2026, 9, 4), time(12))
    )
    later = make_meeting(committee, day=date(2026, 10, 6))  # 6:30pm
    item = later.items.get(kind=AgendaItem.Kind.MINUTES)
    morning = moment(date(2026, 10, 6), time(10))
    assert minutes_services.approving_candidates(minutes, now=morning) == []
    with pytest.raises(ValidationError) as caught:
        minutes_services.minutes_approve(
            minutes=minutes, at_item=item, signed_by="Cllr Chair", by=officer, now=morning
        )
    assert caught.value.message_dict["at_item"] == [
        "The meeting of 6 October 2026 has not begun yet: minutes are approved at the meeting "
        "itself, from 6:30pm that day."
    ]
    evening = moment(date(2026, 10, 6), time(18, 45))
    assert minutes_services.approving_candidates(minutes, now=evening) == [item]
    approved = minutes_services.minutes_approve(
        minutes=minutes, at_item=item, signed_by="Cllr Chair", by=officer, now=evening
    )
    assert approved.approved_at_meeting == later
