"""At the meeting: the attendance sheet, quorum, declarations, votes, resolutions and marking the
meeting held, through the services (validated, atomic, audited).

The scene (``Scene`` in factories_proceedings.py, shared with the minutes tests) is Kingsmere's
Planning Committee: five seats, quorum three, meeting on Thu 8 October 2026 and again on Thu 5
November 2026, with a public planning application and a private item (the sale of the depot,
exempt under Sch 12A para 3).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from democracy.models import AuditEvent
from meetings.models import (
    Attendance,
    CommitteeMembership,
    Declaration,
    Meeting,
    Resolution,
    Vote,
    VoteRecord,
)
from meetings.services import meetings as meeting_services
from meetings.services import minutes as minutes_services
from meetings.services import proceedings as services
from meetings.services.proceedings import AttendanceLine
from meetings.tests.factories_proceedings import ABSENT, APOLOGIES, FIRST, PRESENT, TODAY, Scene, at


@pytest.fixture
def scene(db):
    return Scene()


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --------------------------------------------------------------------------------------------
# Attendance
# --------------------------------------------------------------------------------------------


def test_the_attendance_sheet_is_recorded_and_each_line_audited(scene):
    rows = scene.record_sheet()
    assert [r.name for r in rows] == [
        "Councillor Alice Ashworth",
        "Councillor Bilal Bashir",
        "Councillor Carys Cole",
        "Councillor Dev Desai",
        "Councillor Emma Evans",
        "Councillor Frank Fisher",
        "Mrs Jane Doe",
    ]
    assert AuditEvent.private_objects.filter(action="meetings.attendance.create").count() == 7
    frank = scene.attendance(scene.frank)
    assert (frank.substitute_for, frank.voting) == (scene.dev, True)


def test_quorum_counts_substitutes_but_not_remote_or_non_voting_attendees(scene):
    scene.record_sheet()
    status = services.quorum_status(scene.meeting)
    # Alice, Bilal, Carys and Frank (for Dev) are counted; Emma is remote, Mrs Doe non-voting.
    assert (status.required, status.counted, status.is_quorate) == (3, 4, True)
    assert status.remote_not_counted == ["Councillor Emma Evans"]


def test_an_inquorate_meeting_is_warned_about(scene):
    scene.record_sheet(
        vice=AttendanceLine(status=APOLOGIES, councillor=scene.vice),
        carys=AttendanceLine(status=ABSENT, councillor=scene.carys),
        frank=None,
    )
    status = services.quorum_status(scene.meeting)
    assert (status.counted, status.is_quorate) == (1, False)
    assert status.warning.startswith("The meeting was not quorate: 1 member present in person")


def test_the_full_council_quorum_never_falls_below_a_quarter_of_its_members(db):
    council = Scene(committee_kind="council")
    council.committee.size, council.committee.quorum = 48, 5
    council.committee.save()
    assert services.quorum_required(council.committee) == 12


def test_a_substitute_must_fill_the_seat_of_a_member_who_sent_apologies(scene):
    with pytest.raises(ValidationError) as excinfo:
        scene.record_sheet(
            dev=AttendanceLine(status=ABSENT, councillor=scene.dev),
        )
    assert errors_of(excinfo) == {
        "lines.5.substitute_for": [
            "Councillor Dev Desai did not send apologies: a substitute can only fill the seat "
            "of a member who sent apologies."
        ]
    }
    assert not Attendance.objects.exists()


def test_a_member_of_the_committee_cannot_be_a_substitute(scene):
    with pytest.raises(ValidationError) as excinfo:
        scene.record_sheet(
            carys=AttendanceLine(status=PRESENT, councillor=scene.carys, substitute_for=scene.dev),
            frank=None,
        )
    assert errors_of(excinfo)["lines.2.substitute_for"] == [
        "Councillor Carys Cole is a member of Planning Committee and cannot also be a substitute."
    ]


def test_nobody_can_substitute_for_someone_not_on_the_committee(scene):
    with pytest.raises(ValidationError) as excinfo:
        scene.record_sheet(
            frank=AttendanceLine(status=PRESENT, councillor=scene.frank, substitute_for=scene.grace)
        )
    assert (
        "Councillor Grace Green is not a member of Planning Committee"
        in (errors_of(excinfo)["lines.5.substitute_for"][0])
    )


def test_one_member_has_one_substitute(scene):
    with pytest.raises(ValidationError) as excinfo:
        scene.record_sheet(
            grace=AttendanceLine(status=PRESENT, councillor=scene.grace, substitute_for=scene.dev)
        )
    assert errors_of(excinfo)["lines.7.substitute_for"] == [
        "Councillor Frank Fisher is already the substitute for Councillor Dev Desai."
    ]


def test_a_councillor_not_on_the_committee_attends_without_a_vote(scene):
    with pytest.raises(ValidationError) as excinfo:
        scene.record_sheet(grace=AttendanceLine(status=PRESENT, councillor=scene.grace))
    assert (
        "Councillor Grace Green does not sit on Planning Committee"
        in (errors_of(excinfo)["lines.7.voting"][0])
    )
    scene.record_sheet(grace=AttendanceLine(status=PRESENT, councillor=scene.grace, voting=False))
    assert scene.attendance(scene.grace).voting is False


def test_a_non_voting_co_opted_member_cannot_be_given_a_vote(scene):
    with pytest.raises(ValidationError) as excinfo:
        scene.record_sheet(doe=AttendanceLine(status=PRESENT, coopted_name="Mrs Jane Doe"))
    assert errors_of(excinfo)["lines.6.voting"] == ["Mrs Jane Doe is a non-voting co-opted member."]


def test_only_one_chair_and_never_a_remote_one(scene):
    with pytest.raises(ValidationError) as excinfo:
        scene.record_sheet(
            vice=AttendanceLine(status=PRESENT, councillor=scene.vice, presiding=True)
        )
    assert "Only one person chairs the meeting" in errors_of(excinfo)["attendance"][0]
    with pytest.raises(ValidationError) as excinfo:
        scene.record_sheet(
            chair=AttendanceLine(
                status=PRESENT, councillor=scene.chair, presiding=True, remote=True
            )
        )
    assert (
        "attended remotely and so was not present in law"
        in errors_of(excinfo)["lines.0.presiding"][0]
    )


def test_apologies_can_be_recorded_before_the_meeting_but_not_who_was_present(scene):
    before = date(2026, 10, 1)
    lines = [AttendanceLine(status=APOLOGIES, councillor=scene.dev)]
    services.attendance_record(meeting=scene.meeting, lines=lines, by=scene.officer, today=before)
    with pytest.raises(ValidationError) as excinfo:
        services.attendance_record(
            meeting=scene.meeting,
            lines=[*lines, AttendanceLine(status=PRESENT, councillor=scene.chair)],
            by=scene.officer,
            today=before,
        )
    assert errors_of(excinfo)["lines.1.status"] == [
        "Councillor Alice Ashworth cannot be recorded as present before the meeting on "
        "8 October 2026."
    ]


def test_recording_again_updates_in_place_moves_the_chair_and_drops_people_left_off(scene):
    first = {r.name: r.pk for r in scene.record_sheet()}
    again = scene.record_sheet(
        chair=AttendanceLine(status=PRESENT, councillor=scene.chair),
        vice=AttendanceLine(status=PRESENT, councillor=scene.vice, presiding=True),
        doe=None,
    )
    assert {r.name: r.pk for r in again} == {k: v for k, v in first.items() if k != "Mrs Jane Doe"}
    assert scene.attendance(scene.vice).presiding
    assert not scene.attendance(scene.chair).presiding
    assert AuditEvent.private_objects.filter(action="meetings.attendance.delete").count() == 1
    assert AuditEvent.private_objects.filter(action="meetings.attendance.update").count() == 2


def test_someone_with_a_declaration_stays_present(scene):
    scene.record_sheet()
    services.declaration_record(
        item=scene.application,
        attendance=scene.attendance(scene.carys),
        type=Declaration.Type.OTHER_REGISTRABLE,
        nature="Member of the Mill Lane Residents' Association",
        by=scene.officer,
        today=TODAY,
    )
    with pytest.raises(ValidationError) as excinfo:
        scene.record_sheet(carys=AttendanceLine(status=ABSENT, councillor=scene.carys))
    assert (
        "Councillor Carys Cole has declarations or votes recorded"
        in (errors_of(excinfo)["lines.2.status"][0])
    )


def test_nothing_is_recorded_for_a_cancelled_meeting(scene):
    meeting_services.meeting_cancel(
        meeting=scene.next_meeting, reason="No business", by=scene.officer
    )
    with pytest.raises(ValidationError, match="cancelled: nothing can be recorded"):
        scene.record_sheet(meeting=scene.next_meeting)


# --------------------------------------------------------------------------------------------
# Declarations
# --------------------------------------------------------------------------------------------


def test_a_declaration_is_recorded_against_an_item_and_audited(scene):
    scene.record_sheet()
    declaration = services.declaration_record(
        item=scene.application,
        attendance=scene.attendance(scene.vice),
        type=Declaration.Type.DISCLOSABLE_PECUNIARY,
        nature="Owns land adjoining the site",
        left_room=True,
        by=scene.officer,
        today=TODAY,
    )
    assert declaration.bars_voting
    [event] = AuditEvent.private_objects.filter(action="meetings.declaration.create")
    assert event.changes["nature"] == [None, "Owns land adjoining the site"]


def test_only_members_present_declare_and_only_in_items_of_business(scene):
    scene.record_sheet()
    with pytest.raises(ValidationError) as excinfo:
        services.declaration_record(
            item=scene.application,
            attendance=scene.attendance(scene.dev),
            type=Declaration.Type.NON_REGISTRABLE,
            nature="Friend of the applicant",
            by=scene.officer,
            today=TODAY,
        )
    assert errors_of(excinfo) == {
        "attendance": ["Councillor Dev Desai was not present and cannot declare an interest."]
    }
    with pytest.raises(ValidationError) as excinfo:
        services.declaration_record(
            item=scene.item(scene.meeting, "apologies"),
            attendance=scene.attendance(scene.vice),
            type=Declaration.Type.NON_REGISTRABLE,
            nature="Friend of the applicant",
            by=scene.officer,
            today=TODAY,
        )
    assert "item" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.declaration_record(
            item=scene.application,
            attendance=scene.attendance(scene.vice),
            type=Declaration.Type.NON_REGISTRABLE,
            nature="  ",
            by=scene.officer,
            today=TODAY,
        )
    assert errors_of(excinfo) == {"nature": ["Describe the nature of the interest."]}
    assert not Declaration.all_objects.exists()


# --------------------------------------------------------------------------------------------
# Votes
# --------------------------------------------------------------------------------------------


def vote(scene, **kwargs):
    kwargs.setdefault("item", scene.application)
    kwargs.setdefault("motion", "that planning permission be granted subject to conditions")
    return services.vote_record(by=scene.officer, today=TODAY, **kwargs)


def test_a_show_of_hands_is_counted_and_the_majority_decides(scene):
    scene.record_sheet()
    result = vote(scene, votes_for=3, votes_against=1)
    assert (result.result, result.votes_for, result.abstentions) == ("carried", 3, 0)
    assert AuditEvent.private_objects.filter(action="meetings.vote.create").count() == 1


def test_more_votes_than_members_who_may_vote_is_refused(scene):
    scene.record_sheet()
    # Four may vote: Alice, Bilal, Carys and Frank. Emma is remote, Mrs Doe has no vote.
    with pytest.raises(ValidationError) as excinfo:
        vote(scene, votes_for=3, votes_against=1, abstentions=1)
    assert errors_of(excinfo) == {
        "votes_for": [
            "5 votes and abstentions were entered but only 4 members present in person could "
            "vote on this item."
        ]
    }
    assert not Vote.all_objects.exists()


def test_a_member_with_a_pecuniary_interest_and_no_dispensation_does_not_vote(scene):
    scene.record_sheet()
    services.declaration_record(
        item=scene.application,
        attendance=scene.attendance(scene.vice),
        type=Declaration.Type.DISCLOSABLE_PECUNIARY,
        nature="Owns land adjoining the site",
        by=scene.officer,
        today=TODAY,
    )
    with pytest.raises(ValidationError):
        vote(scene, votes_for=4)
    with pytest.raises(ValidationError) as excinfo:
        vote(scene, recorded=True, names={scene.attendance(scene.vice): "for"})
    assert errors_of(excinfo)["names"] == [
        "Only members present in person and entitled to vote can be named: Councillor Bilal "
        "Bashir declared a disclosable pecuniary interest without a dispensation."
    ]


def test_a_recorded_vote_takes_its_counts_from_the_names(scene):
    scene.record_sheet()
    names = {
        scene.attendance(scene.chair): "for",
        scene.attendance(scene.vice): "against",
        scene.attendance(scene.carys): "for",
        scene.attendance(scene.frank): "abstain",
    }
    recorded = vote(scene, recorded=True, names=names, votes_for=99)
    assert (recorded.votes_for, recorded.votes_against, recorded.abstentions) == (2, 1, 1)
    assert VoteRecord.all_objects.filter(vote=recorded).count() == 4
    assert AuditEvent.private_objects.filter(action="meetings.vote.names").count() == 1


def test_remote_attendees_cannot_be_named_in_a_recorded_vote(scene):
    scene.record_sheet()
    with pytest.raises(ValidationError) as excinfo:
        vote(scene, recorded=True, names={scene.attendance(scene.emma): "for"})
    assert "Councillor Emma Evans attended remotely" in errors_of(excinfo)["names"][0]


def test_a_budget_decision_vote_must_be_recorded_by_name(scene):
    # SI 2014/165: every vote at a budget decision meeting is recorded by name.
    scene.record_sheet()
    with pytest.raises(ValidationError) as excinfo:
        vote(scene, budget_decision=True, votes_for=4)
    assert errors_of(excinfo) == {
        "names": ["Record how each member voted: this is a recorded vote."]
    }


def test_the_chair_breaks_a_tie_with_a_casting_vote(scene):
    scene.record_sheet()
    carried = vote(scene, votes_for=2, votes_against=2, casting_vote="for")
    assert (carried.result, carried.cast_by) == ("carried", scene.attendance(scene.chair))
    tied = vote(scene, votes_for=2, votes_against=2)
    assert tied.result == "lost"
    with pytest.raises(ValidationError) as excinfo:
        vote(scene, votes_for=3, votes_against=1, casting_vote="against")
    assert "casting_vote" in errors_of(excinfo)


def test_no_casting_vote_without_a_chair_on_the_sheet(scene):
    scene.record_sheet(chair=AttendanceLine(status=PRESENT, councillor=scene.chair))
    with pytest.raises(ValidationError) as excinfo:
        vote(scene, votes_for=2, votes_against=2, casting_vote="for")
    assert "only the person presiding has a casting vote" in errors_of(excinfo)["casting_vote"][0]


def test_votes_are_not_recorded_before_the_meeting(scene):
    with pytest.raises(ValidationError, match="record what happened once it has begun"):
        services.vote_record(
            item=scene.application,
            motion="x",
            votes_for=1,
            by=scene.officer,
            today=date(2026, 10, 7),
        )


# --------------------------------------------------------------------------------------------
# Resolutions
# --------------------------------------------------------------------------------------------


def test_minute_numbers_run_on_through_the_municipal_year_and_restart_in_the_next(scene):
    scene.record_sheet()
    carried = vote(scene, votes_for=3, votes_against=1)
    first = services.resolution_record(
        item=scene.application,
        text="That planning permission be granted subject to the conditions in the report.",
        vote=carried,
        by=scene.officer,
        today=TODAY,
    )
    second = services.resolution_record(
        item=scene.depot, text="That the depot be sold.", by=scene.officer, today=TODAY
    )
    third = services.resolution_record(
        item=scene.item(scene.next_meeting, "minutes"),
        text="That the minutes be approved.",
        by=scene.officer,
        today=TODAY,
    )
    assert [r.reference for r in (first, second, third)] == ["1/26-27", "2/26-27", "3/26-27"]
    may = scene.make_meeting(date(2027, 5, 27))
    scene.publish(may)
    fourth = services.resolution_record(
        item=scene.item(may, "urgent_business"),
        text="Noted.",
        by=scene.officer,
        today=date(2027, 5, 27),
    )
    assert fourth.reference == "1/27-28"
    assert AuditEvent.private_objects.filter(action="meetings.resolution.create").count() == 4


def test_a_resolution_follows_a_motion_carried_on_the_same_item(scene):
    scene.record_sheet()
    lost = vote(scene, votes_for=1, votes_against=3)
    with pytest.raises(ValidationError) as excinfo:
        services.resolution_record(
            item=scene.application, text="x", vote=lost, by=scene.officer, today=TODAY
        )
    assert "lost" in errors_of(excinfo)["vote"][0]
    carried = vote(scene, votes_for=3, votes_against=1)
    with pytest.raises(ValidationError) as excinfo:
        services.resolution_record(
            item=scene.depot, text="x", vote=carried, by=scene.officer, today=TODAY
        )
    assert errors_of(excinfo) == {"vote": ["Choose a vote taken on this item."]}


def test_only_the_latest_minute_can_be_removed(scene):
    scene.record_sheet()
    first = services.resolution_record(
        item=scene.application, text="A", by=scene.officer, today=TODAY
    )
    second = services.resolution_record(
        item=scene.application, text="B", by=scene.officer, today=TODAY
    )
    with pytest.raises(ValidationError, match="later minute numbers"):
        services.resolution_remove(resolution=first, by=scene.officer, today=TODAY)
    services.resolution_remove(resolution=second, by=scene.officer, today=TODAY)
    services.resolution_remove(resolution=first, by=scene.officer, today=TODAY)
    assert not Resolution.all_objects.exists()


# --------------------------------------------------------------------------------------------
# Held, and the record fixed once the draft minutes are published
# --------------------------------------------------------------------------------------------


def test_marking_the_meeting_held(scene):
    with pytest.raises(ValidationError, match="once it has begun"):
        services.meeting_mark_held(meeting=scene.meeting, by=scene.officer, now=at(FIRST, 9))
    held = scene.hold()
    assert held.status == Meeting.Status.HELD
    assert AuditEvent.private_objects.filter(action="meetings.meeting.held").count() == 1
    with pytest.raises(ValidationError, match="already marked as held"):
        scene.hold()


def test_a_meeting_whose_agenda_was_never_published_cannot_be_held(scene):
    unpublished = scene.make_meeting(date(2026, 11, 12))
    with pytest.raises(ValidationError, match="only a meeting whose agenda was published"):
        scene.hold(unpublished)


def test_the_record_is_fixed_once_the_draft_minutes_are_published(scene):
    scene.record_sheet()
    scene.hold()
    minutes = minutes_services.minutes_draft(meeting=scene.meeting, by=scene.officer)
    minutes.entries.filter(text="").update(text="Considered.")
    minutes_services.minutes_publish_draft(minutes=minutes, by=scene.officer)
    with pytest.raises(ValidationError, match="draft minutes have been published"):
        vote(scene, votes_for=1)
    with pytest.raises(ValidationError, match="draft minutes have been published"):
        scene.record_sheet()


# --------------------------------------------------------------------------------------------
# Who sees the record of a private item
# --------------------------------------------------------------------------------------------


def test_the_record_of_a_private_item_is_never_public(scene, councillor, other_councillor):
    scene.record_sheet()
    public_vote = vote(scene, votes_for=3)
    private_vote = vote(scene, item=scene.depot, motion="that the depot be sold", votes_for=3)
    scene.hold()
    # Nothing is public until the minutes are published.
    assert not Vote.all_objects.public().exists()
    minutes = minutes_services.minutes_draft(meeting=scene.meeting, by=scene.officer)
    minutes.entries.filter(text="").update(text="Considered.")
    minutes_services.minutes_publish_draft(minutes=minutes, by=scene.officer)
    assert list(Vote.all_objects.public()) == [public_vote]
    assert list(Vote.all_objects.visible_to(other_councillor)) == [public_vote]
    assert set(Vote.all_objects.visible_to(scene.officer)) == {public_vote, private_vote}
    # A councillor sitting on the committee sees the private record once the minutes are out.
    CommitteeMembership.objects.create(
        committee=scene.committee,
        councillor=councillor.councillor,
        role="member",
        start_date=date(2026, 5, 19),
    )
    assert set(Vote.all_objects.visible_to(councillor)) == {public_vote, private_vote}
