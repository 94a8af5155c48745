"""Benchmarks of the public side (``make bench``): a published, held meeting of 40 items of
business (three of them private) with its minutes and decisions, read as its public page, as the
Modern.Gov web service's GetMeeting, and the council's iCalendar with 200 meetings. Nothing
about time is asserted: the numbers are printed and kept in the JSON report."""

from __future__ import annotations

import pytest
from django.test import Client

from meetings.tests.factories_public import PublicScene, add_meetings


@pytest.fixture
def scene(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    scene = PublicScene(items=37, slug="public-bench")
    add_meetings(scene.committee, 200)
    return scene


def fetch(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


@pytest.mark.django_db
def test_bench_public_meeting_page(benchmark, scene):
    body = benchmark(fetch, Client(), scene.meeting.get_absolute_url())
    assert b"Local plan review" in body


@pytest.mark.django_db
def test_bench_web_service_get_meeting(benchmark, scene):
    url = f"/mgWebService.asmx/GetMeeting?lMeetingId={scene.meeting.pk}"
    body = benchmark(fetch, Client(), url)
    assert body.count(b"<agendaitem>") >= 40


@pytest.mark.django_db
def test_bench_meetings_calendar(benchmark, scene):
    body = benchmark(fetch, Client(), "/meetings.ics")
    assert body.count(b"BEGIN:VEVENT") == 201
