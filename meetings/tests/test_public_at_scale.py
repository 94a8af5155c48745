"""The public side stays fast as the years of meetings pile up (issue 11, item 14), shown by the
plans PostgreSQL makes, not by timing (``website/benchmarks/bench_scale.py`` has the figures):

- search checks "is this public" once per page, in SQL, and only on the rows the words match:
  it never reads every agenda item (a hashed subplan over all published items did, twice per
  page: once to count and once for the page);
- the meetings lists and the API filter on a range of ``starts_at`` and order on it through its
  index (a date cast of the column could use no index, so page 50 sorted every meeting).
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from democracy.tests.factories import CommitteeFactory
from democracy.tests.factories_cache import render_public_pages_afresh
from meetings import search
from meetings.models import AgendaItem, Meeting, SearchEntry
from meetings.search import SearchFilters

ITEMS = 3000


def local(day: date, hour: int = 18) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def many_items(db):
    """Thirty published meetings of 100 items each, indexed; one item mentions a bypass."""
    committee = CommitteeFactory(name="Highways Committee", slug="highways")
    meetings = Meeting.all_objects.bulk_create(
        Meeting(
            committee=committee,
            starts_at=local(date(2020, 1, 6) + timedelta(days=7 * n)),
            ends_at=local(date(2020, 1, 6) + timedelta(days=7 * n), 20),
            location_note="Council Chamber",
            agenda_published_at=local(date(2020, 1, 1) + timedelta(days=7 * n)),
            status="held",
        )
        for n in range(ITEMS // 100)
    )
    items = AgendaItem.all_objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=position,
            title=f"Road maintenance item {position}",
            description="The bypass scheme." if (meeting, position) == (meetings[7], 3) else "",
        )
        for meeting in meetings
        for position in range(1, 101)
    )
    SearchEntry.all_objects.bulk_create(
        SearchEntry(
            kind=SearchEntry.Kind.ITEM,
            object_id=item.pk,
            meeting=item.meeting,
            committee=committee,
            date=item.meeting.starts_at.date(),
            title=item.title,
            body=item.description,
        )
        for item in items
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE meetings_searchentry SET vector = to_tsvector('english', title || ' ' || body)"
        )
        for table in ("meetings_meeting", "meetings_agendaitem", "meetings_searchentry"):
            cursor.execute(f"ANALYZE {table}")
    return meetings


def rows_read(plan: dict, table: str) -> int:
    """Rows the executed plan read from ``table`` (over every loop of every node)."""
    total = 0
    if plan.get("Relation Name") == table:
        total += plan["Actual Rows"] * plan["Actual Loops"]
    for child in plan.get("Plans", []):
        total += rows_read(child, table)
    return total


def test_search_checks_only_the_rows_it_matched(many_items):
    query = search.search(SearchFilters(text="bypass"))
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        [[plan]] = cursor.fetchone()
    assert [entry.title for entry in query] == ["Road maintenance item 3"]
    read = rows_read(plan["Plan"], "meetings_agendaitem")
    assert read < 50, f"search read {read} agenda items to find one ({ITEMS} published)"


def test_the_search_page_checks_what_is_public_once(client, many_items):
    render_public_pages_afresh()
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/search/?q=road+maintenance&page=2")
    assert page.status_code == 200
    assert page.context["page"].paginator.count == ITEMS
    assert page.context["page"].number == 2
    assert len(page.context["page"].object_list) == 20
    public_checks = [q for q in captured.captured_queries if "meetings_agendaitem" in q["sql"]]
    assert len(public_checks) == 1, "the public filter ran more than once for one page"


def plan_of(sql: str) -> str:
    """The plan of ``sql`` (as captured, its values written in) when a sequential scan is the
    last resort: what an index can serve shows."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        [[plan]] = cursor.fetchone()
        cursor.execute("SET LOCAL enable_seqscan = on")
    return json.dumps(plan)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/meetings?date_from=2020-03-02&date_to=2020-06-29&page=2&page_size=5",
        "/meetings/?when=past&page=2",
    ],
)
def test_meeting_lists_filter_and_order_on_the_starts_at_index(client, many_items, url):
    render_public_pages_afresh()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    [listing] = [
        q for q in captured.captured_queries
        if q["sql"].lstrip().startswith("SELECT") and 'FROM "meetings_meeting"' in q["sql"]
        and "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]
    ]  # fmt: skip
    assert "AT TIME ZONE" not in listing["sql"], "a date cast of starts_at: no index can serve it"
    assert "meeting_starts_at" in plan_of(listing["sql"]), "the starts_at index is not used"


def test_a_day_is_the_council_s_day_at_either_end(db, many_items):
    """The range runs from local midnight to the next: a meeting late in the evening belongs to
    its own day, in summer time as in winter."""
    committee = many_items[0].committee
    late = Meeting.all_objects.create(
        committee=committee,
        starts_at=local(date(2026, 7, 1), 23).replace(minute=30),
        ends_at=local(date(2026, 7, 1), 23).replace(minute=59),
        location_note="Online",
    )
    assert list(Meeting.all_objects.on_days(first=date(2026, 7, 1), last=date(2026, 7, 1))) == [
        late
    ]
    assert not Meeting.all_objects.on_days(first=date(2026, 7, 2)).filter(pk=late.pk).exists()
    assert Meeting.all_objects.before_day(date(2026, 7, 2)).filter(pk=late.pk).exists()
    assert Meeting.all_objects.on_days(last=date.max).filter(pk=late.pk).exists()
