"""Agendas: standard items, sections, numbering with sub-items, the exclusion resolution that
follows restricted items (LGA 1972 s100A(2) and (4), Sch 12A), and late items after publication
(s100B(4)(b)): the services in meetings/services/agenda.py."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from democracy.models import AuditEvent
from meetings.models import AgendaItem
from meetings.rules.numbering import numbered
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.tests.factories_meetings import (
    actions,
    add_item,
    kinds,
    make_author,
    make_meeting,
    make_report,
)

PIS = "The public interest in maintaining the exemption outweighs disclosure while we negotiate."


@pytest.fixture
def meeting(db):
    return make_meeting()


def titles(meeting) -> list[tuple[str, str]]:
    items = list(meeting.items.all())
    return [(number, item.title) for number, item in numbered(items)]


def exclusion(meeting) -> AgendaItem | None:
    return meeting.items.filter(kind=AgendaItem.Kind.EXCLUSION).first()


# --- Sections and numbering ---------------------------------------------------------------------


def test_business_goes_between_the_minutes_and_urgent_business(meeting):
    add_item(meeting, "Land at Mill Lane")
    add_item(meeting, "Local plan review")
    assert titles(meeting) == [
        ("1", "Apologies for absence and substitutions"),
        ("2", "Declarations of interest"),
        ("3", "Minutes of the previous meeting"),
        ("4", "Land at Mill Lane"),
        ("5", "Local plan review"),
        ("6", "Urgent business"),
    ]


def test_sections_keep_their_order_public_urgent_exclusion_private(meeting):
    add_item(meeting, "Disposal of the depot", exempt_paragraphs=[3], public_interest_statement=PIS)
    add_item(meeting, "Land at Mill Lane")
    add_item(meeting, "Staffing restructure", confidential=True)
    add_item(meeting, "Local plan review")
    assert kinds(meeting) == [
        "apologies",
        "declarations",
        "minutes",
        "business",
        "business",
        "urgent_business",
        "exclusion",
        "business",
        "business",
    ]
    assert [title for _, title in titles(meeting)][3:] == [
        "Land at Mill Lane",
        "Local plan review",
        "Urgent business",
        "Exclusion of the press and public",
        "Disposal of the depot",
        "Staffing restructure",
    ]


def test_sub_items_are_numbered_with_letters(meeting):
    appeals = add_item(meeting, "Planning appeals")
    add_item(meeting, "Land at Mill Lane")
    add_item(meeting, "Appeal at 4 Church Street", parent=appeals)
    add_item(meeting, "Appeal at the Old Forge", parent=appeals)
    assert titles(meeting)[3:] == [
        ("4", "Planning appeals"),
        ("4a", "Appeal at 4 Church Street"),
        ("4b", "Appeal at the Old Forge"),
        ("5", "Land at Mill Lane"),
        ("6", "Urgent business"),
    ]


def test_a_sub_item_belongs_to_a_top_level_item_of_the_same_meeting(meeting):
    appeals = add_item(meeting, "Planning appeals")
    sub = add_item(meeting, "Appeal at 4 Church Street", parent=appeals)
    with pytest.raises(ValidationError) as caught:
        add_item(meeting, "Too deep", parent=sub)
    assert set(caught.value.message_dict) == {"parent"}
    other = make_meeting(meeting.committee, day=date(2019, 5, 21))
    elsewhere = add_item(other, "Elsewhere")
    with pytest.raises(ValidationError):
        add_item(meeting, "Wrong meeting", parent=elsewhere)


def test_moving_swaps_an_item_with_its_neighbour_in_the_same_section(meeting):
    first = add_item(meeting, "Land at Mill Lane")
    add_item(meeting, "Local plan review")
    private = add_item(meeting, "Disposal of the depot", confidential=True)
    agenda_services.item_move(item=first, up=False, by=None)
    assert [t for _, t in titles(meeting)][3:5] == ["Local plan review", "Land at Mill Lane"]
    # The last public item does not cross into private business, nor the private one up.
    first.refresh_from_db()
    agenda_services.item_move(item=first, up=False, by=None)
    private.refresh_from_db()
    agenda_services.item_move(item=private, up=True, by=None)
    assert [t for _, t in titles(meeting)][3:] == [
        "Local plan review",
        "Land at Mill Lane",
        "Urgent business",
        "Exclusion of the press and public",
        "Disposal of the depot",
    ]
    event = AuditEvent.private_objects.filter(action="meetings.agenda_item.move").first()
    assert event.object_id == str(first.pk)


def test_standard_items_keep_their_place(meeting):
    apologies = meeting.items.get(kind=AgendaItem.Kind.APOLOGIES)
    with pytest.raises(ValidationError, match="Standard items keep their place"):
        agenda_services.item_move(item=apologies, up=False, by=None)


def test_removing_an_item_renumbers_the_agenda(meeting):
    first = add_item(meeting, "Land at Mill Lane")
    add_item(meeting, "Local plan review")
    agenda_services.item_remove(item=first, by=None)
    assert titles(meeting)[3:] == [("4", "Local plan review"), ("5", "Urgent business")]
    event = AuditEvent.private_objects.get(action="meetings.agenda_item.delete")
    assert event.note == "Land at Mill Lane"


def test_items_cannot_be_removed_once_published_nor_the_exclusion_resolution(meeting):
    item = add_item(meeting, "Disposal of the depot", confidential=True)
    with pytest.raises(ValidationError, match="unmark them"):
        agenda_services.item_remove(item=exclusion(meeting), by=None)
    meeting_services.agenda_publish(meeting=meeting, today=date(2019, 4, 1), by=None)
    with pytest.raises(ValidationError, match="can no longer be removed"):
        agenda_services.item_remove(item=item, by=None)


def test_the_agenda_of_a_cancelled_meeting_cannot_be_changed(meeting):
    item = add_item(meeting)
    meeting_services.meeting_cancel(meeting=meeting, reason="No business", by=None)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="cancelled meeting cannot be changed"):
        add_item(meeting, "Another")
    with pytest.raises(ValidationError, match="cancelled meeting cannot be changed"):
        agenda_services.item_update(
            item=item, title="New", description="", is_key_decision=False, by=None
        )


def test_item_update_is_audited(meeting):
    item = add_item(meeting, "Land at Mill Lane")
    agenda_services.item_update(
        item=item,
        title="  Land at Mill Lane, Bedworth ",
        description="To determine the application.",
        is_key_decision=True,
        by=None,
    )
    item.refresh_from_db()
    assert item.title == "Land at Mill Lane, Bedworth"
    event = AuditEvent.private_objects.get(action="meetings.agenda_item.update")
    assert set(event.changes) == {"title", "description", "is_key_decision"}


# --- Exempt and confidential information: the exclusion resolution ------------------------------


def test_the_exclusion_resolution_appears_with_a_restricted_item_and_names_its_paragraphs(meeting):
    assert exclusion(meeting) is None
    item = add_item(meeting, "Disposal of the depot")
    agenda_services.restriction_set(
        target=item,
        exempt_paragraphs=[6, 1],
        public_interest_statement=PIS,
        confidential=False,
        by=None,
    )
    resolution = exclusion(meeting)
    assert resolution.description == (
        "To consider passing the following resolution: that under section 100A of the Local "
        "Government Act 1972 the press and public be excluded from the meeting for the following "
        "item of business on the grounds that it involves the likely disclosure of exempt "
        "information as defined in paragraphs 1 and 6 of Part 1 of Schedule 12A to the Act."
    )
    item.refresh_from_db()
    assert item.exempt_paragraphs == [1, 6]
    # Clearing the marking takes the resolution away again.
    agenda_services.restriction_set(
        target=item,
        exempt_paragraphs=[],
        public_interest_statement=PIS,
        confidential=False,
        by=None,
    )
    assert exclusion(meeting) is None
    item.refresh_from_db()
    assert item.public_interest_statement == ""
    assert actions().count("meetings.agendaitem.restriction") == 2


def test_the_resolution_covers_every_private_item_and_report(meeting):
    add_item(meeting, "Disposal of the depot", exempt_paragraphs=[3], public_interest_statement=PIS)
    report = make_report(add_item(meeting, "Staff pay award"), make_author())
    agenda_services.restriction_set(
        target=report,
        exempt_paragraphs=[1, 4],
        public_interest_statement=PIS,
        confidential=True,
        by=None,
    )
    text = exclusion(meeting).description
    assert "following items of business on the grounds that they involve" in text
    assert "paragraphs 1, 3 and 4 of Part 1 of Schedule 12A" in text
    assert "and the likely disclosure of confidential information (section 100A(3))" in text
    assert {t for _, t in titles(meeting)[-2:]} == {"Disposal of the depot", "Staff pay award"}
    assert actions().count("meetings.report.restriction") == 1


def test_a_confidential_item_alone(meeting):
    add_item(meeting, "Police briefing", confidential=True)
    assert exclusion(meeting).description.endswith(
        "on the grounds that it involves the likely disclosure of confidential information "
        "(section 100A(3))."
    )


def test_an_exempt_marking_needs_a_real_paragraph_and_a_public_interest_statement(meeting):
    item = add_item(meeting, "Disposal of the depot")
    with pytest.raises(ValidationError) as caught:
        agenda_services.restriction_set(
            target=item,
            exempt_paragraphs=[8],
            public_interest_statement=PIS,
            confidential=False,
            by=None,
        )
    assert caught.value.message_dict == {
        "exempt_paragraphs": [
            "Schedule 12A has no paragraph 8 describing exempt information; choose from 1 to 7."
        ]
    }
    with pytest.raises(ValidationError) as caught:
        agenda_services.restriction_set(
            target=item,
            exempt_paragraphs=[3],
            public_interest_statement=" ",
            confidential=False,
            by=None,
        )
    assert set(caught.value.message_dict) == {"public_interest_statement"}
    assert exclusion(meeting) is None
    assert "meetings.agendaitem.restriction" not in actions()


def test_a_welsh_council_uses_part_4_paragraphs(meeting, settings):
    from democracy.statutory import Nation

    settings.COUNCIL_NATION = Nation.WALES
    add_item(
        meeting, "Disposal of the depot", exempt_paragraphs=[14], public_interest_statement=PIS
    )
    assert "paragraph 14 of Part 4 of Schedule 12A" in exclusion(meeting).description


# --- Late items (s100B(4)(b)) -------------------------------------------------------------------


def test_after_publication_an_item_needs_the_chairs_reasons_of_urgency(meeting):
    meeting_services.agenda_publish(meeting=meeting, today=date(2019, 4, 1), by=None)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        add_item(meeting, "Flood response")
    assert set(caught.value.message_dict) == {"urgency_reasons"}
    assert not meeting.items.filter(title="Flood response").exists()
    late = add_item(meeting, "Flood response", urgency_reasons="The river burst its banks.")
    assert late.added_late and late.urgency_reasons == "The river burst its banks."
    event = AuditEvent.private_objects.get(action="meetings.agenda_item.create")
    assert event.changes["added_late"] == [None, True]


def test_a_late_restricted_item_brings_a_late_exclusion_resolution(meeting):
    meeting_services.agenda_publish(meeting=meeting, today=date(2019, 4, 1), by=None)
    meeting.refresh_from_db()
    add_item(meeting, "Police briefing", confidential=True, urgency_reasons="Received today.")
    resolution = exclusion(meeting)
    assert resolution.added_late and resolution.urgency_reasons


def test_before_publication_items_are_not_late(meeting):
    item = add_item(meeting, "Land at Mill Lane", urgency_reasons="Not needed")
    assert not item.added_late and item.urgency_reasons == ""


def test_the_database_refuses_a_late_item_without_reasons(meeting):
    item = add_item(meeting)
    with (
        pytest.raises(IntegrityError, match="agenda_item_late_needs_reasons"),
        transaction.atomic(),
    ):
        AgendaItem.all_objects.filter(pk=item.pk).update(added_late=True)
