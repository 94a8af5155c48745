"""The public pages: open to everyone (signed in or not), showing only what is published, at
permanent URLs, with a fixed number of queries whatever the data size."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from democracy.tests.factories import CommitteeFactory
from democracy.tests.factories_cache import render_public_pages_afresh
from meetings.models import AgendaPack, Decision, Meeting
from meetings.services import meetings as meeting_services
from meetings.tests.factories_public import PublicScene, add_meetings

PERSONAS = ["officer", "manager", "author", "councillor", "other_councillor"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def scene(db):
    return PublicScene()


def public_urls(scene: PublicScene) -> list[str]:
    meeting = scene.meeting
    day = timezone.localdate()
    return [
        "/",
        "/committees/",
        "/committees/planning/",
        "/meetings/",
        "/meetings/?when=past",
        "/meetings/?committee=planning&when=past",
        f"/meetings/calendar/{scene.day.year}/{scene.day.month}/",
        f"/meetings/calendar/{day.year}/{day.month}/",
        meeting.get_absolute_url(),
        reverse("meetings:public-report", args=[scene.public_report.pk]),
        "/decisions/",
        "/decisions/?committee=planning",
        f"/decisions/{scene.public_decision.pk}/",
        f"/decisions/{scene.exempt_decision.pk}/",
        "/forward-plan/",
    ]


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


# --- Who may open them ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", [None, *PERSONAS])
def test_everyone_opens_the_public_pages_without_signing_in(client, request, scene, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    for url in public_urls(scene):
        get(client, url)


def test_the_meeting_url_is_permanent(client, scene):
    meeting = scene.meeting
    canonical = meeting.get_absolute_url()
    assert canonical == f"/meetings/{meeting.pk}/planning-{scene.day:%Y-%m-%d}/"
    for url in [f"/meetings/{meeting.pk}/", f"/meetings/{meeting.pk}/old-name-2020-01-01/"]:
        response = client.get(url)
        assert response.status_code == 301 and response["Location"] == canonical


def test_what_does_not_exist_is_a_404(client, scene):
    for url in [
        "/committees/nothing/",
        "/meetings/999999/",
        "/meetings/999999/planning-2026-01-01/",
        "/meetings/calendar/2026/13/",
        "/papers/reports/999999/",
        "/decisions/999999/",
        # The exempt report exists, but is not public.
        reverse("meetings:public-report", args=[scene.exempt_report.pk]),
        reverse("meetings:public-report-pdf", args=[scene.exempt_report.pk]),
        reverse("meetings:public-pack", args=[scene.meeting.pk, "full"]),
        reverse("meetings:public-pack", args=[scene.meeting.pk, "supplement-1-full"]),
        reverse("meetings:public-pack", args=[scene.meeting.pk, "public"]),  # not built yet
    ]:
        assert client.get(url).status_code == 404, url


def test_an_unpublished_decision_is_a_404(client, scene):
    Decision.all_objects.filter(pk=scene.public_decision.pk).update(
        status=Decision.Status.RECORDED, published_on=None
    )
    assert client.get(f"/decisions/{scene.public_decision.pk}/").status_code == 404
    assert "Local plan review adopted" not in get(client, "/decisions/")


# --- What they show -------------------------------------------------------------------------------


def test_the_committee_page_shows_its_purpose_members_and_meetings(client, scene):
    upcoming = add_meetings(scene.committee, 2)
    page = get(client, "/committees/planning/")
    assert "Determines applications for planning permission." in page
    for councillor in scene.councillors:
        assert escape(f"Councillor {councillor.full_name}") in page
    assert "Chair" in page and "Planning Party" in page
    assert upcoming[0].get_absolute_url() in page and scene.meeting.get_absolute_url() in page
    assert "/committees/planning/meetings.ics" in page


def test_the_meeting_page_shows_the_public_agenda_documents_minutes_and_attendance(client, scene):
    page = get(client, scene.meeting.get_absolute_url())
    assert "PUBLIC-ITEM-TEXT" in page
    assert "Report: Local plan review" in page and "(HTML)" in page
    assert "Appendix 1: Housing numbers" in page
    assert (
        "Appendix 2: Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A" in page
    )
    assert "Disposal of the depot" in page  # the title of a private item is public
    assert "Terms of the sale" in page  # and of its sub-item, private with it
    assert "EXEMPT-SUBITEM-SECRET" not in page
    assert "Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A" in page
    assert "confidential information within the meaning of section 100A(3)" in page
    assert "The committee considered the report." in page  # the public item's minute
    assert "Minutes of this item are not for publication by virtue of paragraph 3" in page
    assert (
        "Draft minutes" in page
        and reverse("meetings:public-minutes-pdf", args=[scene.meeting.pk]) in page
    )
    assert "Local plan review adopted" in page
    assert "https://webcast.example.org/planning" in page
    for councillor in scene.councillors[:2]:
        assert escape(f"Councillor {councillor.full_name}") in page
    assert "Apologies" in page
    assert "css/public-print.css" in page and 'media="print"' in page


def test_an_unpublished_agenda_shows_no_items(client, db):
    committee = CommitteeFactory(slug="licensing", name="Licensing Committee")
    [meeting] = add_meetings(committee, 1)
    page = get(client, meeting.get_absolute_url())
    assert "The agenda has not been published yet" in page
    assert "Apologies for absence" not in page


def test_a_cancelled_meeting_says_so(client, db):
    committee = CommitteeFactory(slug="licensing", name="Licensing Committee")
    [meeting] = add_meetings(committee, 1)
    meeting_services.meeting_cancel(meeting=meeting, reason="Not enough business.", by=None)
    page = get(client, meeting.get_absolute_url())
    assert "This meeting is cancelled. Not enough business." in page


def test_public_documents_download_and_the_exempt_one_does_not(client, scene):
    from meetings.services import reports as report_services
    from meetings.tests.factories_meetings import pdf_upload

    report = scene.public_report
    assert client.get(reverse("meetings:public-report-pdf", args=[report.pk])).status_code == 404
    from meetings.models import Report

    Report.all_objects.filter(pk=report.pk).update(pdf=scene.exempt_report.pdf.name)
    response = client.get(reverse("meetings:public-report-pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    page = get(client, scene.meeting.get_absolute_url())
    assert reverse("meetings:public-report-pdf", args=[report.pk]) in page
    assert "(PDF, " in page
    assert report_services  # the upload path is exercised by the factory
    assert pdf_upload


def test_the_public_minutes_pdf_is_served_once_published(client, scene):
    response = client.get(reverse("meetings:public-minutes-pdf", args=[scene.meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_decisions_register_shows_call_in_and_when_each_takes_effect(client, scene):
    from meetings.tests.factories_decisions import record_decision

    executive = CommitteeFactory(name="Cabinet", slug="cabinet", kind="executive")
    decision = record_decision(
        decided_on=timezone.localdate(), title="Parking charges", decision_maker_committee=executive
    )
    from meetings.services import decisions as services

    decision = services.decision_publish(decision=decision, by=None, today=timezone.localdate())
    assert decision.status == Decision.Status.OPEN
    page = get(client, "/decisions/")
    assert "Parking charges" in page and "Open for call-in" in page
    assert f"Until {decision.call_in_deadline.day} {decision.call_in_deadline:%B %Y}" in page
    assert f"{decision.implementable_on.day} {decision.implementable_on:%B %Y}" in page
    detail = get(client, f"/decisions/{decision.pk}/")
    assert "Councillors may call it in until the end of" in detail


def test_the_calendar_lists_the_months_meetings(client, scene):
    page = get(client, f"/meetings/calendar/{scene.day.year}/{scene.day.month}/")
    assert scene.meeting.get_absolute_url() in page
    assert f"{scene.day:%A} {scene.day.day} {scene.day:%B}" in page
    response = client.get("/meetings/calendar/")
    today = timezone.localdate()
    assert response["Location"] == f"/meetings/calendar/{today.year}/{today.month}/"


def test_the_calendar_spans_the_months_with_meetings_and_links_no_further(client, scene):
    """Issue 11 item 13: any year from 1900 to 2999 was a page, and "Next month" led on for ever
    (a crawler trap). The calendar runs from the first month with a public meeting to the last
    (and always this month); other years are a 404."""
    today = timezone.localdate()
    [later] = add_meetings(scene.committee, 1, start=today + timedelta(days=430))
    first, last = scene.day.replace(day=1), later.date.replace(day=1)
    # Follow "Next month" from the first month: it stops at the last month with a meeting.
    url = f"/meetings/calendar/{first.year}/{first.month}/"
    page = get(client, url)
    assert 'rel="prev"' not in page
    visited = [url]
    while 'rel="next"' in page:
        url = re.search(r'href="([^"]+)" rel="next"', page)[1]
        visited.append(url)
        assert len(visited) < 30, visited
        page = get(client, url)
    assert visited[-1] == f"/meetings/calendar/{last.year}/{last.month}/"
    assert later.get_absolute_url() in page
    assert 'rel="prev"' in page
    for year in [first.year - 1, last.year + 1, 2999, 1900, 9999, 0]:
        response = client.get(f"/meetings/calendar/{year}/1/")
        assert response.status_code == 404, year
    # A month in a year with meetings but after the last one is shown, leading nowhere further.
    if last.month < 12:
        page = get(client, f"/meetings/calendar/{last.year}/12/")
        assert 'rel="next"' not in page


def test_the_calendar_of_a_council_with_no_meetings_is_this_month_alone(client, db):
    today = timezone.localdate()
    response = client.get("/meetings/calendar/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There are no meetings in" in page
    assert 'rel="next"' not in page and 'rel="prev"' not in page
    assert client.get(f"/meetings/calendar/{today.year + 1}/1/").status_code == 404


def test_the_calendar_filters_by_committee_and_keeps_the_filter_between_months(client, scene):
    other = CommitteeFactory(slug="licensing", name="Licensing Committee")
    [theirs] = add_meetings(other, 1, start=scene.day)
    month = f"/meetings/calendar/{scene.day.year}/{scene.day.month}/"
    everything = get(client, month)
    assert theirs.get_absolute_url() in everything
    assert scene.meeting.get_absolute_url() in everything
    page = get(client, f"{month}?committee=licensing")
    assert theirs.get_absolute_url() in page
    assert scene.meeting.get_absolute_url() not in page
    assert "?committee=licensing" in page  # previous and next months keep the filter


def test_the_meetings_list_filters_by_committee(client, scene):
    other = CommitteeFactory(slug="licensing", name="Licensing Committee")
    [theirs] = add_meetings(other, 1)
    [ours] = add_meetings(scene.committee, 1)
    page = get(client, "/meetings/?committee=licensing")
    assert theirs.get_absolute_url() in page and ours.get_absolute_url() not in page


def test_the_home_page_lists_upcoming_meetings_and_latest_decisions(client, scene):
    [upcoming] = add_meetings(scene.committee, 1)
    page = get(client, "/")
    assert upcoming.get_absolute_url() in page
    assert f"/decisions/{scene.public_decision.pk}/" in page


def test_the_forward_plan_lists_published_entries_only(client, db):
    from meetings.services import forward_plan as services

    entry = services.entry_create(
        title="Leisure centre contract",
        expected_decision_date=timezone.localdate() + timedelta(days=60),
        decision_maker_name="Cabinet Member for Leisure",
        contact="democratic.services@example.org",
        by=None,
    )
    assert "Leisure centre contract" not in get(client, "/forward-plan/")
    services.entry_publish_notice(entry=entry, by=None, today=timezone.localdate())
    assert "Leisure centre contract" in get(client, "/forward-plan/")


# --- Bounded queries ------------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    render_public_pages_afresh()  # measure the view, not the public page cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_every_public_page_runs_the_same_queries_whatever_the_size(client, db):
    small = PublicScene(items=2, slug="small")
    add_meetings(small.committee, 3)
    large = PublicScene(items=20, slug="large")
    add_meetings(large.committee, 30)
    for persona_scene in (small, large):
        for n in range(1 if persona_scene is small else 10):
            from meetings.services import decisions as services
            from meetings.tests.factories_decisions import record_decision

            decision = record_decision(
                kind=Decision.Kind.COMMITTEE_RESOLUTION,
                decided_on=persona_scene.day,
                title=f"Decision {n}",
                decision_maker_committee=persona_scene.committee,
            )
            services.decision_publish(decision=decision, by=None, today=persona_scene.day)

    def pages(s: PublicScene) -> list[str]:
        return [
            "/",
            "/committees/",
            f"/committees/{s.committee.slug}/",
            f"/meetings/?committee={s.committee.slug}",
            f"/meetings/?committee={s.committee.slug}&when=past",
            f"/meetings/calendar/{s.day.year}/{s.day.month}/",
            s.meeting.get_absolute_url(),
            reverse("meetings:public-report", args=[s.public_report.pk]),
            f"/decisions/?committee={s.committee.slug}",
            f"/decisions/{s.exempt_decision.pk}/",
            "/forward-plan/",
        ]

    for small_url, large_url in zip(pages(small), pages(large), strict=True):
        assert count_queries(client, small_url) == count_queries(client, large_url), large_url


def test_a_built_public_pack_is_listed_with_its_size_and_served(client, scene):
    from meetings import packs

    assert packs.build_pending_packs(older_than=timedelta(0)) == 1
    pack = AgendaPack.all_objects.public().get(meeting=scene.meeting, supplement=0)
    page = get(client, scene.meeting.get_absolute_url())
    url = reverse("meetings:public-pack", args=[scene.meeting.pk, "public"])
    assert url in page and "Agenda pack (public)" in page
    assert "KB)" in page or "MB)" in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        client.get(reverse("meetings:public-pack", args=[scene.meeting.pk, "full"])).status_code
        == 404
    )
    assert pack.kind == AgendaPack.Kind.PUBLIC
    assert Meeting.all_objects.with_public_agenda().filter(pk=scene.meeting.pk).exists()
