"""Running the meeting: the pages for officers (permission matrix, forms and their errors,
bounded queries, accessibility in a real browser)."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from democracy.tests.factories import TermFactory
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from meetings.models import (
    AgendaItem,
    Attendance,
    CommitteeMembership,
    Declaration,
    Resolution,
    Vote,
)
from meetings.services import proceedings as services
from meetings.tests.factories_proceedings import TODAY, Scene

OFFICERS = ["officer", "manager"]
OTHERS = ["author", "councillor", "electoral_officer", "clerk", "panel_member"]


@pytest.fixture
def scene(db):
    return Scene()


def pages(scene: Scene) -> list[tuple[str, str]]:
    """(method, url) for every page in views/proceedings.py."""
    scene.record_sheet()
    declaration = services.declaration_record(
        item=scene.application,
        attendance=scene.attendance(scene.carys),
        type="nri",
        nature="Knows the applicant",
        by=scene.officer,
        today=TODAY,
    )
    vote = services.vote_record(
        item=scene.application, motion="m", votes_for=3, by=scene.officer, today=TODAY
    )
    resolution = services.resolution_record(
        item=scene.application, text="t", by=scene.officer, today=TODAY
    )
    m, i = scene.meeting.pk, scene.application.pk
    return [
        ("get", reverse("meetings:meeting-run", args=[m])),
        ("post", reverse("meetings:meeting-held", args=[m])),
        ("get", reverse("meetings:attendance", args=[m])),
        ("get", reverse("meetings:item-proceedings", args=[i])),
        ("post", reverse("meetings:declaration-add", args=[i])),
        ("post", reverse("meetings:vote-add", args=[i])),
        ("post", reverse("meetings:resolution-add", args=[i])),
        ("post", reverse("meetings:declaration-remove", args=[declaration.pk])),
        ("post", reverse("meetings:vote-remove", args=[vote.pk])),
        ("post", reverse("meetings:resolution-remove", args=[resolution.pk])),
    ]


@pytest.mark.parametrize("persona", OFFICERS)
def test_officers_may_use_every_page(client, request, scene, persona):
    client.force_login(request.getfixturevalue(persona))
    for method, url in pages(scene):
        response = getattr(client, method)(url)
        assert response.status_code in {200, 302}, (url, response.status_code)
        if response.status_code == 302:
            assert "/account/login/" not in response["Location"]


@pytest.mark.parametrize("persona", OTHERS)
def test_other_roles_are_refused(client, request, scene, persona):
    client.force_login(request.getfixturevalue(persona))
    for method, url in pages(scene):
        assert getattr(client, method)(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client, scene):
    for method, url in pages(scene):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/login/"), (
            url
        )


def test_what_does_not_exist_is_a_404(client, officer, scene):
    client.force_login(officer)
    for name in ["meeting-run", "attendance", "item-proceedings"]:
        assert client.get(reverse(f"meetings:{name}", args=[999999])).status_code == 404
    for name in ["declaration-remove", "vote-remove", "resolution-remove", "vote-add"]:
        assert client.post(reverse(f"meetings:{name}", args=[999999])).status_code == 404


# --------------------------------------------------------------------------------------------
# The attendance sheet
# --------------------------------------------------------------------------------------------


def sheet_data(scene: Scene, **changes) -> dict[str, str]:
    """The form as an officer fills it in: seats in order chair, vice-chair, members (Carys, Dev,
    Emma), then Mrs Doe; Frank substitutes for Dev."""
    data = {
        "status_0": "present",
        "status_1": "present",
        "status_2": "present",
        "status_3": "apologies",
        "status_4": "present",
        "remote_4": "on",
        "status_5": "present",
        "subby_3": str(scene.frank.pk),
        "chair": str(scene.chair.pk),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_attendance_sheet_lists_the_committee_and_saves(client, officer, scene):
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[scene.meeting.pk])
    page = client.get(url).content.decode()
    for name in [
        "Alice Ashworth (chair)",
        "Bilal Bashir (vice-chair)",
        "Carys Cole",
        "Mrs Jane Doe",
    ]:
        assert name in page
    assert "Frank Fisher (named substitute)" in page
    response = client.post(url, sheet_data(scene))
    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=scene.meeting).count() == 7
    frank = scene.attendance(scene.frank)
    assert frank.substitute_for == scene.dev
    assert scene.attendance(scene.chair).presiding
    assert not Attendance.objects.get(coopted_name="Mrs Jane Doe").voting
    page = client.get(url).content.decode()
    assert "The meeting was quorate: 4 voting members present in person; the quorum is 3." in page


def test_a_bad_substitute_is_reported_beside_the_box_and_nothing_is_saved(client, officer, scene):
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[scene.meeting.pk])
    response = client.post(url, sheet_data(scene, status_3="absent"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Attendance" in page
    assert 'href="#id_subby_3"' in page
    assert "Councillor Dev Desai did not send apologies" in page
    assert not Attendance.objects.exists()


def test_an_unreadable_time_names_the_member(client, officer, scene):
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[scene.meeting.pk])
    response = client.post(url, sheet_data(scene, left_1="teatime"))
    page = response.content.decode()
    assert "The time Councillor Bilal Bashir left must be a time, like 7:45pm or 19:45" in page
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("18:15", time(18, 15)),
        ("18.15", time(18, 15)),
        ("6:15pm", time(18, 15)),
        ("6.15 pm", time(18, 15)),
        ("7pm", time(19, 0)),
        ("7 PM", time(19, 0)),
        ("7.30pm", time(19, 30)),
        ("7.30 p.m.", time(19, 30)),
        ("1915", time(19, 15)),
        ("12pm", time(12, 0)),
        ("noon", time(12, 0)),
    ],
)
def test_a_late_arrival_and_an_early_departure_are_recorded(
    client, officer, scene, typed, expected
):
    """Issue 11 item 9: any time on the sheet failed with "'datetime.time' has no len()"."""
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[scene.meeting.pk])
    response = client.post(url, sheet_data(scene, arrived_2=typed, left_5="20:45"))
    assert response.status_code == 302, response.content.decode()
    carys = scene.attendance(scene.carys)
    assert carys.arrived_at == expected
    assert Attendance.objects.get(coopted_name="Mrs Jane Doe").left_at == time(20, 45)
    # The sheet shows what was recorded, ready to be changed.
    page = client.get(url).content.decode()
    assert f'value="{expected:%H:%M}"' in page


@pytest.mark.parametrize(
    "typed",
    ["teatime", "25:00", "18:75", "13pm", "0am", "7:5pm", "7", "99999999999", "18:15:00:00"],
)
def test_a_nonsense_time_is_refused_naming_the_field_and_the_member(client, officer, scene, typed):
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[scene.meeting.pk])
    response = client.post(url, sheet_data(scene, arrived_2=typed))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Attendance" in page
    assert 'href="#id_arrived_2"' in page
    assert "The time Councillor Carys Cole arrived" in page
    assert not Attendance.objects.exists()


def test_an_inquorate_sheet_shows_the_warning(client, officer, scene):
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[scene.meeting.pk])
    client.post(
        url,
        sheet_data(scene, status_1="absent", status_2="absent", subby_3=""),
    )
    page = client.get(reverse("meetings:meeting-run", args=[scene.meeting.pk])).content.decode()
    assert "The meeting was not quorate: 1 member present in person" in page


# --------------------------------------------------------------------------------------------
# Declarations, votes and resolutions
# --------------------------------------------------------------------------------------------


def test_recording_an_items_declaration_vote_and_resolution(client, officer, scene):
    scene.record_sheet()
    client.force_login(officer)
    i = scene.application.pk
    response = client.post(
        reverse("meetings:declaration-add", args=[i]),
        {
            "declaration-attendance": scene.attendance(scene.vice).pk,
            "declaration-type": "dpi",
            "declaration-nature": "Owns land adjoining the site",
            "declaration-left_room": "on",
        },
    )
    assert response.status_code == 302
    assert Declaration.all_objects.get().left_room
    response = client.post(
        reverse("meetings:vote-add", args=[i]),
        {
            "vote-motion": "that permission be granted",
            "vote-recorded": "on",
            f"vote-name_{scene.attendance(scene.chair).pk}": "for",
            f"vote-name_{scene.attendance(scene.carys).pk}": "against",
            "vote-casting_vote": "for",
        },
    )
    assert response.status_code == 302
    vote = Vote.all_objects.get()
    assert (vote.votes_for, vote.votes_against, vote.result) == (1, 1, "carried")
    response = client.post(
        reverse("meetings:resolution-add", args=[i]),
        {"resolution-text": "That permission be granted.", "resolution-vote": vote.pk},
    )
    assert response.status_code == 302
    assert Resolution.all_objects.get().vote == vote
    page = client.get(reverse("meetings:item-proceedings", args=[i])).content.decode()
    assert "Minute 1/26-27" in page
    assert "Owns land adjoining the site" in page
    # Bilal declared a pecuniary interest: he is not offered a vote.
    assert f'name="vote-name_{scene.attendance(scene.vice).pk}"' not in page


def test_an_impossible_vote_is_refused_naming_the_field(client, officer, scene):
    scene.record_sheet()
    client.force_login(officer)
    response = client.post(
        reverse("meetings:vote-add", args=[scene.application.pk]),
        {"vote-motion": "that permission be granted", "vote-votes_for": "9"},
    )
    page = response.content.decode()
    assert "<title>Error: " in page
    assert 'href="#id_vote-votes_for"' in page
    assert "9 votes and abstentions were entered but only 4 members present in person" in page
    assert not Vote.all_objects.exists()
    response = client.post(
        reverse("meetings:vote-add", args=[scene.application.pk]),
        {"vote-motion": "", "vote-votes_for": "two"},
    )
    page = response.content.decode()
    assert "Enter the motion or amendment that was put to the vote" in page
    assert "Votes for must be a whole number" in page


def test_a_private_item_is_flagged(client, officer, scene):
    client.force_login(officer)
    page = client.get(reverse("meetings:item-proceedings", args=[scene.depot.pk])).content.decode()
    assert "This item was taken in private" in page


def test_marking_the_meeting_held(client, officer, scene):
    client.force_login(officer)
    response = client.post(reverse("meetings:meeting-held", args=[scene.meeting.pk]), follow=True)
    assert "The meeting is marked as held" in response.content.decode()
    scene.meeting.refresh_from_db()
    assert scene.meeting.status == "held"


# --------------------------------------------------------------------------------------------
# Bounded queries
# --------------------------------------------------------------------------------------------


def grow(scene: Scene, members: int, items: int) -> None:
    """More seats on the committee, all present; more items, each with a vote and resolution."""
    committee = scene.committee
    committee.size = 5 + members
    committee.save()
    for _ in range(members):
        councillor = TermFactory(start_date=date(2023, 5, 8)).councillor
        CommitteeMembership.objects.create(
            committee=committee, councillor=councillor, role="member", start_date=date(2026, 5, 19)
        )
    lines = [
        *scene.sheet(),
        *(
            services.AttendanceLine(status="present", councillor=s.councillor)
            for s in CommitteeMembership.objects.filter(committee=committee, role="member").exclude(
                councillor__in=[scene.carys, scene.dev, scene.emma]
            )
        ),
    ]
    services.attendance_record(meeting=scene.meeting, lines=lines, by=scene.officer, today=TODAY)
    start = scene.meeting.items.count()
    for n in range(start, start + items):
        item = AgendaItem.all_objects.create(
            meeting=scene.meeting, position=100 + n, title=f"Extra {n}"
        )
        vote = services.vote_record(
            item=item, motion="m", votes_for=2, by=scene.officer, today=TODAY
        )
        services.resolution_record(item=item, text="t", vote=vote, by=scene.officer, today=TODAY)
    recorded = services.vote_record(
        item=scene.application,
        motion=f"amendment {items}",
        recorded=True,
        names=dict.fromkeys(
            Attendance.objects.filter(
                meeting=scene.meeting, status="present", remote=False, voting=True
            ),
            "for",
        ),
        by=scene.officer,
        today=TODAY,
    )
    assert recorded.votes_for >= 4


def count_queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", ["meeting-run", "attendance", "item-proceedings"])
def test_pages_run_the_same_queries_whatever_the_size(client, officer, scene, page):
    client.force_login(officer)
    target = scene.application.pk if page == "item-proceedings" else scene.meeting.pk
    url = reverse(f"meetings:{page}", args=[target])
    grow(scene, members=1, items=1)
    small = count_queries(client, url)
    grow(scene, members=8, items=10)
    assert count_queries(client, url) == small


# --------------------------------------------------------------------------------------------
# Accessibility, in a real browser
# --------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_meeting_pages_pass_axe(live_page, officer, password):
    scene = Scene()
    scene.record_sheet()
    sign_in_with_browser(live_page, officer.username, password)
    for url in [
        reverse("meetings:meeting-run", args=[scene.meeting.pk]),
        reverse("meetings:attendance", args=[scene.meeting.pk]),
        reverse("meetings:item-proceedings", args=[scene.application.pk]),
    ]:
        live_page.goto(f"{live_page.base}{url}")
        assert axe_violations(live_page) == [], url
    # With errors showing: the error summary and the messages beside the boxes.
    live_page.goto(
        f"{live_page.base}{reverse('meetings:item-proceedings', args=[scene.application.pk])}"
    )
    live_page.get_by_label("Votes for").fill("99")
    live_page.get_by_label("Motion or amendment put to the vote").fill("that permission be granted")
    live_page.get_by_role("button", name="Record the vote").click()
    live_page.wait_for_load_state()
    assert live_page.title().startswith("Error: ")
    assert "There is a problem" in live_page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(live_page) == []
