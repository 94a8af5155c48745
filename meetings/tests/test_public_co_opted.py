"""Co-opted members on a committee's public page and in the Modern.Gov web service: recorded
co-opted members (people, with a profile) are listed apart from the councillors, linked to their
profile, with their seat (voting or not) and appointment; name-only co-optees are still listed;
in GetMeeting a co-opted member is an attendee with the co-opted role, no party, no ward, and
what they represent. The committee page runs the same queries with few or many co-optees."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from democracy.tests.factories_councillors import add_co_opted_member
from meetings.models import Attendance, CommitteeMembership
from meetings.tests.factories_public import START, PublicScene, seat_co_optees
from website.tests.factories_moderngov import get as get_xml

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://democracy.example.org"


def body_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- The committee page -------------------------------------------------------------------------


def test_the_committee_page_lists_co_opted_members_apart_linked_to_their_profiles(client, db):
    scene = PublicScene()
    voting, non_voting = seat_co_optees(scene)
    body = body_of(client, "/committees/planning/")
    councillors, co_opted = body.split('id="co-opted"', 1)
    for councillor in scene.councillors:
        assert f'href="/councillors/{councillor.slug}/"' in councillors
        assert councillor.slug not in co_opted
    assert "Planner" not in councillors and "Nameonly" not in councillors
    assert f'href="/councillors/{voting.slug}/">Mrs Petra Planner</a>' in co_opted
    assert f'href="/councillors/{non_voting.slug}/">Dr Nigel Novote</a>' in co_opted
    assert "Mr Nameonly Person" in co_opted  # a name only: listed, not linked
    assert "Independent planning adviser" in co_opted
    assert "Adviser on conservation areas" in co_opted
    assert co_opted.count("Co-opted member (non-voting)") == 2
    assert "Co-opted member (voting)" in co_opted
    assert "Councillor Petra Planner" not in body
    # Their profiles are there to follow.
    assert client.get(f"/councillors/{voting.slug}/").status_code == 200


def test_a_committee_with_only_name_only_co_optees_keeps_listing_them(client, db):
    scene = PublicScene()
    CommitteeMembership.objects.create(
        committee=scene.committee,
        coopted_name="Independent person (Localism Act 2011 s28(7))",
        role=CommitteeMembership.Role.COOPTED_NON_VOTING,
        start_date=START,
    )
    body = body_of(client, "/committees/planning/")
    assert "Independent person (Localism Act 2011 s28(7))" in body.split('id="co-opted"', 1)[1]


def test_the_committee_page_runs_the_same_queries_with_few_or_many_co_optees(client, db):
    small, large = PublicScene(slug="small"), PublicScene(slug="large")
    add_co_opted_member(small.committee, first_name="One", last_name="Only", appointment="A")
    for n in range(8):
        add_co_opted_member(
            large.committee,
            first_name=f"Many{n}",
            last_name="Cooptee",
            appointment=f"Member {n}",
            voting=bool(n % 2),
        )
        CommitteeMembership.objects.create(
            committee=large.committee,
            coopted_name=f"Named {n}",
            role=CommitteeMembership.Role.COOPTED_NON_VOTING,
            start_date=START,
        )

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count("/committees/small/") == count("/committees/large/")
    assert "Many7 Cooptee" in body_of(client, "/committees/large/")


# --- Modern.Gov: GetMeeting's attendees -----------------------------------------------------------


def test_get_meeting_lists_co_opted_attendees_with_their_role_and_no_party(client, db):
    scene = PublicScene()
    voting, non_voting = seat_co_optees(scene)
    Attendance.objects.create(
        meeting=scene.meeting, councillor=voting, status=Attendance.Status.PRESENT
    )
    Attendance.objects.create(
        meeting=scene.meeting,
        councillor=non_voting,
        status=Attendance.Status.APOLOGIES,
        voting=False,
    )
    Attendance.objects.create(
        meeting=scene.meeting,
        coopted_name="Mr Nameonly Person",
        status=Attendance.Status.PRESENT,
        voting=False,
    )
    root = get_xml(client, "GetMeeting", lMeetingId=scene.meeting.pk)
    by_id = {a.get("memberid"): a for a in root.findall("attendees/attendee")}
    petra = by_id[str(voting.pk)]
    assert petra.get("name") == "Mrs Petra Planner"
    assert petra.get("roledescription") == "Co-opted Member"
    assert petra.get("attendance") == "Present"
    assert petra.get("politicalparty") == "" and petra.get("ward") == ""
    assert petra.get("representing") == "Independent planning adviser"
    assert petra.get("membertype") == "U"
    assert petra.findtext("url").endswith(f"/mgUserInfo.aspx?UID={voting.pk}")
    nigel = by_id[str(non_voting.pk)]
    assert nigel.get("roledescription") == "Co-opted Member (non-voting)"
    assert nigel.get("attendance") == "Apologies"
    [named] = [a for a in root.findall("attendees/attendee") if a.get("membertype") == "C"]
    assert named.get("name") == "Mr Nameonly Person"
    assert named.get("roledescription") == "Co-opted Member (non-voting)"
    assert named.get("representing") == ""
    # The councillors are as before.
    chair = by_id[str(scene.councillors[0].pk)]
    assert chair.get("roledescription") == "Chair" and chair.get("representing") == ""
    # mgUserInfo.aspx leads to the co-opted member's profile.
    response = client.get(f"/mgUserInfo.aspx?UID={voting.pk}")
    assert response.status_code == 301 and response["Location"] == f"/councillors/{voting.slug}/"


def test_before_the_meeting_co_opted_members_are_expected_in_their_seats(client, db):
    scene = PublicScene(held=False)
    voting, non_voting = seat_co_optees(scene)
    root = get_xml(client, "GetMeeting", lMeetingId=scene.meeting.pk)
    by_id = {a.get("memberid"): a for a in root.findall("attendees/attendee")}
    petra = by_id[str(voting.pk)]
    assert petra.get("attendance") == "Expected"
    assert petra.get("roledescription") == "Co-opted Member"
    assert petra.get("representing") == "Independent planning adviser"
    assert petra.get("politicalparty") == "" and petra.get("ward") == ""
    assert by_id[str(non_voting.pk)].get("roledescription") == "Co-opted Member (non-voting)"
    names = {a.get("name") for a in root.findall("attendees/attendee")}
    assert "Mr Nameonly Person" in names


def test_a_co_opted_member_whose_co_option_ended_is_not_expected(client, db):
    from members.services import councillors as councillor_services

    scene = PublicScene(held=False)
    voting, _ = seat_co_optees(scene)
    councillor_services.co_option_end(
        co_option=voting.co_options.get(),
        end_date=date(2024, 1, 1),
        end_reason="resigned",
        by=None,
    )
    root = get_xml(client, "GetMeeting", lMeetingId=scene.meeting.pk)
    assert str(voting.pk) not in {a.get("memberid") for a in root.findall("attendees/attendee")}
