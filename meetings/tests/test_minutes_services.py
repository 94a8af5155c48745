"""Minutes: drafted from the agenda and the record, published as a draft, approved at a later
ordinary meeting and locked, corrected only by a later resolution (LGA 1972 Sch 12 para 41;
SI 1993/202 Sch 2 para 2). Built on the Planning Committee scene of the proceedings tests."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from democracy.models import AuditEvent, Reminder
from democracy.tests.factories import CommitteeFactory
from meetings.models import (
    CommitteeMembership,
    Minutes,
    MinutesCorrection,
    MinutesEntry,
)
from meetings.services import minutes as services
from meetings.services import proceedings
from meetings.services.proceedings import AttendanceLine
from meetings.tests.factories_minutes import (
    NOTICE,
    approve,
    entry,
    publish,
    ready,
    record_first_meeting,
)
from meetings.tests.factories_proceedings import SECOND, TODAY, Scene


@pytest.fixture
def scene(db):
    return Scene()


@pytest.fixture
def drafted(scene):
    record_first_meeting(scene)
    return services.minutes_draft(meeting=scene.meeting, by=scene.officer)


# --------------------------------------------------------------------------------------------
# Drafting
# --------------------------------------------------------------------------------------------


def test_the_draft_has_the_attendance_and_one_minute_per_agenda_item(scene, drafted):
    entries = list(MinutesEntry.all_objects.filter(minutes=drafted))
    assert [(e.number, e.title) for e in entries] == [
        ("", "Attendance"),
        ("1", "Apologies for absence and substitutions"),
        ("2", "Declarations of interest"),
        ("3", "Minutes of the previous meeting"),
        ("4", "Land at Mill Lane, Kingsmere: 26/01234/FUL"),
        ("5", "Urgent business"),
        ("6", "Exclusion of the press and public"),
        ("7", "Sale of the Station Road depot"),
    ]
    assert drafted.status == Minutes.Status.DRAFT
    assert AuditEvent.private_objects.filter(action="meetings.minutes.create").count() == 1


def test_the_draft_is_pre_filled_from_the_record(scene, drafted):
    attendance = entry(drafted, "Attendance").text
    assert attendance.startswith(
        "Present: Councillor Alice Ashworth (in the chair), Councillor Bilal Bashir, Councillor "
        "Carys Cole and Councillor Frank Fisher (substitute for Councillor Dev Desai). Co-opted "
        "members: Mrs Jane Doe (non-voting)."
    )
    assert (
        "Attending remotely, not counted for the quorum and not voting: Councillor Emma Evans."
        in attendance
    )
    apologies = entry(drafted, "Apologies").text
    assert apologies == (
        "Apologies for absence were received from Councillor Dev Desai.\n\n"
        "Councillor Frank Fisher attended as substitute for Councillor Dev Desai."
    )
    declarations = entry(drafted, "Declarations").text
    assert declarations == (
        "Councillor Bilal Bashir declared a disclosable pecuniary interest in item 4 (Land at "
        "Mill Lane, Kingsmere: 26/01234/FUL): Owns land adjoining the site. They left the room "
        "and took no part in the discussion or vote."
    )
    # The declaration in the private item is not in the public list.
    assert "Station Road Trust" not in declarations
    application = entry(drafted, "Land at Mill Lane").text
    assert (
        "The vote was recorded by name at the request of a member. For: Councillor Alice Ashworth and Councillor Carys Cole. Against: Councillor Frank Fisher. Abstained: none."
        in application
    )
    assert "The motion was carried." in application
    assert "RESOLVED (minute 1/26-27): That planning permission be granted" in application
    assert entry(drafted, "Urgent").text == "There was no urgent business."
    assert entry(drafted, "Exclusion").text.startswith(
        "RESOLVED: that under section 100A of the Local Government Act 1972 the press and public "
        "be excluded"
    )
    depot = entry(drafted, "Sale of the Station Road depot")
    assert "RESOLVED (minute 2/26-27): That the depot be sold" in depot.text
    assert "Councillor Carys Cole declared an other registrable interest: Trustee" in depot.text
    assert "The motion that the depot be sold to the preferred bidder" in depot.text


def test_the_minute_of_a_private_item_is_restricted_like_the_item(scene, drafted):
    depot = entry(drafted, "Sale of the Station Road depot")
    assert (depot.exempt_paragraphs, depot.is_restricted) == ([3], True)
    assert depot.public_notice() == NOTICE
    assert not entry(drafted, "Land at Mill Lane").is_restricted


def test_an_inquorate_meeting_is_warned_about_in_the_minutes(scene):
    scene.record_sheet(
        vice=AttendanceLine(status="apologies", councillor=scene.vice),
        carys=AttendanceLine(status="absent", councillor=scene.carys),
        frank=None,
    )
    scene.hold()
    minutes = services.minutes_draft(meeting=scene.meeting, by=scene.officer)
    text = entry(minutes, "Attendance").text
    assert (
        "The meeting was not quorate: 1 member present in person and entitled to vote; the quorum is 3."
        in text
    )
    assert "Absent without apologies: Councillor Carys Cole." in text


def test_minutes_are_drafted_once_and_only_after_the_meeting_was_held(scene):
    with pytest.raises(ValidationError, match="Mark the meeting as held"):
        services.minutes_draft(meeting=scene.meeting, by=scene.officer)
    scene.hold()
    services.minutes_draft(meeting=scene.meeting, by=scene.officer)
    with pytest.raises(ValidationError, match="already been drafted"):
        services.minutes_draft(meeting=scene.meeting, by=scene.officer)


def test_a_minute_can_be_redrafted_from_the_record_until_the_draft_is_published(scene, drafted):
    urgent = entry(drafted, "Urgent")
    proceedings.resolution_record(
        item=urgent.item,
        text="That the chair write to the Secretary of State.",
        by=scene.officer,
        today=TODAY,
    )
    redrafted = services.minutes_redraft_entry(entry=urgent, by=scene.officer)
    assert (
        redrafted.text
        == "RESOLVED (minute 3/26-27): That the chair write to the Secretary of State."
    )
    ready(scene, drafted)
    with pytest.raises(ValidationError, match="draft minutes are published"):
        services.minutes_redraft_entry(entry=urgent, by=scene.officer)


# --------------------------------------------------------------------------------------------
# Editing, publishing
# --------------------------------------------------------------------------------------------


def test_the_draft_is_edited_and_each_change_audited(scene, drafted):
    application = entry(drafted, "Land at Mill Lane")
    services.minutes_update_entry(
        entry=application, text="Members debated the application.", by=scene.officer
    )
    application.refresh_from_db()
    assert application.text == "Members debated the application."
    [event] = AuditEvent.private_objects.filter(action="meetings.minutes_entry.update")
    assert event.changes["text"][1] == "Members debated the application."


def test_publishing_needs_every_minute_written_and_cancels_the_reminder(scene, drafted):
    services.minutes_update_entry(
        entry=entry(drafted, "Minutes of the previous"), text="", by=scene.officer
    )
    with pytest.raises(ValidationError) as excinfo:
        publish(scene, drafted)
    assert excinfo.value.message_dict == {
        "entries": [
            "Write the minute of 3 Minutes of the previous meeting before publishing the draft."
        ]
    }
    services.minutes_update_entry(
        entry=entry(drafted, "Minutes of the previous"),
        text="There were no previous minutes.",
        by=scene.officer,
    )
    from democracy import reminders
    from meetings.reminder_sources.minutes import draft_minutes_due

    reminders.schedule(draft_minutes_due(date(2026, 10, 15)))
    published = publish(scene, drafted)
    assert published.status == Minutes.Status.PUBLISHED and published.published_at
    assert Reminder.outbox.get().cancelled_at is not None
    with pytest.raises(ValidationError, match="already been published"):
        publish(scene, drafted)


# --------------------------------------------------------------------------------------------
# Approval
# --------------------------------------------------------------------------------------------


def test_the_next_ordinary_meeting_approves_and_the_minutes_are_locked(scene, drafted):
    ready(scene, drafted)
    scene.hold(scene.next_meeting)
    approved = approve(scene, drafted)
    assert approved.status == Minutes.Status.APPROVED
    assert (approved.approved_at_meeting, approved.approved_by_name) == (
        scene.next_meeting,
        "Councillor Alice Ashworth",
    )
    assert approved.locked_at is not None
    [event] = AuditEvent.private_objects.filter(action="meetings.minutes.approve")
    assert event.changes["status"] == ["published", "approved"]
    with pytest.raises(ValidationError, match="approved and are locked"):
        services.minutes_update_entry(
            entry=entry(drafted, "Land at Mill Lane"), text="Changed.", by=scene.officer
        )
    # The approving meeting's own minutes record the approval.
    scene.record_sheet(meeting=scene.next_meeting)
    next_minutes = services.minutes_draft(meeting=scene.next_meeting, by=scene.officer)
    assert entry(next_minutes, "Minutes of the previous").text == (
        "RESOLVED: that the minutes of the meeting held on 8 October 2026 be approved as a "
        "correct record and signed by the chair."
    )


def test_an_extraordinary_meeting_does_not_approve_minutes(scene, drafted):
    # SI 1993/202 Sch 2 para 2: the next ordinary meeting does.
    ready(scene, drafted)
    extraordinary = scene.make_meeting(date(2026, 10, 22), extraordinary=True)
    from meetings.models import AgendaItem

    item = AgendaItem.all_objects.create(
        meeting=extraordinary, position=9, kind="minutes", title="Minutes"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.minutes_approve(
            minutes=drafted, at_item=item, signed_by="Cllr A", by=scene.officer, today=TODAY
        )
    assert (
        "An extraordinary meeting does not approve minutes"
        in excinfo.value.message_dict["at_item"][0]
    )


def test_approval_must_come_later_in_the_same_committee_after_publication(scene, drafted):
    with pytest.raises(ValidationError, match="Publish the draft minutes"):
        approve(scene, drafted)
    ready(scene, drafted)
    with pytest.raises(ValidationError, match="must come after the meeting of 8 October 2026"):
        approve(scene, drafted, at_meeting=scene.meeting)
    with pytest.raises(ValidationError, match="has not begun yet"):
        approve(scene, drafted, today=date(2026, 11, 4))
    other = Scene.__new__(Scene)
    other.officer, other.committee = scene.officer, CommitteeFactory(name="Licensing Committee")
    elsewhere = Scene.make_meeting(other, SECOND)
    with pytest.raises(ValidationError, match="approved by a later meeting of Planning Committee"):
        approve(scene, drafted, at_meeting=elsewhere)
    with pytest.raises(ValidationError) as excinfo:
        approve(scene, drafted, signed_by=" ")
    assert excinfo.value.message_dict == {
        "signed_by": ["Enter the name of the chair who signed the minutes."]
    }
    with pytest.raises(ValidationError) as excinfo:
        services.minutes_approve(
            minutes=drafted,
            at_item=scene.item(scene.next_meeting, "apologies"),
            signed_by="Cllr A",
            by=scene.officer,
            today=TODAY,
        )
    assert "minutes of the previous meeting" in excinfo.value.message_dict["at_item"][0]
    assert Minutes.all_objects.get().status == Minutes.Status.PUBLISHED


def test_the_candidates_offer_the_next_ordinary_meeting_first(scene, drafted):
    published = ready(scene, drafted)
    scene.make_meeting(date(2026, 10, 22), extraordinary=True)
    later = scene.make_meeting(date(2026, 11, 19))
    candidates = services.approving_candidates(published, today=TODAY)
    assert [c.meeting for c in candidates] == [scene.next_meeting, later]


# --------------------------------------------------------------------------------------------
# Correction after approval
# --------------------------------------------------------------------------------------------


@pytest.fixture
def approved(scene, drafted):
    ready(scene, drafted)
    scene.hold(scene.next_meeting)
    return approve(scene, drafted)


def later_resolution(scene: Scene, text="That minute 1/26-27 be corrected to read 'granted'."):
    december = scene.make_meeting(date(2026, 11, 19))
    scene.publish(december)
    proceedings.attendance_record(
        meeting=december, lines=scene.sheet(), by=scene.officer, today=TODAY
    )
    return proceedings.resolution_record(
        item=scene.item(december, "minutes"), text=text, by=scene.officer, today=TODAY
    )


def test_a_correction_needs_a_resolution_of_a_later_meeting_and_is_audited(scene, approved):
    application = entry(approved, "Land at Mill Lane")
    before = application.text
    # A resolution of the approving meeting itself does not do.
    same_meeting = proceedings.resolution_record(
        item=scene.item(scene.next_meeting, "minutes"),
        text="Approved.",
        by=scene.officer,
        today=TODAY,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.minutes_correct(
            entry=application, text="Corrected.", resolution=same_meeting, by=scene.officer
        )
    assert (
        "after the one that approved the minutes (5 November 2026)"
        in excinfo.value.message_dict["resolution"][0]
    )
    resolution = later_resolution(scene)
    correction = services.minutes_correct(
        entry=application,
        text="Planning permission was granted.",
        resolution=resolution,
        by=scene.officer,
    )
    application.refresh_from_db()
    assert application.text == "Planning permission was granted."
    assert (correction.before_text, correction.after_text) == (
        before,
        "Planning permission was granted.",
    )
    assert (
        AuditEvent.private_objects.filter(action="meetings.minutes_correction.create").count() == 1
    )
    [event] = AuditEvent.private_objects.filter(action="meetings.minutes_entry.correct")
    assert event.note == f"Corrected by minute {resolution.reference}"
    assert resolution in services.correcting_resolutions(approved)
    assert same_meeting not in services.correcting_resolutions(approved)


def test_a_draft_is_not_corrected_by_resolution(scene, drafted):
    with pytest.raises(ValidationError, match="still a draft"):
        services.minutes_correct(
            entry=entry(drafted, "Land at Mill Lane"),
            text="x",
            resolution=proceedings.resolution_record(
                item=scene.application, text="x", by=scene.officer, today=TODAY
            ),
            by=scene.officer,
        )
    assert not MinutesCorrection.all_objects.exists()


# --------------------------------------------------------------------------------------------
# Who reads what
# --------------------------------------------------------------------------------------------


def test_restricted_minutes_never_reach_the_public(scene, drafted, councillor, other_councillor):
    assert not MinutesEntry.all_objects.public().exists()
    assert not Minutes.all_objects.public().exists()
    ready(scene, drafted)
    public = MinutesEntry.all_objects.public()
    assert "Sale of the Station Road depot" not in [e.title for e in public]
    [withheld] = MinutesEntry.all_objects.withheld()
    assert withheld["title"] == "Sale of the Station Road depot" and "text" not in withheld
    document = services.minutes_document(drafted, public=True)
    depot = next(m for m in document if m.title.startswith("Sale"))
    assert (depot.text, depot.notice) == (None, NOTICE)
    assert all("1.2 million" not in (m.text or "") for m in document)
    full = services.minutes_document(drafted, public=False)
    assert any("1.2 million" in (m.text or "") for m in full)
    assert (
        not MinutesEntry.all_objects.visible_to(other_councillor)
        .filter(title__startswith="Sale")
        .exists()
    )
    CommitteeMembership.objects.create(
        committee=scene.committee,
        councillor=councillor.councillor,
        role="member",
        start_date=date(2026, 5, 19),
    )
    assert MinutesEntry.all_objects.visible_to(councillor).filter(title__startswith="Sale").exists()
