"""One answer to "is this agenda item taken in private?" (``meetings.rules.privacy``), applied
by every public route alike: an item is private when it, or its report, is exempt or
confidential, or when it is a sub-item of an item that is (LGA 1972 s100A(4), s100B(2) and (5)).
The title of a private item is public; its description is not.

Issue 10, defect 1: site search served the description of an item whose REPORT was exempt,
while the public agenda blanked it (the search index looked only at the item and its parent).
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from democracy.constitution import sign_off_chain
from democracy.tests.factories import CommitteeFactory
from meetings import packs, search
from meetings.models import AgendaItem, AgendaPack, Report, SignOff
from meetings.rules import privacy
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.services import reports as report_services

PIS = "Disclosure would prejudice the council's negotiations."
MEETING_DAY = date(2026, 12, 10)
PUBLISHED_ON = date(2026, 11, 30)

# Words in descriptions. Each is one word, so full-text search finds it on its own.
OPEN = "Quorndonpublic"
PRIVATE = {
    "an item whose report is exempt": "Zephyrinereport",
    "an exempt item": "Brackenmarked",
    "a sub-item of an exempt item": "Tamsinparent",
    "a sub-item of an item whose report is exempt": "Wolvercote",
    "an item whose report is confidential": "Ostrakonfidential",
}


def at(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def _report(item: AgendaItem, officer, *, exempt=(), confidential=False) -> Report:
    report = report_services.report_create(
        item=item, title=f"Report: {item.title}", author=officer, by=officer
    )
    report_services.report_update(
        report=report, title=report.title, body_html="<p>The report.</p>", by=officer
    )
    if exempt or confidential:
        agenda_services.restriction_set(
            target=report,
            exempt_paragraphs=list(exempt),
            public_interest_statement=PIS if exempt else "",
            confidential=confidential,
            by=officer,
        )
    report_services.report_submit(report=report, by=officer)
    for role in sign_off_chain():
        report_services.sign_off_record(
            report=report, role=role, decision=SignOff.Decision.APPROVED, by=officer
        )
    return report


@pytest.fixture
def meeting(db, officer):
    """Audit Committee, 10 December 2026: one public item and one item of each private kind,
    every description carrying its own word; published on 30 November."""
    committee = CommitteeFactory(name="Audit Committee", slug="audit")
    meeting = meeting_services.meeting_create(
        committee=committee,
        starts_at=at(MEETING_DAY, time(18, 30)),
        ends_at=at(MEETING_DAY, time(21, 0)),
        location_note="Committee Room 1",
        by=officer,
    )

    def add(title, word, **kwargs):
        return agenda_services.item_add(
            meeting=meeting, title=title, description=f"About {word} here.", by=officer, **kwargs
        )

    public = add("Internal audit plan", OPEN)
    _report(public, officer)
    depot = add("Depot disposal", PRIVATE["an item whose report is exempt"])
    _report(depot, officer, exempt=[3])
    marked = add(
        "Staffing review",
        PRIVATE["an exempt item"],
        exempt_paragraphs=[1],
        public_interest_statement=PIS,
    )
    add("Staffing review: terms", PRIVATE["a sub-item of an exempt item"], parent=marked)
    tender = add("Leisure tender", "Tenderoverview")
    _report(tender, officer, exempt=[3])
    add(
        "Leisure tender: scores",
        PRIVATE["a sub-item of an item whose report is exempt"],
        parent=tender,
    )
    counsel = add("Counsel's opinion", PRIVATE["an item whose report is confidential"])
    _report(counsel, officer, confidential=True)
    return meeting_services.agenda_publish(meeting=meeting, by=officer, today=PUBLISHED_ON)


def results(response) -> int:
    """The number of results the search page reports (the query itself is echoed back)."""
    found = re.search(r'id="results">\s*(\d+) results?', response.content.decode())
    assert found, "the page reports no result count"
    return int(found[1])


def _assert_private_words_absent(text: str, where: str) -> None:
    for case, word in PRIVATE.items():
        assert word not in text, f"{where} shows the description of {case}"


# --- The rule ----------------------------------------------------------------------------------


def marking(*paragraphs: int, confidential: bool = False):
    return SimpleNamespace(exempt_paragraphs=list(paragraphs), confidential=confidential)


UNMARKED = marking()


@pytest.mark.parametrize(
    ("item", "report", "parent", "parent_report", "private"),
    [
        (UNMARKED, None, None, None, False),
        (UNMARKED, UNMARKED, UNMARKED, UNMARKED, False),
        (marking(3), None, None, None, True),
        (marking(confidential=True), None, None, None, True),
        (UNMARKED, marking(3), None, None, True),
        (UNMARKED, marking(confidential=True), None, None, True),
        (UNMARKED, None, marking(1), None, True),
        (UNMARKED, None, UNMARKED, marking(5), True),
        (UNMARKED, UNMARKED, UNMARKED, marking(confidential=True), True),
    ],
)
def test_the_rule(item, report, parent, parent_report, private):
    assert (
        privacy.item_is_private(item, report=report, parent=parent, parent_report=parent_report)
        is private
    )


def test_the_grounds_of_a_private_item_gather_every_marking_that_makes_it_private():
    grounds = privacy.item_restriction(
        marking(1), report=marking(3), parent=marking(7), parent_report=marking(confidential=True)
    )
    assert grounds == privacy.Restriction(exempt_paragraphs=[1, 3, 7], confidential=True)
    assert privacy.item_restriction(UNMARKED, report=None) == privacy.Restriction([], False)


def test_the_queryset_and_the_rule_agree(meeting):
    items = list(AgendaItem.all_objects.filter(meeting=meeting).with_privacy())
    by_pk = {i.pk: i for i in items}
    reports = {r.item_id: r for r in Report.all_objects.filter(item__meeting=meeting)}
    assert items
    for item in items:
        parent = by_pk.get(item.parent_id)
        expected = privacy.item_is_private(
            item,
            report=reports.get(item.pk),
            parent=parent,
            parent_report=reports.get(item.parent_id) if parent else None,
        )
        assert item.is_private is expected, item.title
    private_titles = {i.title for i in items if i.is_private}
    assert private_titles == {
        "Depot disposal",
        "Staffing review",
        "Staffing review: terms",
        "Leisure tender",
        "Leisure tender: scores",
        "Counsel's opinion",
    }


# --- Defect 1: site search ---------------------------------------------------------------------


def test_site_search_never_serves_the_description_of_an_item_whose_report_is_exempt(
    meeting, client
):
    """The regression test for issue 10 defect 1 (failed before the fix)."""
    search.index_agenda(meeting)
    word = PRIVATE["an item whose report is exempt"]
    response = client.get("/search/", {"q": word})
    assert response.status_code == 200
    assert results(response) == 0
    # The public agenda lists the item by its title only; search finds the title.
    response = client.get("/search/", {"q": "Depot disposal"})
    assert "Depot disposal" in response.content.decode()
    assert word not in response.content.decode()


def test_site_search_indexes_no_private_description_and_finds_the_public_one(meeting, client):
    search.index_agenda(meeting)
    assert results(client.get("/search/", {"q": OPEN})) == 1
    for case, word in PRIVATE.items():
        assert results(client.get("/search/", {"q": word})) == 0, case
        assert not search.search(search.SearchFilters(text=word)).exists(), case


def test_an_item_whose_report_becomes_exempt_drops_out_of_search_before_reindexing(
    meeting, officer
):
    """``SearchEntry.public()`` checks the rule again at query time."""
    search.index_agenda(meeting)
    assert search.search(search.SearchFilters(text=OPEN)).exists()
    report = Report.all_objects.get(item__meeting=meeting, item__title="Internal audit plan")
    agenda_services.restriction_set(
        target=report,
        exempt_paragraphs=[3],
        public_interest_statement=PIS,
        confidential=False,
        by=officer,
    )
    assert not search.search(search.SearchFilters(text=OPEN)).exists()
    # Indexed again, the item is found by its heading alone.
    search.index_agenda(meeting)
    assert search.search(search.SearchFilters(text="Internal audit plan", kinds=["item"])).exists()
    assert not search.search(search.SearchFilters(text=OPEN)).exists()


# --- Every public route gives the same answer --------------------------------------------------


def test_the_public_meeting_page_shows_no_private_description(meeting, client):
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert OPEN in text
    _assert_private_words_absent(text, "the public meeting page")
    for title in ("Depot disposal", "Leisure tender: scores"):
        assert title in text


def test_the_open_data_api_shows_no_private_description(meeting, client):
    body = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    items = {i["title"]: i for i in body["items"]}
    assert OPEN in items["Internal audit plan"]["description"]
    assert not items["Internal audit plan"]["restricted"]
    for title in ("Depot disposal", "Leisure tender: scores", "Staffing review: terms"):
        assert items[title]["description"] == ""
        assert items[title]["restricted"] is True
        assert items[title]["restriction_notice"].startswith("Not for publication")
    _assert_private_words_absent(str(body), "the API")


def test_the_moderngov_service_shows_no_private_description(meeting, client):
    text = client.get(
        reverse("moderngov-op", args=["GetMeeting"]), {"lMeetingId": meeting.pk}
    ).content.decode()
    assert OPEN in text
    _assert_private_words_absent(text, "GetMeeting")
    restricted = dict(
        re.findall(
            r"<agendaitemtitle>([^<]+)</agendaitemtitle>.*?<isrestricted>(\w+)</isrestricted>",
            text,
            re.S,
        )
    )
    assert restricted["Internal audit plan"] == "False"
    assert restricted["Leisure tender: scores"] == "True"
    assert restricted["Depot disposal"] == "True"


def test_the_public_pack_front_sheet_shows_no_private_description(meeting):
    packs.build_meeting_packs(meeting)
    pack = AgendaPack.all_objects.public().get(meeting=meeting, supplement=0)
    with pack.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert OPEN in text
    _assert_private_words_absent(text, "the public pack")
    full = AgendaPack.all_objects.current().get(meeting=meeting, kind="full", supplement=0)
    with full.file.open("rb") as handle:
        full_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    for word in PRIVATE.values():  # the members' pack has everything
        assert word in full_text


def test_the_portal_shows_private_descriptions_only_to_those_entitled(
    meeting, client, councillor, officer
):
    url = reverse("meetings:portal-meeting", args=[meeting.pk])
    client.force_login(councillor)  # a serving councillor who does not sit on the committee
    text = client.get(url).content.decode()
    assert OPEN in text
    _assert_private_words_absent(text, "the portal for a councillor not on the committee")
