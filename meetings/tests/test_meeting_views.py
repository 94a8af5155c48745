"""Officer pages for meetings: the list with publication countdowns, scheduling a meeting or a
year of meetings (with room clashes on the room field), rescheduling, cancelling, postponing,
and the meeting page (the agenda builder) with its publication deadline panel."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from democracy import calendars
from democracy.council import meeting_calendar
from democracy.tests.factories import CommitteeFactory
from meetings.models import Meeting, MeetingSeries
from meetings.rules.numbering import numbered
from meetings.services import meetings as meeting_services
from meetings.tests.factories_meetings import (
    add_item,
    make_author,
    make_meeting,
    make_report,
    make_room,
)
from meetings.tests.factories_views import OFFICERS_ONLY, a_future_tuesday, check_access


def working_days_left(latest: date) -> int:
    today = timezone.localdate()
    return len(
        calendars.working_days_in_range(
            today + timedelta(days=1), latest, calendar=meeting_calendar()
        )
    )


@pytest.fixture
def planning(db):
    return CommitteeFactory(name="Planning Committee")


@pytest.fixture
def upcoming(planning):
    return make_meeting(planning, day=a_future_tuesday())


# --- Who may open the pages ---------------------------------------------------------------------


def test_only_officers_open_the_meeting_pages(client, request, upcoming):
    for url in [
        "/officers/meetings/",
        "/officers/meetings/new/",
        "/officers/meetings/series/new/",
        f"/officers/meetings/{upcoming.pk}/",
        f"/officers/meetings/{upcoming.pk}/reschedule/",
        f"/officers/meetings/{upcoming.pk}/cancel/",
        f"/officers/meetings/{upcoming.pk}/postpone/",
    ]:
        check_access(client, request, url, OFFICERS_ONLY)


def test_a_meeting_that_does_not_exist_is_a_404(client, officer):
    client.force_login(officer)
    assert client.get("/officers/meetings/999999/").status_code == 404
    assert client.get("/officers/meetings/999999/cancel/").status_code == 404


# --- The list -----------------------------------------------------------------------------------


def test_the_list_shows_each_meetings_publication_countdown(client, officer, upcoming):
    client.force_login(officer)
    response = client.get("/officers/meetings/")
    latest = meeting_services.deadline_for(upcoming).latest_publication
    left = working_days_left(latest)
    text = response.content.decode()
    assert f"Publish by {latest:%-d %B %Y}" in text
    assert f"{left} working days left" in text
    assert "Scheduled" in text
    [shown] = response.context["meetings"]
    assert shown.countdown.working_days_left == left
    assert shown.countdown.summary == f"Publish by {latest:%-d %B %Y} ({left} working days left)"


def test_the_list_filters_by_committee_and_shows_past_meetings(client, officer, upcoming):
    licensing = CommitteeFactory(name="Licensing Committee")
    make_meeting(licensing, day=a_future_tuesday(10))
    past = make_meeting(licensing, day=date(2019, 4, 23))
    client.force_login(officer)
    response = client.get(f"/officers/meetings/?committee={licensing.pk}")
    assert [m.committee for m in response.context["meetings"]] == [licensing]
    response = client.get("/officers/meetings/?when=past")
    assert response.context["meetings"] == [past]
    # Once the latest lawful date has gone by, the list says so.
    assert "Publication deadline passed" in response.content.decode()
    assert "It was 11 April 2019" in response.content.decode()


def test_the_list_runs_the_same_queries_with_5_and_40_meetings(client, officer, planning):
    client.force_login(officer)

    def count() -> int:
        client.get("/officers/meetings/")
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/officers/meetings/")
        assert response.status_code == 200
        return len(captured)

    rooms = [make_room(f"Room {n}") for n in range(3)]
    start = a_future_tuesday(2)
    for n in range(5):
        make_meeting(planning, day=start + timedelta(days=n), room=rooms[n % 3])
    small = count()
    for n in range(5, 40):
        make_meeting(planning, day=start + timedelta(days=n), room=rooms[n % 3])
    assert count() == small
    assert len(client.get("/officers/meetings/").context["meetings"]) == 40


# --- Scheduling ---------------------------------------------------------------------------------


def meeting_form(committee, day: date, **overrides) -> dict:
    data = {
        "committee": committee.pk,
        "meeting_date_0": day.day,
        "meeting_date_1": day.month,
        "meeting_date_2": day.year,
        "start_time": "6:30pm",
        "end_time": "21:00",
        "room": "",
        "location_note": "",
        "webcast_url": "",
        "remote_attendance_url": "",
    }
    return {**data, **overrides}


def test_scheduling_a_meeting(client, officer, planning):
    room = make_room()
    day = a_future_tuesday()
    client.force_login(officer)
    response = client.post(
        "/officers/meetings/new/",
        meeting_form(
            planning,
            day,
            room=room.pk,
            is_extraordinary="on",
            webcast_url="https://webcast.example.org/planning",
            remote_attendance_url="teams.example.org/join/123",
        ),
    )
    meeting = Meeting.all_objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/officers/meetings/{meeting.pk}/"
    local = timezone.localtime(meeting.starts_at)
    assert (local.date(), local.time()) == (day, time(18, 30))
    assert timezone.localtime(meeting.ends_at).time() == time(21, 0)
    assert meeting.is_extraordinary and meeting.booking.room == room
    assert meeting.remote_attendance_url == "https://teams.example.org/join/123"
    page = client.get(response["Location"]).content.decode()
    assert "Meeting scheduled: Planning Committee" in page
    assert "6:30pm to 9pm" in page


def test_a_room_clash_is_shown_on_the_room_field(client, officer, planning):
    room = make_room()
    day = a_future_tuesday()
    make_meeting(CommitteeFactory(name="Licensing Committee"), day=day, room=room)
    client.force_login(officer)
    response = client.post(
        "/officers/meetings/new/",
        meeting_form(planning, day, room=room.pk, start_time="7pm", end_time="10pm"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["room"]
    assert form.errors["room"][0].startswith(
        "Council Chamber, Town Hall is already booked for Licensing Committee on "
    )
    text = response.content.decode()
    assert "<title>Error: Schedule a meeting" in text
    assert 'href="#id_room"' in text
    assert Meeting.all_objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"committee": "", "meeting_date_0": "", "start_time": "", "end_time": ""},
            {
                "committee": ["Choose the committee that is meeting"],
                "meeting_date": ["Date of the meeting must include a day"],
                "start_time": ["Enter the start time"],
                "end_time": ["Enter the expected end time"],
            },
        ),
        (
            {"start_time": "half six", "end_time": "25:00"},
            {
                "start_time": ["Start time must be a time, like 6:30pm or 18:30"],
                "end_time": ["Expected end time must be a real time, like 6:30pm or 18:30"],
            },
        ),
        (
            {"start_time": "6", "end_time": "5pm"},
            {"start_time": ["Start time must say am or pm, like 6pm, or be like 18:00"]},
        ),
        (
            {"start_time": "7pm", "end_time": "6:30pm"},
            {"end_time": ["The expected end time must be after the start time"]},
        ),
        (
            {"room": "", "location_note": " "},
            {"room": ["Choose a room, or say where the meeting will be held"]},
        ),
        (
            {"webcast_url": "not a link at all"},
            {"webcast_url": ["Enter the webcast link as a web address, like https://…"]},
        ),
    ],
    ids=["missing", "not times", "no am or pm", "ends first", "nowhere", "bad link"],
)
def test_scheduling_errors_name_the_field(client, officer, planning, overrides, errors):
    client.force_login(officer)
    data = meeting_form(planning, a_future_tuesday(), location_note="Town Hall")
    response = client.post("/officers/meetings/new/", {**data, **overrides})
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert not Meeting.all_objects.exists()


def series_form(committee, lines: str, **overrides) -> dict:
    data = {
        "committee": committee.pk,
        "municipal_year": "2026",
        "dates": lines,
        "start_time": "6:30pm",
        "end_time": "9pm",
        "room": "",
        "location_note": "",
    }
    return {**data, **overrides}


def test_scheduling_a_year_of_meetings(client, officer, planning):
    room = make_room()
    client.force_login(officer)
    response = client.post(
        "/officers/meetings/series/new/",
        series_form(planning, "16/6/2026\n\n14/7/2026 \r\n8/9/2026", room=room.pk),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/officers/meetings/?committee={planning.pk}&when=upcoming"
    series = MeetingSeries.objects.get()
    assert [m.date for m in series.meetings.order_by("starts_at")] == [
        date(2026, 6, 16),
        date(2026, 7, 14),
        date(2026, 9, 8),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "3 meetings scheduled for Planning Committee 2026/27" in page


def test_a_year_of_meetings_lists_every_bad_line_and_every_clash(client, officer, planning):
    room = make_room()
    licensing = CommitteeFactory(name="Licensing Committee")
    make_meeting(licensing, day=date(2026, 7, 14), room=room)
    make_meeting(licensing, day=date(2026, 9, 8), room=room)
    client.force_login(officer)
    response = client.post(
        "/officers/meetings/series/new/",
        series_form(planning, "16/6/2026\n31/6/2026\nnext week\n16/6/2026", room=room.pk),
    )
    assert response.context["form"].errors == {
        "dates": [
            "Line 2: “31/6/2026” is not a date like 16/6/2026",
            "Line 3: “next week” is not a date like 16/6/2026",
            "Line 4: 16 June 2026 is given twice",
        ]
    }
    response = client.post(
        "/officers/meetings/series/new/",
        series_form(planning, "16/6/2026\n14/7/2026\n8/9/2026", room=room.pk),
    )
    assert response.context["form"].errors == {
        "dates": [
            "14 July 2026: Council Chamber, Town Hall is booked for Licensing Committee",
            "8 September 2026: Council Chamber, Town Hall is booked for Licensing Committee",
        ]
    }
    assert not MeetingSeries.objects.exists()
    assert Meeting.all_objects.filter(committee=planning).count() == 0


# --- Rescheduling, cancelling and postponing ----------------------------------------------------


def test_rescheduling_a_meeting(client, officer, upcoming):
    room = make_room()
    new_day = upcoming.date + timedelta(days=7)
    client.force_login(officer)
    page = client.get(f"/officers/meetings/{upcoming.pk}/reschedule/")
    assert page.context["form"].initial["start_time"] == time(18, 30)
    response = client.post(
        f"/officers/meetings/{upcoming.pk}/reschedule/",
        {
            "meeting_date_0": new_day.day,
            "meeting_date_1": new_day.month,
            "meeting_date_2": new_day.year,
            "start_time": "10am",
            "end_time": "12:30pm",
            "room": room.pk,
        },
    )
    assert response.status_code == 302
    upcoming.refresh_from_db()
    assert upcoming.date == new_day and upcoming.room == room
    assert timezone.localtime(upcoming.starts_at).time() == time(10, 0)


def test_cancelling_needs_a_reason(client, officer, upcoming):
    client.force_login(officer)
    url = f"/officers/meetings/{upcoming.pk}/cancel/"
    response = client.post(url, {"reason": ""})
    assert response.context["form"].errors == {"reason": ["Enter why the meeting is cancelled"]}
    response = client.post(url, {"reason": "No business to transact"})
    assert response.status_code == 302
    upcoming.refresh_from_db()
    assert upcoming.status == Meeting.Status.CANCELLED
    page = client.get(f"/officers/meetings/{upcoming.pk}/").content.decode()
    assert "No business to transact" in page
    assert "Publish the agenda" not in page
    # A cancelled meeting cannot be cancelled, postponed or moved again.
    for action in ("cancel", "postpone", "reschedule"):
        response = client.get(f"/officers/meetings/{upcoming.pk}/{action}/", follow=True)
        assert response.redirect_chain == [(f"/officers/meetings/{upcoming.pk}/", 302)]
        assert "A cancelled meeting cannot be" in response.content.decode()
    upcoming.refresh_from_db()
    assert upcoming.status_reason == "No business to transact"


def test_postponing_a_meeting_to_a_later_one(client, officer, upcoming):
    later = make_meeting(upcoming.committee, day=upcoming.date + timedelta(weeks=4))
    make_meeting(upcoming.committee, day=upcoming.date - timedelta(weeks=4))  # earlier: not offered
    make_meeting(CommitteeFactory(name="Cabinet"), day=later.date)  # other committee: not offered
    client.force_login(officer)
    url = f"/officers/meetings/{upcoming.pk}/postpone/"
    assert list(client.get(url).context["form"].fields["postponed_to"].queryset) == [later]
    response = client.post(url, {"reason": "Awaiting the inspector", "postponed_to": later.pk})
    assert response.status_code == 302
    upcoming.refresh_from_db()
    assert upcoming.status == Meeting.Status.POSTPONED
    assert upcoming.status_reason == "Awaiting the inspector"
    assert upcoming.postponed_to == later
    text = client.get(f"/officers/meetings/{upcoming.pk}/").content.decode()
    assert f'href="/officers/meetings/{later.pk}/"' in text
    # A postponed meeting is not moved (its business goes to the later one), but can be cancelled.
    response = client.get(f"/officers/meetings/{upcoming.pk}/reschedule/", follow=True)
    assert "A postponed meeting cannot be moved." in response.content.decode()
    assert client.get(f"/officers/meetings/{upcoming.pk}/cancel/").status_code == 200


# --- The meeting page ---------------------------------------------------------------------------


def test_the_meeting_page_shows_the_deadline_of_nuneaton_and_bedworths_meeting(
    client, officer, planning
):
    # Tuesday 23 April 2019 (DOMAIN A1.2): latest publication Thursday 11 April 2019.
    meeting = make_meeting(planning, day=date(2019, 4, 23))
    client.force_login(officer)
    response = client.get(f"/officers/meetings/{meeting.pk}/")
    text = response.content.decode()
    assert "Publication deadline passed" in text
    assert "Thursday 11 April 2019" in text  # latest publication
    assert "Thursday 4 April 2019" in text  # report deadline
    assert "Fri 19 April: Good Friday" in text
    assert "Mon 22 April: Easter Monday (bank holiday in England)" in text
    assert response.context["deadline"].latest_publication == date(2019, 4, 11)


def test_the_meeting_page_counts_down_to_publication(client, officer, upcoming):
    client.force_login(officer)
    response = client.get(f"/officers/meetings/{upcoming.pk}/")
    latest = meeting_services.deadline_for(upcoming).latest_publication
    text = response.content.decode()
    assert f"{latest:%A %-d %B %Y}" in text
    assert f"{working_days_left(latest)} working days left" in text


def test_the_meeting_page_shows_the_numbered_agenda_with_markings(client, officer, upcoming):
    pis = "Commercially sensitive while the sale is negotiated."
    appeals = add_item(upcoming, "Planning appeals", description="To note the appeals.")
    add_item(upcoming, "Appeal at 4 Church Street", parent=appeals)
    add_item(upcoming, "Appeal at the Old Forge", parent=appeals)
    depot = add_item(
        upcoming, "Disposal of the depot", exempt_paragraphs=[1, 6], public_interest_statement=pis
    )
    add_item(upcoming, "Police briefing", confidential=True)
    make_report(depot, make_author())
    client.force_login(officer)
    response = client.get(f"/officers/meetings/{upcoming.pk}/")
    rows = response.context["rows"]
    assert [(row["number"], row["item"].title) for row in rows] == [
        ("1", "Apologies for absence and substitutions"),
        ("2", "Declarations of interest"),
        ("3", "Minutes of the previous meeting"),
        ("4", "Planning appeals"),
        ("4a", "Appeal at 4 Church Street"),
        ("4b", "Appeal at the Old Forge"),
        ("5", "Urgent business"),
        ("6", "Exclusion of the press and public"),
        ("7", "Disposal of the depot"),
        ("8", "Police briefing"),
    ]
    text = response.content.decode()
    assert "Exempt: paragraphs 1 and 6" in text
    assert "Confidential" in text
    assert "paragraphs 1 and 6 of Part 1 of Schedule 12A" in text  # the exclusion resolution
    assert "No report" in text and "Draft" in text
    assert "app-agenda__sub" in text
    # Move buttons only where there is somewhere to move to.
    by_title = {row["item"].title: row for row in rows}
    assert not by_title["Planning appeals"]["can_move_up"]
    assert not by_title["Planning appeals"]["can_move_down"]
    assert by_title["Appeal at 4 Church Street"]["can_move_down"]
    assert by_title["Police briefing"]["can_move_up"]


def test_the_meeting_page_links_the_packs_once_built(client, officer, upcoming):
    from meetings import packs

    meeting_services.agenda_publish(meeting=upcoming, by=officer)
    client.force_login(officer)
    text = client.get(f"/officers/meetings/{upcoming.pk}/").content.decode()
    assert "The agenda was published on" in text
    assert "The agenda packs are being prepared." in text
    packs.build_meeting_packs(upcoming)
    text = client.get(f"/officers/meetings/{upcoming.pk}/").content.decode()
    assert f'href="/officers/meetings/{upcoming.pk}/packs/public/"' in text
    assert f'href="/officers/meetings/{upcoming.pk}/packs/full/"' in text


def test_the_meeting_page_runs_the_same_queries_with_5_and_40_items(client, officer, upcoming):
    client.force_login(officer)
    url = f"/officers/meetings/{upcoming.pk}/"
    author = make_author()

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    def grow(to: int) -> None:
        while upcoming.items.filter(kind="business").count() < to:
            n = upcoming.items.count()
            item = add_item(
                upcoming,
                f"Item {n}",
                confidential=n % 5 == 0,
                parent=None,
            )
            if n % 2:
                make_report(item, author)
            if n % 7 == 0:
                add_item(upcoming, f"Sub-item of {n}", parent=item)

    grow(5)
    small = count()
    grow(40)
    assert count() == small
    assert len(client.get(url).context["rows"]) >= 45
    assert numbered(list(upcoming.items.all()))
