"""Issue 15 point 4: the agenda pack prints the previous meeting's draft minutes at "Minutes of
the previous meeting" (real WeasyPrint, read back with pypdf); minutes published after the agenda
go into a supplementary pack and leave the published pack as it was."""

from __future__ import annotations

from datetime import date, time

from meetings import packs
from meetings.models import AgendaItem, PackBuild
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.services import minutes as minutes_services
from meetings.services import proceedings
from meetings.tests.factories_packs import current, pages_text, read
from meetings.tests.factories_rules import (
    committee_with_members,
    draft_minutes,
    make_meeting,
    moment,
)

FIRST = date(2026, 9, 1)
NEXT = date(2026, 12, 10)
MINUTE_TEXT = "RESOLVED: that the hedgerow survey be commissioned."


def minutes_of(meeting, officer):
    minutes = draft_minutes(meeting, by=officer)
    business = minutes.entries.filter(item__kind=AgendaItem.Kind.BUSINESS).first()
    minutes_services.minutes_update_entry(entry=business, text=MINUTE_TEXT, by=officer)
    return minutes


def first_meeting(officer):
    committee, members = committee_with_members(3, quorum=2, name="Audit Committee", by=officer)
    first = make_meeting(committee, day=FIRST, by=officer)
    agenda_services.item_add(meeting=first, title="Hedgerow survey", by=officer)
    meeting_services.agenda_publish(meeting=first, today=date(2026, 8, 17), by=officer)
    proceedings.meeting_mark_held(meeting=first, by=officer, now=moment(FIRST, time(21, 30)))
    proceedings.attendance_record(
        meeting=first,
        lines=[
            proceedings.AttendanceLine(status="present", councillor=c, presiding=n == 0)
            for n, c in enumerate(members)
        ],
        by=officer,
        today=FIRST,
    )
    return committee, first


def next_meeting(committee, officer):
    meeting = make_meeting(committee, day=NEXT, by=officer)
    return meeting


def test_the_pack_prints_the_previous_draft_minutes_at_their_item(db, media, officer):
    committee, first = first_meeting(officer)
    minutes = minutes_of(first, officer)
    minutes_services.minutes_publish_draft(minutes=minutes, by=officer)
    meeting = next_meeting(committee, officer)
    meeting_services.agenda_publish(meeting=meeting, today=date(2026, 11, 30), by=officer)
    packs.build_meeting_packs(meeting)
    texts = pages_text(read(current(meeting, "public")))
    whole = " ".join(" ".join(texts).split())
    assert "Minutes of the meeting of Audit Committee held on 1 September 2026" in whole
    assert "DRAFT: submitted for approval as a correct record." in whole
    assert MINUTE_TEXT in whole
    # The front sheet gives the page the minutes start on, like any other paper.
    start = next(i for i, t in enumerate(texts, 1) if "Minutes of the meeting of" in t)
    front = " ".join(" ".join(texts[: start - 1]).split())
    assert "Minutes of the previous meeting" in front
    assert not AgendaItem.all_objects.filter(meeting=meeting, added_late=True).exists()


def test_minutes_published_after_the_agenda_go_into_a_supplementary_pack(db, media, officer):
    committee, first = first_meeting(officer)
    minutes = minutes_of(first, officer)
    meeting = next_meeting(committee, officer)
    meeting_services.agenda_publish(meeting=meeting, today=date(2026, 11, 30), by=officer)
    packs.build_meeting_packs(meeting)
    main = current(meeting, "public")
    main_text = " ".join(" ".join(pages_text(read(main))).split())
    assert "The minutes of the meeting held on 1 September 2026 will follow." in main_text
    assert MINUTE_TEXT not in main_text

    minutes_services.minutes_publish_draft(minutes=minutes, by=officer)
    # Publishing the minutes asks for the next meeting's packs to be built again.
    assert PackBuild.all_objects.filter(meeting=meeting, done_at=None).exists()
    result = packs.build_meeting_packs(meeting)
    assert "public" in result.unchanged and current(meeting, "public").pk == main.pk
    supplement = " ".join(" ".join(pages_text(read(current(meeting, "public", 1)))).split())
    assert "Supplementary agenda 1" in supplement
    assert MINUTE_TEXT in supplement
    minutes_item = meeting.items.get(kind=AgendaItem.Kind.MINUTES)
    assert current(meeting, "full", 1).item_ids == [minutes_item.pk]
    # A rebuild leaves the supplement where it is.
    again = packs.build_meeting_packs(meeting)
    assert {"public", "supplement-1"} <= set(again.unchanged)


def test_the_public_pack_withholds_a_private_minute_and_the_full_pack_marks_it(db, media, officer):
    committee, first = first_meeting(officer)
    minutes = minutes_of(first, officer)
    entry = minutes.entries.filter(item__kind=AgendaItem.Kind.BUSINESS).first()
    type(entry).all_objects.filter(pk=entry.pk).update(exempt_paragraphs=[3])
    minutes_services.minutes_publish_draft(minutes=minutes, by=officer)
    meeting = next_meeting(committee, officer)
    meeting_services.agenda_publish(meeting=meeting, today=date(2026, 11, 30), by=officer)
    packs.build_meeting_packs(meeting)
    public = " ".join(" ".join(pages_text(read(current(meeting, "public")))).split())
    full = " ".join(" ".join(pages_text(read(current(meeting, "full")))).split())
    assert MINUTE_TEXT not in public
    assert MINUTE_TEXT in full
    assert "NOT FOR PUBLICATION" in full
