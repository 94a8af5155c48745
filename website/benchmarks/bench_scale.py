"""Benchmark of the public side at scale (``make bench``): a century of meetings (eight committees,
ten meetings a year each, nine agenda items a meeting: 8,000 meetings and 72,000 items, every
agenda published and indexed for search; quick mode: three years). It measures, rendered by the
view (the page cache emptied before every round) and from the cache:

- site search for a common word (thousands of matches) and a rare one (a handful): the "is this
  public" check runs once, in SQL, on the rows that match, never reading every agenda item;
- the open data API's meetings at page 50 and the public meetings list far back: both order on
  ``meetings_meeting.starts_at`` through its index, and filter on a range of it, not a date cast.

The data is built in one transaction rolled back at the end of the module, so no other benchmark
sees it. Nothing about time is asserted: the table is printed at the end of the run and kept in
``var/bench/scale.txt``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from democracy.benchmarks.support import (
    Table,
    milliseconds,
    quick,
    render_afresh,
    time_calls,
)

YEARS = quick(100, 3)
COMMITTEES = 8
PER_YEAR = 10
ITEMS = 9
ROUNDS = quick(10, 2)
RARE = "bypass"
FAR = quick(50, 2)  # a page far back (quick mode has fewer pages)
WORDS = [
    "planning",
    "housing",
    "budget",
    "transport",
    "licensing",
    "scrutiny",
    "audit",
    "waste",
    "parks",
    "leisure",
    "library",
    "school",
    "road",
    "bridge",
    "market",
    "tenancy",
    "grant",
    "policy",
    "review",
    "strategy",
]
TABLE = Table(
    "scale",
    f"{YEARS} years of meetings: {YEARS * COMMITTEES * PER_YEAR:,} meetings, "
    f"{YEARS * COMMITTEES * PER_YEAR * ITEMS:,} agenda items",
    [
        ("uncached", "uncached ms"),
        ("cached", "cached ms"),
        ("found", "found"),
        ("queries", "queries"),
    ],
    notes=["queries: of the uncached page (search: how many read the search index)"],
)


def build_century() -> None:
    from meetings.models import AgendaItem, Committee, Meeting, SearchEntry
    from meetings.search import CONFIG

    first_year = timezone.localdate().year - YEARS + 1
    committees = Committee.objects.bulk_create(
        Committee(
            name=f"Scale Committee {n}",
            slug=f"scale-{n}",
            kind="committee",
            size=9,
            quorum=3,
            established_on=date(first_year, 1, 1),
        )
        for n in range(COMMITTEES)
    )
    zone = timezone.get_current_timezone()
    meetings = []
    for year in range(first_year, first_year + YEARS):
        for committee in committees:
            for n in range(PER_YEAR):
                day = date(year, 1 + n, 3 + committee.pk % 20)
                starts = datetime.combine(day, time(18), tzinfo=zone)
                meetings.append(
                    Meeting(
                        committee=committee,
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=2),
                        location_note="Council Chamber",
                        agenda_published_at=starts - timedelta(days=7),
                        status="held" if day < timezone.localdate() else "scheduled",
                    )
                )
    meetings = Meeting.all_objects.bulk_create(meetings, batch_size=2000)
    items = []
    for index, meeting in enumerate(meetings):
        for position in range(1, ITEMS + 1):
            seed = index * ITEMS + position
            words = " ".join(WORDS[(seed * k) % len(WORDS)] for k in range(1, 12))
            rare = f" {RARE} scheme" if seed % 9973 == 0 or (index, position) == (7, 3) else ""
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=f"{WORDS[seed % len(WORDS)].title()} item {position}",
                    description=f"A report on {words}.{rare}",
                )
            )
    items = AgendaItem.all_objects.bulk_create(items, batch_size=5000)
    by_meeting = {m.pk: m for m in meetings}
    SearchEntry.all_objects.bulk_create(
        (
            SearchEntry(
                kind=SearchEntry.Kind.ITEM,
                object_id=item.pk,
                meeting_id=item.meeting_id,
                committee_id=by_meeting[item.meeting_id].committee_id,
                date=by_meeting[item.meeting_id].starts_at.date(),
                title=item.title,
                body=item.description,
            )
            for item in items
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE meetings_searchentry SET vector = "
            "setweight(to_tsvector(%s, title), 'A') || setweight(to_tsvector(%s, body), 'B')",
            [CONFIG, CONFIG],
        )
        for table in ("meetings_meeting", "meetings_agendaitem", "meetings_searchentry"):
            cursor.execute(f"ANALYZE {table}")


@pytest.fixture(scope="module")
def century(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        build_century()
        yield
        transaction.set_rollback(True)


def get(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def measure(benchmark, label: str, url: str, *, search_queries: bool = False):
    client = Client()
    render_afresh()
    with CaptureQueriesContext(connection) as captured:
        response = get(client, url)
    if search_queries:
        queries = sum("meetings_searchentry" in q["sql"] for q in captured.captured_queries)
    else:
        queries = len(captured.captured_queries)
    uncached = time_calls(lambda: get(client, url), rounds=ROUNDS, setup=render_afresh)
    get(client, url)
    benchmark.pedantic(get, args=(client, url), rounds=ROUNDS * 5, iterations=1)
    TABLE.add(
        label,
        uncached=uncached["min_ms"],
        cached=milliseconds(benchmark)["min_ms"],
        queries=queries,
    )
    return response


@pytest.mark.django_db
def test_bench_search_a_common_word(benchmark, century):
    response = measure(benchmark, "search, common word", "/search/?q=planning", search_queries=True)
    found = response.context["page"].paginator.count
    TABLE.add("search, common word", found=found)
    assert found > 100


@pytest.mark.django_db
def test_bench_search_a_rare_word(benchmark, century):
    response = measure(benchmark, "search, rare word", f"/search/?q={RARE}", search_queries=True)
    found = response.context["page"].paginator.count
    TABLE.add("search, rare word", found=found)
    assert 1 <= found < 100


@pytest.mark.django_db
def test_bench_search_a_common_word_page_5(benchmark, century):
    url = "/search/?q=planning&page=5"
    measure(benchmark, "search, common word, page 5", url, search_queries=True)


@pytest.mark.django_db
def test_bench_api_meetings_page_50(benchmark, century):
    response = measure(benchmark, f"API meetings, page {FAR}", f"/api/v1/meetings?page={FAR}")
    assert response.json()["items"], f"page {FAR} exists"


@pytest.mark.django_db
def test_bench_public_meetings_list_far_back(benchmark, century):
    measure(benchmark, f"meetings list, past, page {FAR}", f"/meetings/?when=past&page={FAR}")
