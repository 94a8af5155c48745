"""Benchmarks of the public side (``make bench``): a published, held meeting of 40 items of
business (three of them private) with its minutes and decisions, read as its public page, as the
Modern.Gov web service's GetMeeting, and the council's iCalendar with 200 meetings.

Each is measured twice: rendered by its view (the public page cache emptied before every round:
what the first visitor after a publication waits for) and served from the cache (every later
anonymous visitor). The data is built in the test's own transaction and rolled back, so nothing
here is seen by another benchmark, nor theirs here. Nothing about time is asserted: the table is
printed at the end and kept in ``var/bench/public.txt``."""

from __future__ import annotations

import pytest
from django.test import Client

from democracy.benchmarks.support import Table, milliseconds, quick, render_afresh
from meetings.tests.factories_public import PublicScene, add_meetings

MEETINGS = quick(200, 20)
ITEMS = quick(37, 4)  # with the scene's own three
ROUNDS = quick(20, 2)
TABLE = Table(
    "public",
    f"Public pages in process (Django test client): a {ITEMS + 3}-item meeting, "
    f"{MEETINGS} more meetings",
    [("uncached", "uncached ms"), ("cached", "cached ms"), ("ratio", "uncached/hit")],
    notes=["uncached: the page cache emptied before each round; cached: a hit (min of rounds)"],
)


@pytest.fixture
def scene(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    scene = PublicScene(items=ITEMS, slug="public-bench")
    add_meetings(scene.committee, MEETINGS)
    render_afresh()
    return scene


def fetch(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def measure(benchmark, label: str, url: str, *, cached: bool) -> bytes:
    client = Client()
    if cached:
        fetch(client, url)  # the miss that fills the cache
        body = benchmark.pedantic(fetch, args=(client, url), rounds=ROUNDS, iterations=1)
    else:
        body = benchmark.pedantic(
            fetch, args=(client, url), setup=render_afresh, rounds=ROUNDS, iterations=1
        )
    figure = milliseconds(benchmark)["min_ms"]
    TABLE.add(label, **{"cached" if cached else "uncached": figure})
    row = TABLE.rows[label]
    if {"cached", "uncached"} <= set(row):
        TABLE.add(label, ratio=row["uncached"] / row["cached"])
    return body


@pytest.mark.django_db
@pytest.mark.parametrize("cached", [False, True], ids=["uncached", "cached"])
def test_bench_public_meeting_page(benchmark, scene, cached):
    body = measure(benchmark, "meeting page", scene.meeting.get_absolute_url(), cached=cached)
    assert b"Local plan review" in body


@pytest.mark.django_db
@pytest.mark.parametrize("cached", [False, True], ids=["uncached", "cached"])
def test_bench_web_service_get_meeting(benchmark, scene, cached):
    url = f"/mgWebService.asmx/GetMeeting?lMeetingId={scene.meeting.pk}"
    body = measure(benchmark, "GetMeeting XML", url, cached=cached)
    assert body.count(b"<agendaitem>") >= ITEMS + 3


@pytest.mark.django_db
@pytest.mark.parametrize("cached", [False, True], ids=["uncached", "cached"])
def test_bench_meetings_calendar(benchmark, scene, cached):
    body = measure(benchmark, "iCalendar", "/meetings.ics", cached=cached)
    assert body.count(b"BEGIN:VEVENT") == MEETINGS + 1
