"""The public search index (meetings/search.py): public text of agendas, reports (with the text
of uploaded PDFs), minutes and decisions is found, ranked and highlighted; exempt and
confidential text is never indexed, and a document restricted after indexing drops out at once.

Built on the agenda pack scenario (Planning Committee, 10 December 2026, with a report exempt
under paragraph 3 of Schedule 12A and an exempt appendix), the minutes scene and the decisions
register tests.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Q

from democracy.tests.factories import CommitteeFactory
from meetings import search
from meetings.models import Decision, Report, SearchEntry
from meetings.search import SearchFilters
from meetings.services import agenda as agenda_services
from meetings.services import decisions as decision_services
from meetings.services import minutes as minutes_services
from meetings.tests.factories_decisions import published_decision, record_decision
from meetings.tests.factories_minutes import ready, record_first_meeting
from meetings.tests.factories_packs import OPEN_MARKERS, PIS, make_pack_meeting
from meetings.tests.factories_proceedings import Scene

SECRETS = ["DEPOT-SECRET-PRICE", "LEISURE-SECRET-BIDS"]


def found(text: str, **filters) -> list[SearchEntry]:
    return list(search.search(SearchFilters(text=text, **filters)))


def indexed_anywhere(text: str) -> bool:
    return SearchEntry.all_objects.filter(
        Q(body__icontains=text) | Q(title__icontains=text)
    ).exists()


@pytest.fixture
def planning(db, officer):
    meeting = make_pack_meeting(officer)
    search.index_agenda(meeting)
    return meeting


def test_public_reports_and_uploaded_pdfs_are_found(planning):
    for marker in OPEN_MARKERS:
        assert found(marker), marker
    [housing] = found("HOUSING-UPLOAD")  # only in the uploaded PDF of the report
    assert (housing.kind, housing.title) == ("report", "Housing allocations policy")
    assert housing.committee.name == "Planning Committee"
    assert housing.date == date(2026, 12, 10)


def test_exempt_reports_and_appendices_are_never_indexed(planning):
    for secret in SECRETS:
        assert not found(secret)
        assert not indexed_anywhere(secret), secret
    assert not indexed_anywhere("Tender scores")  # the exempt appendix, not even its title
    # The item whose report is exempt is on the public agenda, so its heading is found.
    [item] = found("Sale of the depot")
    assert item.kind == "item"


def test_a_report_restricted_after_indexing_drops_out_before_the_index_is_refreshed(
    planning, officer
):
    assert found("MILL-LANE-REPORT")
    report = Report.all_objects.get(title__startswith="Land at Mill Lane")
    agenda_services.restriction_set(
        target=report,
        exempt_paragraphs=[5],
        public_interest_statement=PIS,
        confidential=False,
        by=officer,
    )
    assert not found("MILL-LANE-REPORT")
    search.index_agenda(planning)
    assert not indexed_anywhere("MILL-LANE-REPORT")


def test_an_item_restricted_after_indexing_keeps_only_its_heading(planning, officer):
    item = planning.items.get(title="Land at Mill Lane")
    assert found("outline planning application")  # the item's description
    agenda_services.restriction_set(
        target=item,
        exempt_paragraphs=[3],
        public_interest_statement=PIS,
        confidential=False,
        by=officer,
    )
    assert not found("outline planning application")
    search.index_agenda(planning)
    entry = SearchEntry.all_objects.get(kind="item", object_id=item.pk)
    assert entry.body == ""
    assert [e.object_id for e in found("Mill Lane", kinds=["item"])] == [item.pk]


def test_public_minutes_are_found_and_private_minutes_are_not(db):
    scene = Scene()
    record_first_meeting(scene)
    drafted = minutes_services.minutes_draft(meeting=scene.meeting, by=scene.officer)
    ready(scene, drafted)  # publishing indexes the minutes
    [minute] = found('"planning permission be granted"')
    assert minute.kind == "minute"
    assert not found("preferred bidder")
    assert not indexed_anywhere("preferred bidder")


def test_published_decisions_are_found_and_restricted_ones_never_indexed(db):
    published_decision()
    record_decision()  # recorded, not published
    published_decision(
        title="Disposal of the Station Road site",
        decision="To sell SECRET-BUYER the site.",
        exempt_paragraphs=[3],
        public_interest_statement=PIS,
    )
    [decision] = found("cycling")
    assert decision.kind == "decision"
    assert not found("SECRET-BUYER") and not indexed_anywhere("SECRET-BUYER")
    assert not found("Station Road")


def test_a_decision_is_indexed_as_published_not_as_first_recorded(db):
    decision = record_decision()
    assert not found("cycling")  # recorded, not yet published
    decision = decision_services.decision_update(
        decision=decision, changes={"reasons": "Priority routes for the greenway."}, by=None
    )
    decision_services.decision_publish(decision=decision, by=None, today=date(2025, 4, 15))
    assert found("greenway")
    assert not found("investment")


def test_titles_rank_above_mentions_and_words_are_highlighted_safely(db):
    published_decision(
        title="Car parking charges",
        reasons="Fees < £5 & unchanged; see <script>alert(1)</script> cycling note.",
    )
    published_decision(title="Cycling strategy", reasons="Routes across the district.")
    results = found("cycling")
    assert [r.title for r in results] == ["Cycling strategy", "Car parking charges"]
    snippet = search.snippet(results[1].headline)
    assert "<mark>cycling</mark>" in snippet
    assert "<script>" not in snippet  # PostgreSQL drops markup from headlines
    assert "Fees &lt; £5 &amp; unchanged" in snippet  # the rest is escaped


def test_filters_by_committee_date_and_type(planning, db):
    published_decision()  # Cabinet, decided in 2026
    assert {e.kind for e in found("Mill Lane")} >= {"item", "report"}
    assert found("Mill Lane", kinds=["report"])
    assert not found("Mill Lane", committee_id=CommitteeFactory(name="Licensing").pk)
    assert found("Mill Lane", committee_id=planning.committee_id)
    assert not found("Mill Lane", date_to=date(2026, 12, 9))
    assert found("Mill Lane", date_from=date(2026, 12, 10), date_to=date(2026, 12, 10))
    assert [e.kind for e in found("cycling", kinds=["decision"])] == ["decision"]
    assert not found("cycling", kinds=["report", "minute"])


@pytest.mark.parametrize("decisions", [3, 30])
def test_a_page_of_results_is_one_query_whatever_the_index_size(
    db, decisions, django_assert_num_queries
):
    for n in range(decisions):
        published_decision(title=f"Cycling scheme {n}")
    with django_assert_num_queries(1):
        page = list(search.search(SearchFilters(text="cycling"))[:20])
        assert all(entry.committee.name and entry.headline is not None for entry in page)
    assert len(page) == min(decisions, 20)


def test_reindexing_everything_rebuilds_the_same_index(planning, db):
    published_decision()
    before = sorted(SearchEntry.all_objects.values_list("kind", "object_id", "body"))
    SearchEntry.all_objects.all().delete()
    search.reindex_all()
    after = sorted(SearchEntry.all_objects.values_list("kind", "object_id", "body"))
    assert after == before
    assert (
        not Decision.all_objects.exclude(status=Decision.Status.RECORDED)
        .filter(published_on__isnull=True)
        .exists()
    )


def test_the_nightly_task_rebuilds_the_index(planning):
    from meetings.tasks.search import search_reindex

    SearchEntry.all_objects.all().delete()
    assert search_reindex() == 14
    assert found("MILL-LANE-UPLOAD")
