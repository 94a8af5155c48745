"""Issue 11 item 16: published agenda numbers never change. A late item (LGA 1972 s100B(4)(b))
takes the next number after the last published item, or a supplementary number (5A) when it is
inserted before one, and goes in a supplementary pack; the public agenda page and the public pack
keep the numbers they were published with."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from meetings import packs
from meetings.models import AgendaPack
from meetings.rules.numbering import top_level_numbers
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.tests.factories_rules import add_item, make_meeting

URGENCY = "The contractor's price expires before the next meeting."


def test_items_published_with_the_agenda_keep_their_numbers():
    assert top_level_numbers([False] * 6) == ["1", "2", "3", "4", "5", "6"]
    # A late item inserted after item 5, before urgent business (item 6).
    assert top_level_numbers([False] * 5 + [True, False]) == [*"12345", "5A", "6"]
    assert top_level_numbers([False] * 5 + [True, True, False]) == [*"12345", "5A", "5B", "6"]
    # Late items after the last published one take the next numbers.
    assert top_level_numbers([False] * 6 + [True, True]) == list("12345678")
    assert top_level_numbers([False] * 4 + [True, False, False, True]) == [*"1234", "4A", *"567"]


def public_numbers(client, meeting) -> dict[str, str]:
    html = client.get(meeting.get_absolute_url()).content.decode()
    return {
        title: number
        for number, title in re.findall(r"govuk-heading-m[^>]*>\s*([0-9A-Za-z]+)\. ([^<]+)<", html)
    }


def pack_front_sheet(meeting, supplement: int = 0) -> str:
    pack = AgendaPack.all_objects.current().get(
        meeting=meeting, kind="public", supplement=supplement
    )
    with pack.file.open("rb") as handle:
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages]
    return " ".join(" ".join(pages).split())


@pytest.fixture
def published(db, officer):
    meeting = make_meeting(by=officer)
    add_item(meeting, "Land at Mill Lane", by=officer)
    add_item(meeting, "Housing allocations policy", by=officer)
    meeting_services.agenda_publish(meeting=meeting, today=date(2026, 11, 30), by=officer)
    meeting.refresh_from_db()
    return meeting


def test_a_late_item_leaves_the_published_numbers_of_the_page_and_the_pack(
    client, officer, published
):
    packs.build_meeting_packs(published)
    before = public_numbers(client, published)
    assert before == {
        "Apologies for absence and substitutions": "1",
        "Declarations of interest": "2",
        "Minutes of the previous meeting": "3",
        "Land at Mill Lane": "4",
        "Housing allocations policy": "5",
        "Urgent business": "6",
    }
    assert "6 Urgent business" in pack_front_sheet(published)

    add_item(published, "Flood defence works", urgency_reasons=URGENCY, by=officer)
    add_item(
        published,
        "Police briefing",
        confidential=True,
        urgency_reasons="Received from the police today.",
        by=officer,
    )
    packs.build_meeting_packs(published)

    after = public_numbers(client, published)
    assert {title: after[title] for title in before} == before
    assert after["Flood defence works"] == "5A"
    assert after["Exclusion of the press and public"] == "7"
    # The public pack at the same address keeps its numbers; the late public item is in the
    # supplementary pack under its supplementary number.
    front = pack_front_sheet(published)
    assert "6 Urgent business" in front and "Flood defence works" not in front
    assert "5A Flood defence works" in pack_front_sheet(published, supplement=1)


def test_a_published_agenda_keeps_its_order(officer, published):
    housing = published.items.get(title="Housing allocations policy")
    with pytest.raises(ValidationError, match="keep their order and numbers"):
        agenda_services.item_move(item=housing, up=True, by=officer)
    assert published.items.get(title="Land at Mill Lane").position == 4


def test_marking_a_published_item_exempt_does_not_renumber_the_agenda(officer, published):
    land = published.items.get(title="Land at Mill Lane")
    agenda_services.restriction_set(
        target=land,
        exempt_paragraphs=[3],
        public_interest_statement="Disclosure would prejudice the negotiations.",
        confidential=False,
        by=officer,
    )
    positions = dict(published.items.values_list("title", "position"))
    assert positions["Land at Mill Lane"] == 4
    assert positions["Housing allocations policy"] == 5
    assert positions["Urgent business"] == 6
    assert positions["Exclusion of the press and public"] == 7
