"""The minutes pages: permission matrix, the whole journey from draft to correction, who may
download which PDF, bounded queries and accessibility in a real browser."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from democracy.models import AuditEvent
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from meetings.models import (
    AgendaItem,
    CommitteeMembership,
    Minutes,
    MinutesCorrection,
    MinutesEntry,
)
from meetings.services import minutes as services
from meetings.services import proceedings
from meetings.tests.factories_minutes import PUBLISHED, approve, ready, record_first_meeting
from meetings.tests.factories_proceedings import TODAY, Scene

OFFICERS = ["officer", "manager"]
OTHERS = ["author", "councillor", "electoral_officer", "clerk", "panel_member"]
SECRET = "preferred bidder for £1.2 million"


@pytest.fixture
def scene(db):
    return Scene()


@pytest.fixture
def drafted(scene):
    record_first_meeting(scene)
    return services.minutes_draft(meeting=scene.meeting, by=scene.officer)


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response)))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def editor_pages(scene: Scene, minutes: Minutes) -> list[tuple[str, str]]:
    m = scene.meeting.pk
    entry = MinutesEntry.all_objects.filter(minutes=minutes).first()
    return [
        ("get", reverse("meetings:minutes", args=[m])),
        ("post", reverse("meetings:minutes-draft", args=[m])),
        ("post", reverse("meetings:minutes-publish", args=[m])),
        ("get", reverse("meetings:minutes-approve", args=[m])),
        ("get", reverse("meetings:minutes-entry", args=[entry.pk])),
        ("post", reverse("meetings:minutes-entry-redraft", args=[entry.pk])),
    ]


@pytest.mark.parametrize("persona", OFFICERS)
def test_officers_use_the_editor(client, request, scene, drafted, persona):
    client.force_login(request.getfixturevalue(persona))
    for method, url in editor_pages(scene, drafted):
        response = getattr(client, method)(url)
        assert response.status_code in {200, 302}, (url, response.status_code)


@pytest.mark.parametrize("persona", OTHERS)
def test_other_roles_are_refused_the_editor(client, request, scene, drafted, persona):
    client.force_login(request.getfixturevalue(persona))
    for method, url in editor_pages(scene, drafted):
        assert getattr(client, method)(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in_from_the_editor(client, scene, drafted):
    for method, url in editor_pages(scene, drafted):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_what_does_not_exist_is_a_404(client, officer, scene):
    client.force_login(officer)
    assert client.get(reverse("meetings:minutes-entry", args=[999999])).status_code == 404
    assert client.get(reverse("meetings:minutes", args=[999999])).status_code == 404
    # No minutes yet: no PDF, and nothing to publish.
    assert (
        client.get(reverse("meetings:minutes-pdf", args=[scene.meeting.pk, "public"])).status_code
        == 404
    )
    assert (
        client.post(reverse("meetings:minutes-publish", args=[scene.meeting.pk])).status_code == 404
    )
    assert (
        client.get(reverse("meetings:minutes-pdf", args=[scene.meeting.pk, "secret"])).status_code
        == 404
    )


# --------------------------------------------------------------------------------------------
# Who may download which PDF
# --------------------------------------------------------------------------------------------


def pdf_url(scene: Scene, version: str) -> str:
    return reverse("meetings:minutes-pdf", args=[scene.meeting.pk, version])


def test_before_publication_only_officers_see_the_minutes(
    client, scene, drafted, officer, councillor
):
    for version in ["public", "full"]:
        assert client.get(pdf_url(scene, version)).status_code == 404
    CommitteeMembership.objects.create(
        committee=scene.committee,
        councillor=councillor.councillor,
        role="member",
        start_date=date(2026, 5, 19),
    )
    client.force_login(councillor)
    assert client.get(pdf_url(scene, "full")).status_code == 404
    client.force_login(officer)
    response = client.get(pdf_url(scene, "public"))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    text = pdf_text(response)
    assert "DRAFT" in text and "Land at Mill Lane" in text and SECRET not in text


def test_once_published_anyone_reads_the_public_pdf_without_the_private_minute(
    client, scene, drafted
):
    ready(scene, drafted)
    response = client.get(pdf_url(scene, "public"))
    assert response.status_code == 200
    assert 'filename="minutes-planning-2026-10-08-draft.pdf"' in response["Content-Disposition"]
    text = pdf_text(response)
    assert "Land at Mill Lane" in text and SECRET not in text
    assert client.get(pdf_url(scene, "full")).status_code == 404


def test_the_full_pdf_is_for_officers_and_councillors_on_the_committee(
    client, scene, drafted, officer, councillor, other_councillor
):
    ready(scene, drafted)
    CommitteeMembership.objects.create(
        committee=scene.committee,
        councillor=councillor.councillor,
        role="member",
        start_date=date(2026, 5, 19),
    )
    for user, status in [(other_councillor, 404), (councillor, 200), (officer, 200)]:
        client.force_login(user)
        response = client.get(pdf_url(scene, "full"))
        assert response.status_code == status, user
        if status == 200:
            assert SECRET in pdf_text(response)
            assert response["Cache-Control"] == "private, no-store"


# --------------------------------------------------------------------------------------------
# The journey
# --------------------------------------------------------------------------------------------


def test_draft_edit_publish_approve_and_correct(client, officer, scene):
    record_first_meeting(scene)
    client.force_login(officer)
    m = scene.meeting.pk
    page = client.get(reverse("meetings:minutes", args=[m])).content.decode()
    assert "Draft the minutes" in page
    client.post(reverse("meetings:minutes-draft", args=[m]))
    minutes = Minutes.all_objects.get(meeting=scene.meeting)
    previous = MinutesEntry.all_objects.get(
        minutes=minutes, title__startswith="Minutes of the previous"
    )
    # The minute of the previous meeting's minutes is written from the record.
    assert previous.text == "There were no minutes of a previous meeting to approve."
    # Publishing with a minute emptied is refused, naming it.
    client.post(reverse("meetings:minutes-entry", args=[previous.pk]), {"text": ""})
    response = client.post(reverse("meetings:minutes-publish", args=[m]), follow=True)
    assert "Write the minute of 3 Minutes of the previous meeting" in response.content.decode()
    response = client.post(
        reverse("meetings:minutes-entry", args=[previous.pk]),
        {"text": "There were no previous minutes to approve."},
    )
    assert response.status_code == 302
    client.post(reverse("meetings:minutes-publish", args=[m]))
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.PUBLISHED
    # As if the draft had gone out a week after the meeting, before the next one.
    Minutes.all_objects.filter(pk=minutes.pk).update(published_at=PUBLISHED)
    # The next meeting is held and approves them.
    scene.hold(scene.next_meeting)
    proceedings.attendance_record(
        meeting=scene.next_meeting, lines=scene.sheet(), by=scene.officer, today=TODAY
    )
    page = client.get(reverse("meetings:minutes-approve", args=[m])).content.decode()
    assert "Planning Committee, 5 November 2026" in page
    assert 'value="Councillor Alice Ashworth"' in page  # the chair of that meeting, suggested
    at_item = scene.item(scene.next_meeting, "minutes")
    response = client.post(
        reverse("meetings:minutes-approve", args=[m]),
        {"at_item": at_item.pk, "signed_by": ""},
    )
    assert "Enter the name of the chair who signed the minutes" in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    client.post(
        reverse("meetings:minutes-approve", args=[m]),
        {"at_item": at_item.pk, "signed_by": "Councillor Alice Ashworth"},
    )
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED
    # Locked: the editor offers corrections, which need a later resolution.
    application = MinutesEntry.all_objects.get(minutes=minutes, title__startswith="Land at")
    page = client.get(reverse("meetings:minutes-entry", args=[application.pk])).content.decode()
    assert "No resolution of a later meeting has been recorded yet" in page
    december = scene.make_meeting(date(2026, 11, 19))
    scene.publish(december)
    resolution = proceedings.resolution_record(
        item=scene.item(december, "minutes"),
        text="That minute 4 of 8 October be corrected.",
        by=scene.officer,
        today=TODAY,
    )
    response = client.post(
        reverse("meetings:minutes-entry", args=[application.pk]),
        {"text": "Permission was granted.", "resolution": resolution.pk},
    )
    assert response.status_code == 302
    correction = MinutesCorrection.all_objects.get()
    assert (correction.after_text, correction.resolution) == ("Permission was granted.", resolution)
    assert correction.made_by == officer
    assert AuditEvent.private_objects.filter(
        action="meetings.minutes_correction.create", actor=officer
    ).exists()
    page = client.get(reverse("meetings:minutes", args=[m])).content.decode()
    assert "Corrected by minute 3/26-27 of the meeting on 19 November 2026." in page


def test_an_approved_minute_cannot_be_changed_without_a_resolution(client, officer, scene, drafted):
    published = ready(scene, drafted)
    scene.hold(scene.next_meeting)
    approve(scene, published)
    december = scene.make_meeting(date(2026, 11, 19))
    scene.publish(december)
    proceedings.resolution_record(
        item=scene.item(december, "minutes"), text="Correct it.", by=scene.officer, today=TODAY
    )
    client.force_login(officer)
    application = MinutesEntry.all_objects.get(minutes=drafted, title__startswith="Land at")
    before = application.text
    response = client.post(
        reverse("meetings:minutes-entry", args=[application.pk]), {"text": "Changed."}
    )
    assert "Choose the resolution that made the correction" in response.content.decode()
    application.refresh_from_db()
    assert application.text == before


def test_the_extraordinary_meeting_is_not_offered_for_approval(client, officer, scene, drafted):
    ready(scene, drafted)
    extraordinary = scene.make_meeting(date(2026, 10, 22), extraordinary=True)
    AgendaItem.all_objects.create(
        meeting=extraordinary, position=9, kind="minutes", title="Minutes"
    )
    client.force_login(officer)
    page = client.get(reverse("meetings:minutes-approve", args=[scene.meeting.pk])).content.decode()
    assert "22 October 2026" not in page
    assert "5 November 2026" in page


# --------------------------------------------------------------------------------------------
# Bounded queries and accessibility
# --------------------------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_editor_runs_the_same_queries_whatever_the_size(client, officer, scene):
    client.force_login(officer)
    url = reverse("meetings:minutes", args=[scene.meeting.pk])
    record_first_meeting(scene)
    minutes = services.minutes_draft(meeting=scene.meeting, by=scene.officer)
    small = count_queries(client, url)
    entries = MinutesEntry.all_objects.filter(minutes=minutes)
    for n in range(30):
        MinutesEntry.all_objects.create(
            minutes=minutes, position=100 + n, number=str(100 + n), title=f"Extra {n}", text="x"
        )
    assert entries.count() > 30
    assert count_queries(client, url) == small


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_minutes_pages_pass_axe(live_page, officer, password):
    scene = Scene()
    record_first_meeting(scene)
    minutes = services.minutes_draft(meeting=scene.meeting, by=scene.officer)
    entry = MinutesEntry.all_objects.filter(minutes=minutes, item__isnull=False).first()
    published = ready(scene, minutes)
    sign_in_with_browser(live_page, officer.username, password)
    for url in [
        reverse("meetings:minutes", args=[scene.meeting.pk]),
        reverse("meetings:minutes-entry", args=[entry.pk]),
        reverse("meetings:minutes-approve", args=[scene.meeting.pk]),
    ]:
        live_page.goto(f"{live_page.base}{url}")
        assert axe_violations(live_page) == [], url
    assert published.status == Minutes.Status.PUBLISHED
