"""Issue 11 item 17: the minutes and decisions of a meeting with no attendance recorded, or that
was not quorate (LGA 1972 Sch 12 paras 6 and 40), are not published unless the officer records
why; the reasons are stored on the meeting, audited and shown."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from democracy.models import AuditEvent
from meetings.models import Decision, Minutes
from meetings.rules.proceedings import QuorumStatus, record_publication_objection
from meetings.services import decisions as decision_services
from meetings.services import minutes as minutes_services
from meetings.tests.factories_rules import committee_with_members, draft_minutes, held_meeting

DAY = date(2026, 10, 6)
REASONS = "The attendance sheet was lost; the chair and clerk confirm four members were present."


def test_the_rule_names_what_is_missing():
    quorate = QuorumStatus(required=3, counted=3)
    assert record_publication_objection(attendance_recorded=True, quorum=quorate) == ""
    assert record_publication_objection(attendance_recorded=False, quorum=quorate) == (
        "No attendance is recorded for this meeting."
    )
    two = QuorumStatus(required=3, counted=2)
    assert record_publication_objection(attendance_recorded=True, quorum=two).startswith(
        "The meeting was not quorate: 2 members present in person"
    )


@pytest.fixture
def licensing(db):
    return committee_with_members(4, quorum=3)


def record_decision(meeting, by):
    return decision_services.decision_record(
        kind=Decision.Kind.COMMITTEE_RESOLUTION,
        title="Street trading consent policy",
        decided_on=DAY,
        decision="To adopt the policy.",
        reasons="As in the report.",
        alternatives_considered="None.",
        decision_maker_committee=meeting.committee,
        meeting=meeting,
        by=by,
    )


def test_minutes_without_attendance_need_the_officers_reasons(licensing, officer):
    committee, _ = licensing
    meeting = held_meeting(committee, day=DAY, by=officer)
    minutes = draft_minutes(meeting, by=officer)
    with pytest.raises(ValidationError) as caught:
        minutes_services.minutes_publish_draft(minutes=minutes, by=officer)
    assert caught.value.message_dict["exception_reasons"] == [
        "No attendance is recorded for this meeting. Record the attendance, or give the reasons "
        "for publishing all the same."
    ]
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT

    minutes_services.minutes_publish_draft(minutes=minutes, by=officer, exception_reasons=REASONS)
    meeting.refresh_from_db()
    assert meeting.record_exception_reasons == REASONS
    event = AuditEvent.private_objects.get(action="meetings.meeting.record_exception")
    assert event.changes["record_exception_reasons"] == ["", REASONS]
    # The reasons serve the meeting's decisions too.
    decision = decision_services.decision_publish(
        decision=record_decision(meeting, officer), by=officer, today=DAY
    )
    assert decision.is_published


def test_an_inquorate_meetings_decision_is_refused_without_reasons(licensing, officer, client):
    committee, members = licensing
    meeting = held_meeting(committee, day=DAY, present=members[:2], by=officer)
    decision = record_decision(meeting, officer)
    with pytest.raises(ValidationError, match="not quorate: 2 members present in person"):
        decision_services.decision_publish(decision=decision, by=officer, today=DAY)
    client.force_login(officer)
    page = client.get(f"/officers/decisions/{decision.pk}/").content.decode()
    assert "Reasons for publishing all the same" in page
    response = client.post(
        f"/officers/decisions/{decision.pk}/publish/", {"exception_reasons": REASONS}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.is_published
    page = client.get(f"/officers/decisions/{decision.pk}/").content.decode()
    assert REASONS in page


def test_a_quorate_meeting_publishes_without_reasons(licensing, officer):
    committee, members = licensing
    meeting = held_meeting(committee, day=DAY, present=members[:3], by=officer)
    minutes = minutes_services.minutes_publish_draft(
        minutes=draft_minutes(meeting, by=officer), by=officer
    )
    assert minutes.status == Minutes.Status.PUBLISHED
    meeting.refresh_from_db()
    assert meeting.record_exception_reasons == ""


def test_over_long_reasons_are_refused_naming_the_field_not_cut_short(licensing, officer, client):
    """The pages cut the reasons to 2,000 characters without a word, so the record kept (and
    published with the minutes and decisions) was not what the officer wrote."""
    committee, members = licensing
    meeting = held_meeting(committee, day=DAY, present=members[:2], by=officer)
    decision = record_decision(meeting, officer)
    client.force_login(officer)
    response = client.post(
        f"/officers/decisions/{decision.pk}/publish/",
        {"exception_reasons": "x" * 2_001},
        follow=True,
    )
    assert "Reasons for publishing all the same must be 2,000 characters or fewer" in (
        response.content.decode()
    )
    decision.refresh_from_db()
    meeting.refresh_from_db()
    assert not decision.is_published
    assert meeting.record_exception_reasons == ""
