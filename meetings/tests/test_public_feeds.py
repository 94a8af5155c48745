"""The public feeds, read with real parsers: iCalendar (``icalendar``) for meetings, and RSS and
Atom (``feedparser``) for agendas, documents and decisions."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import icalendar
import pytest
from django.utils import timezone

from democracy.tests.factories import CommitteeFactory
from meetings.services import meetings as meeting_services
from meetings.tests.factories_public import PublicScene, add_meetings


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://democracy.example.org"


@pytest.fixture
def scene(db):
    return PublicScene()


def calendar(client, url: str) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_the_meetings_calendar_has_one_event_per_meeting(client, scene):
    [upcoming] = add_meetings(scene.committee, 1)
    cal = calendar(client, "/meetings.ics")
    found = events(cal)
    uid = f"meeting-{upcoming.pk}@democracy.example.org"
    event = found[uid]
    assert event["SUMMARY"] == "Planning Committee"
    assert event["LOCATION"] == "Committee Room 1"
    assert event["URL"] == f"https://democracy.example.org{upcoming.get_absolute_url()}"
    assert event["STATUS"] == "CONFIRMED"
    start = event["DTSTART"]
    assert start.params["TZID"] == "Europe/London"
    assert start.dt == timezone.localtime(upcoming.starts_at)
    assert event["DTEND"].dt == timezone.localtime(upcoming.ends_at)
    assert event["DTEND"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    # The UID is stable: the same on the next request and on the committee's own calendar.
    assert uid in events(calendar(client, "/meetings.ics"))
    assert uid in events(calendar(client, "/committees/planning/meetings.ics"))


def test_a_cancelled_meeting_is_cancelled_in_the_calendar(client, db):
    committee = CommitteeFactory(slug="licensing", name="Licensing Committee")
    [meeting] = add_meetings(committee, 1)
    meeting_services.meeting_cancel(meeting=meeting, reason="No business.", by=None)
    event = events(calendar(client, "/committees/licensing/meetings.ics"))[
        f"meeting-{meeting.pk}@democracy.example.org"
    ]
    assert event["STATUS"] == "CANCELLED"
    assert event["SUMMARY"] == "Cancelled: Licensing Committee"


def test_a_committee_calendar_holds_only_its_meetings(client, scene):
    other = CommitteeFactory(slug="licensing", name="Licensing Committee")
    [theirs] = add_meetings(other, 1)
    found = events(calendar(client, "/committees/planning/meetings.ics"))
    assert f"meeting-{theirs.pk}@democracy.example.org" not in found
    assert f"meeting-{scene.meeting.pk}@democracy.example.org" in found
    assert client.get("/committees/nothing/meetings.ics").status_code == 404


def parse(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.mark.parametrize(("suffix", "version"), [("rss", "rss20"), ("atom", "atom10")])
def test_the_documents_feed_lists_agendas_reports_and_minutes(client, scene, suffix, version):
    feed = parse(client, f"/feeds/documents.{suffix}")
    assert feed.version == version
    titles = [e.title for e in feed.entries]
    assert f"Agenda published: {scene.meeting}" in titles
    assert "Report: Report: Local plan review" in titles
    assert f"Draft minutes published: {scene.meeting}" in titles
    assert not any("depot" in t.lower() or "legal advice" in t.lower() for t in titles)
    links = [e.link for e in feed.entries]
    assert f"http://testserver{scene.meeting.get_absolute_url()}" in links
    ids = {e.id for e in feed.entries}
    assert f"tag:democracy.example.org,2026:agenda-{scene.meeting.pk}" in ids
    assert all(e.published_parsed for e in feed.entries)


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_the_decisions_feed_withholds_restricted_details(client, scene, suffix):
    feed = parse(client, f"/feeds/decisions.{suffix}")
    by_title = {e.title: e for e in feed.entries}
    public = by_title["Decision: Local plan review adopted"]
    assert "PUBLIC-DECISION-TEXT" in public.summary
    exempt = by_title["Decision: Disposal of the depot"]
    assert "not for publication" in exempt.summary
    assert "SECRET" not in exempt.summary


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_a_committee_feed_holds_its_documents_and_decisions(client, scene, suffix):
    other = PublicScene(slug="licensing")
    feed = parse(client, f"/committees/planning/feed.{suffix}")
    titles = [e.title for e in feed.entries]
    assert f"Agenda published: {scene.meeting}" in titles
    assert "Decision: Local plan review adopted" in titles
    assert f"Agenda published: {other.meeting}" not in titles
    assert feed.feed.title == "Planning Committee: agendas, documents and decisions"
    assert client.get(f"/committees/nothing/feed.{suffix}").status_code == 404


def test_feeds_run_the_same_queries_whatever_the_size(client, db, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = PublicScene(slug="small")
    add_meetings(small.committee, 3)
    large = PublicScene(items=15, slug="large")
    add_meetings(large.committee, 30, start=timezone.localdate() + timedelta(days=1))

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for template in [
        "/committees/{}/meetings.ics",
        "/committees/{}/feed.rss",
        "/committees/{}/feed.atom",
    ]:
        assert count(template.format("small")) == count(template.format("large")), template
