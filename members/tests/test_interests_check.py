"""The interest check before a meeting (meetings/views/interest_check.py): items naming an
organisation or address in a committee member's published register, for the clerk and for the
councillor; sensitive interests only as withheld to the clerk; exempt papers matched only for
those entitled to read them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from democracy.tests.factories import CommitteeFactory, CouncillorFactory
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.tests.factories_meetings import (
    add_item,
    clear_report,
    make_author,
    make_meeting,
    make_report,
    seat,
)
from meetings.tests.factories_views import a_future_tuesday
from members.tests.factories_interests import ORDINARY, SECRET_ORG, councillor_of, publish_register
from members.tests.factories_views import COUNCILLORS_ONLY, check_access

pytestmark = pytest.mark.django_db

PIS = "Disclosure would prejudice the sale."
EXEMPT_NAME = "Fenwick Bowls Club"


@pytest.fixture
def meeting(councillor, other_councillor, officer):
    """Planning, with ``councillor`` on it: a public report naming Kingsmere Housing Association
    and an exempt one naming Fenwick Bowls Club and the sensitive interest's organisation."""
    planning = CommitteeFactory(name="Planning Committee")
    seat(councillor, planning)
    meeting = make_meeting(planning, day=a_future_tuesday())
    author = make_author()
    public = make_report(
        add_item(meeting, "Disposal of the depot"),
        author,
        body="<table><tr><th>Bidder</th><th>Partner</th></tr>"
        "<tr><td>Orchard Homes Ltd</td><td>Kingsmere Housing Association</td></tr>"
        "</table><p>Offers came from Orchard&nbsp;Homes Ltd.</p>",
    )
    exempt = make_report(
        add_item(meeting, "Lease of the pavilion"),
        author,
        body=f"<p>The tenant is {EXEMPT_NAME}; the guarantor is {SECRET_ORG}.</p>",
    )
    agenda_services.restriction_set(
        target=exempt,
        exempt_paragraphs=[3],
        public_interest_statement=PIS,
        confidential=False,
        by=None,
    )
    for report in (public, exempt):
        clear_report(report, officer)
    meeting_services.agenda_publish(meeting=meeting, by=None)
    meeting.refresh_from_db()
    publish_register(
        councillor_of(councillor),
        [
            ORDINARY,
            {
                "category": "public_body",
                "description": "Member",
                "organisation": EXEMPT_NAME,
            },
            {
                "category": "securities",
                "description": "Shares",
                "organisation": SECRET_ORG,
                "sensitive": True,
                "sensitive_reason": "Threats.",
            },
        ],
        by=officer,
    )
    # Another councillor, not on the committee, with an interest the agenda names too.
    publish_register(councillor_of(other_councillor), [ORDINARY], by=officer)
    return meeting


def officer_url(meeting):
    return reverse("meetings:meeting-interest-check", args=[meeting.pk])


def portal_url(meeting):
    return reverse("meetings:portal-meeting-interest-check", args=[meeting.pk])


def test_who_may_open_the_checks(client, request, meeting):
    check_access(client, request, officer_url(meeting), {"officer": 200, "manager": 200})
    check_access(client, request, portal_url(meeting), COUNCILLORS_ONLY)
    client.force_login(request.getfixturevalue("officer"))
    assert client.get(reverse("meetings:meeting-interest-check", args=[99999])).status_code == 404


def test_the_clerk_sees_matches_for_committee_members_and_a_withheld_interest_only_as_such(
    client, officer, councillor, other_councillor, meeting
):
    client.force_login(officer)
    page = client.get(officer_url(meeting)).content.decode()
    name = councillor_of(councillor).full_name
    assert "Item 4: Disposal of the depot" in page
    assert "Kingsmere Housing Association" in page and name in page
    assert EXEMPT_NAME in page  # officers may read the exempt report
    assert "a withheld interest matches this item" in page
    # Neither the withheld interest nor the words it matched: only that it matches the item.
    assert f"“{SECRET_ORG}”" not in page and "Shares" not in page
    assert page.count("a withheld interest matches this item") == 1
    assert councillor_of(other_councillor).full_name not in page  # not on the committee


