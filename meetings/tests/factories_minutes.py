"""Minutes for the minutes tests: the Scene's first meeting recorded, its draft minutes made
ready and published, and their approval at the next meeting."""

from __future__ import annotations

from datetime import date

from meetings.models import (
    Declaration,
    Minutes,
    MinutesEntry,
)
from meetings.services import minutes as services
from meetings.services import proceedings
from meetings.tests.factories_proceedings import TODAY, Scene, at

PUBLISHED = at(date(2026, 10, 15), 12)  # the draft is published a week after the meeting
NOTICE = (
    "Minutes of this item are not for publication by virtue of paragraph 3 of Part 1 of "
    "Schedule 12A to the Local Government Act 1972."
)


def record_first_meeting(scene: Scene) -> None:
    """What happened on 8 October: the sheet, a declaration, a vote and a resolution on the
    planning application, and a vote and resolution on the private depot item."""
    scene.record_sheet()
    proceedings.declaration_record(
        item=scene.application,
        attendance=scene.attendance(scene.vice),
        type=Declaration.Type.DISCLOSABLE_PECUNIARY,
        nature="Owns land adjoining the site",
        left_room=True,
        by=scene.officer,
        today=TODAY,
    )
    proceedings.declaration_record(
        item=scene.depot,
        attendance=scene.attendance(scene.carys),
        type=Declaration.Type.OTHER_REGISTRABLE,
        nature="Trustee of the Station Road Trust, a prospective purchaser",
        left_room=True,
        by=scene.officer,
        today=TODAY,
    )
    carried = proceedings.vote_record(
        item=scene.application,
        motion="that planning permission be granted subject to conditions",
        recorded=True,
        names={
            scene.attendance(scene.chair): "for",
            scene.attendance(scene.carys): "for",
            scene.attendance(scene.frank): "against",
        },
        by=scene.officer,
        today=TODAY,
    )
    proceedings.resolution_record(
        item=scene.application,
        text="That planning permission be granted subject to the conditions in the report.",
        vote=carried,
        by=scene.officer,
        today=TODAY,
    )
    sale = proceedings.vote_record(
        item=scene.depot,
        motion="that the depot be sold to the preferred bidder for £1.2 million",
        votes_for=2,
        votes_against=1,
        by=scene.officer,
        today=TODAY,
    )
    proceedings.resolution_record(
        item=scene.depot,
        text="That the depot be sold to the preferred bidder for £1.2 million.",
        vote=sale,
        by=scene.officer,
        today=TODAY,
    )
    scene.hold()


def entry(minutes: Minutes, title_start: str) -> MinutesEntry:
    return MinutesEntry.all_objects.get(minutes=minutes, title__startswith=title_start)


def publish(scene: Scene, minutes: Minutes) -> Minutes:
    return services.minutes_publish_draft(minutes=minutes, by=scene.officer, now=PUBLISHED)


def approve(
    scene: Scene,
    minutes: Minutes,
    *,
    at_meeting=None,
    signed_by="Councillor Alice Ashworth",
    today=TODAY,
):
    at_meeting = at_meeting or scene.next_meeting
    return services.minutes_approve(
        minutes=minutes,
        at_item=scene.item(at_meeting, "minutes"),
        signed_by=signed_by,
        by=scene.officer,
        today=today,
    )


def ready(scene: Scene, minutes: Minutes) -> Minutes:
    services.minutes_update_entry(
        entry=entry(minutes, "Minutes of the previous"),
        text="There were no previous minutes.",
        by=scene.officer,
    )
    return publish(scene, minutes)
