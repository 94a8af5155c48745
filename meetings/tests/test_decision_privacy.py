"""A decision notice drawn from the minute of an item taken in private is restricted on the same
grounds as the item (issue 10, point 1: one answer to "is this agenda item private", used by
minutes and decisions alike; ``meetings.rules.privacy``).

The defect: ``decision_from_resolution`` copied the item's own marking only. For an item whose
REPORT is exempt, or a sub-item of an exempt item, the notice came out unrestricted, so once
published the public register, its API and its search entry gave the resolution in full while the
public minutes withheld it (LGA 1972 s100C(2); SI 2012/2089 reg 20: a record need not disclose
exempt information, and must not disclose confidential information).
"""

from __future__ import annotations

import re

import pytest

from meetings import search
from meetings.models import AgendaItem, Decision, Report
from meetings.services import decisions as decision_services
from meetings.services import proceedings as services
from meetings.tests.factories_decisions import record_decision
from meetings.tests.factories_proceedings import TODAY, Scene

SECRET = "Quillfeather"  # a word of the resolution, and nowhere else
PIS = "Disclosure would prejudice the council's position in the tender."


@pytest.fixture
def scene(db):
    scene = Scene()
    scene.hold()
    scene.record_sheet()
    return scene


def resolve(scene, item):
    return services.resolution_record(
        item=item,
        text=f"That the {SECRET} tender be accepted.",
        reasons="The best value of the tenders received.",
        alternatives_considered="Re-tendering, which would delay the work by a year.",
        by=scene.officer,
        today=TODAY,
    )


def item_with_exempt_report(scene) -> AgendaItem:
    """The application item (open to the public itself) given a report exempt under para 3."""
    Report.all_objects.create(
        item=scene.application,
        title="Tenders received",
        author=scene.officer,
        exempt_paragraphs=[3],
        public_interest_statement=PIS,
    )
    return scene.application


def sub_item_of_an_exempt_item(scene) -> AgendaItem:
    """A sub-item (unmarked itself) of the depot sale, exempt under para 3."""
    return AgendaItem.all_objects.create(
        meeting=scene.meeting, parent=scene.depot, position=1, title="Terms of the sale"
    )


@pytest.mark.parametrize("private_item", [item_with_exempt_report, sub_item_of_an_exempt_item])
def test_the_notice_of_a_private_item_is_restricted_on_its_grounds(client, scene, private_item):
    item = private_item(scene)
    decision = decision_services.decision_from_resolution(
        resolution=resolve(scene, item), by=scene.officer
    )
    assert decision.exempt_paragraphs == [3]
    assert decision.public_interest_statement.strip()
    assert not decision.confidential
    decision_services.decision_publish(decision=decision, by=scene.officer, today=TODAY)

    # The public register keeps the title and the notice, never the resolution.
    public = Decision.all_objects.public().get(pk=decision.pk)
    assert public.details_withheld and SECRET not in public.decision
    for url in [f"/decisions/{decision.pk}/", f"/api/v1/decisions/{decision.pk}", "/decisions/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
    # Site search finds nothing by the resolution's words (the page repeats the question).
    assert not search.search(search.SearchFilters(text=SECRET)).exists()
    found = re.search(r'id="results">\s*(\d+) results?', client.get("/search/", {"q": SECRET}).text)
    assert found and found[1] == "0"


def test_a_confidential_report_makes_the_notice_confidential(scene):
    Report.all_objects.create(
        item=scene.application, title="Counsel's opinion", author=scene.officer, confidential=True
    )
    decision = decision_services.decision_from_resolution(
        resolution=resolve(scene, scene.application), by=scene.officer
    )
    assert decision.confidential and decision.exempt_paragraphs == []


def test_the_notice_of_an_item_taken_in_public_is_not_restricted(scene):
    decision = decision_services.decision_from_resolution(
        resolution=resolve(scene, scene.application), by=scene.officer
    )
    assert not decision.is_restricted


@pytest.mark.parametrize("private_item", [item_with_exempt_report, sub_item_of_an_exempt_item])
def test_a_decision_recorded_by_hand_against_a_private_item_takes_its_restriction(
    scene, private_item
):
    item = private_item(scene)
    decision = record_decision(
        kind=Decision.Kind.COMMITTEE_RESOLUTION,
        decision_maker_committee=scene.meeting.committee,
        meeting=scene.meeting,
        agenda_item=item,
        decision=f"That the {SECRET} tender be accepted.",
        by=scene.officer,
    )
    assert decision.exempt_paragraphs == [3] and decision.is_restricted
    assert decision.public_interest_statement.strip()
    # The officer may lift it deliberately before publication.
    decision_services.decision_update(
        decision=decision,
        changes={"exempt_paragraphs": [], "public_interest_statement": ""},
        by=scene.officer,
    )
    decision.refresh_from_db()
    assert not decision.is_restricted


def test_a_decision_recorded_by_hand_keeps_the_restriction_the_officer_gave(scene):
    decision = record_decision(
        kind=Decision.Kind.COMMITTEE_RESOLUTION,
        decision_maker_committee=scene.meeting.committee,
        meeting=scene.meeting,
        agenda_item=item_with_exempt_report(scene),
        confidential=True,
        by=scene.officer,
    )
    assert decision.confidential and decision.exempt_paragraphs == []