def test_a_councillor_sees_their_own_matches_including_sensitive_ones(client, councillor, meeting):
    client.force_login(councillor)
    page = client.get(portal_url(meeting)).content.decode()
    assert "Kingsmere Housing Association" in page
    assert EXEMPT_NAME in page  # on the committee: entitled to the exempt report
    assert f"“{SECRET_ORG}”" in page and "Shares" in page  # their own sensitive interest


def test_an_unpublished_agenda_is_no_members_to_check(
    client, councillor, other_councillor, co_opted_member, officer
):
    """Issue 11 (6): the portal's check showed an unpublished Cabinet agenda to a co-opted member
    not on Cabinet. Before publication the check is 404 to every councillor, on the committee or
    not; the clerk's own check still works."""
    planning = CommitteeFactory(name="Planning Committee")
    seat(councillor, planning)
    meeting = make_meeting(planning, day=a_future_tuesday())
    add_item(meeting, "Unannounced disposal of the depot")
    for persona in (councillor, other_councillor, co_opted_member):
        client.force_login(persona)
        response = client.get(portal_url(meeting))
        assert response.status_code == 404, persona
        assert b"Unannounced disposal" not in response.content
    client.force_login(officer)
    assert client.get(officer_url(meeting)).status_code == 200


def test_exempt_papers_are_not_matched_for_a_councillor_not_entitled_to_them(
    client, other_councillor, officer, meeting
):
    publish_register(
        councillor_of(other_councillor),
        [{"category": "public_body", "description": "Member", "organisation": EXEMPT_NAME}],
        by=officer,
    )
    client.force_login(other_councillor)
    page = client.get(portal_url(meeting)).content.decode()
    assert "Kingsmere Housing Association" in page  # the public report
    assert EXEMPT_NAME not in page


def test_the_check_runs_the_same_queries_for_two_committee_sizes(client, officer, meeting):
    client.force_login(officer)
    with CaptureQueriesContext(connection) as small:
        client.get(officer_url(meeting))
    for n in range(4):
        member = CouncillorFactory(last_name=f"Extra{n}")
        meeting.committee.memberships.create(councillor=member, start_date=meeting.date)
        publish_register(member, [ORDINARY], by=officer)
    add_item(meeting, "Another item naming Kingsmere Housing Association", urgency_reasons="Urgent")
    with CaptureQueriesContext(connection) as large:
        page = client.get(officer_url(meeting)).content.decode()
    assert "Extra3" in page
    assert len(large) == len(small)


def test_a_co_opted_member_in_a_co_opted_seat_is_checked_too(
    client, officer, co_opted_member, meeting
):
    """A co-opted member holds their seat by the councillor FK (their member record), so the
    clerk's check covers their register like a councillor's, under their formal name, and they
    get their own check in the portal."""
    from meetings.services import committees as committee_services

    person = councillor_of(co_opted_member)
    committee_services.membership_appoint(
        committee=meeting.committee,
        councillor=person,
        role="coopted_voting",
        start_date=meeting.date,
        by=None,
    )
    publish_register(
        person,
        [
            {
                "category": "public_body",
                "description": "Trustee",
                "organisation": "Orchard Homes Ltd",
            }
        ],
        by=officer,
    )
    client.force_login(officer)
    page = client.get(officer_url(meeting)).content.decode()
    page = " ".join(page.split())
    assert f"{person.formal_name}</span>: Bodies of a public nature" in page
    assert "“Orchard Homes Ltd”" in page
    client.force_login(co_opted_member)
    mine = client.get(portal_url(meeting)).content.decode()
    assert "“Orchard Homes Ltd”" in mine
    assert "Chartered surveyor" not in mine  # the councillor's interest, not theirs
