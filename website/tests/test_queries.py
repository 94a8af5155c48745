"""Landing pages run a bounded number of queries whatever the data size (ARCHITECTURE 4.11).

Each page is measured with a small council (3 wards, 6 councillors, 2 committees, 1 school
calendar) and again after growing it to the demo council's size (17 wards, 48 councillors, 7
committees with their members, 4 school calendars). The counts must be equal: a count that grows
with the data is an N+1 query.
"""

from __future__ import annotations

from datetime import date
from itertools import cycle

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appeals.models import SchoolCalendar, SchoolClosure, SchoolTerm
from democracy.tests.factories import (
    CommitteeFactory,
    PoliticalGroupFactory,
    TermFactory,
    WardFactory,
)
from democracy.tests.factories_cache import render_public_pages_afresh
from elections.models import PollingDistrict
from meetings.models import CommitteeMembership
from members.models import Councillor, GroupMembership

TAKE_OFFICE = date(2023, 5, 8)
ANNUAL_MEETING = date(2025, 5, 20)


class Council:
    """Grows a council in place: wards with polling districts, councillors with terms and
    groups, committees with members and chairs, school calendars with terms and closures."""

    def __init__(self) -> None:
        self.groups = [PoliticalGroupFactory() for _ in range(4)]
        self.wards: list = []
        self.councillors: list = []
        self.committees: list = []
        self.school_calendars = 0

    def grow(self, *, wards: int, councillors: int, committees: int, calendars: int) -> None:
        while len(self.wards) < wards:
            ward = WardFactory(seats=3, created_on=date(2023, 5, 4))
            for n in range(2):
                PollingDistrict.objects.create(
                    ward=ward, code=f"W{ward.pk}D{n}", name=f"{ward.name} {n}"
                )
            self.wards.append(ward)
        groups = cycle([*self.groups, None])
        while len(self.councillors) < councillors:
            ward = self.wards[len(self.councillors) % len(self.wards)]
            councillor = TermFactory(ward=ward, start_date=TAKE_OFFICE).councillor
            group = next(groups)
            if group is not None:
                GroupMembership.objects.create(
                    councillor=councillor, group=group, start_date=TAKE_OFFICE
                )
            self.councillors.append(councillor)
        while len(self.committees) < committees:
            committee = CommitteeFactory(size=min(9, len(self.councillors)), quorum=2)
            members = self.councillors[: committee.size]
            for index, councillor in enumerate(members):
                role = "chair" if index == 0 else "vice_chair" if index == 1 else "member"
                CommitteeMembership.objects.create(
                    committee=committee,
                    councillor=councillor,
                    role=role,
                    start_date=ANNUAL_MEETING,
                )
            self.committees.append(committee)
        if len(self.committees) > 2:
            # A sub-committee, shown on the officer page with its parent.
            CommitteeFactory(parent=self.committees[-1], size=3, quorum=2)
        while self.school_calendars < calendars:
            self.school_calendars += 1
            calendar = SchoolCalendar.objects.create(
                name=f"Schools {self.school_calendars}",
                slug=f"schools-{self.school_calendars}",
                nation="england",
            )
            SchoolTerm.objects.create(
                calendar=calendar,
                name="Autumn 1",
                first_day=date(2025, 9, 3),
                last_day=date(2025, 10, 24),
            )
            SchoolTerm.objects.create(
                calendar=calendar,
                name="Autumn 2",
                first_day=date(2025, 11, 3),
                last_day=date(2025, 12, 19),
            )
            SchoolClosure.objects.create(
                calendar=calendar, date=date(2025, 11, 3), reason="INSET day"
            )


def queries_for(client, url: str) -> list[str]:
    client.get(url)  # warm per-process caches (content types, templates) before measuring
    render_public_pages_afresh()  # measure the view, not the public page cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


def assert_bounded(client, url: str, council: Council) -> None:
    council.grow(wards=3, councillors=6, committees=2, calendars=1)
    small = queries_for(client, url)
    council.grow(wards=17, councillors=48, committees=7, calendars=4)
    large = queries_for(client, url)
    extra = [sql for sql in large if sql not in small]
    assert len(large) == len(small), f"{url}: {len(small)} -> {len(large)} queries; {extra[:3]}"


@pytest.fixture
def council(db):
    return Council()


def test_public_home_page_runs_the_same_queries_whatever_the_size(client, council):
    assert_bounded(client, "/", council)
    # The large council is really on the page.
    render_public_pages_afresh()
    response = client.get("/")
    assert response.context["councillor_count"] == 48


def test_officer_landing_page_runs_the_same_queries_whatever_the_size(client, council, officer):
    client.force_login(officer)
    assert_bounded(client, "/officers/", council)
    assert len(client.get("/officers/").context["committees"]) == 8


def test_officer_deadline_calculation_runs_the_same_queries_whatever_the_size(
    client, council, officer
):
    client.force_login(officer)
    # Nuneaton & Bedworth's Planning Committee of Tue 23 Apr 2019 (DOMAIN A1.2).
    url = "/officers/?meeting_date_0=23&meeting_date_1=4&meeting_date_2=2019"
    assert_bounded(client, url, council)
    deadline = client.get(url).context["deadline"]
    assert deadline.latest_publication == date(2019, 4, 11)


def test_electoral_landing_page_runs_the_same_queries_whatever_the_size(
    client, council, electoral_officer
):
    client.force_login(electoral_officer)
    assert_bounded(client, "/elections/", council)
    assert len(client.get("/elections/").context["wards"]) == 17


def test_appeals_clerk_landing_page_runs_the_same_queries_whatever_the_size(client, council, clerk):
    client.force_login(clerk)
    assert_bounded(client, "/appeals/", council)
    assert len(client.get("/appeals/").context["school_calendars"]) == 4


def test_member_portal_runs_the_same_queries_whatever_the_size(client, council, councillor):
    # The persona's own record grows too: an earlier term in another ward, a change of group
    # and seats on every committee.
    client.force_login(councillor)
    me = Councillor.all_objects.get(user=councillor)
    GroupMembership.objects.create(councillor=me, group=council.groups[0], start_date=TAKE_OFFICE)
    CommitteeMembership.objects.create(
        committee=CommitteeFactory(), councillor=me, start_date=ANNUAL_MEETING
    )
    small = len(queries_for(client, "/members/portal/"))

    council.grow(wards=17, councillors=48, committees=7, calendars=4)
    TermFactory(
        councillor=me,
        ward=council.wards[0],
        start_date=date(2019, 5, 6),
        end_date=TAKE_OFFICE,
        end_reason="retired",
    )
    GroupMembership.objects.filter(councillor=me).update(end_date=date(2024, 9, 2))
    GroupMembership.objects.create(
        councillor=me, group=council.groups[1], start_date=date(2024, 9, 2)
    )
    for committee in council.committees:
        CommitteeMembership.objects.create(
            committee=committee, councillor=me, start_date=ANNUAL_MEETING
        )
    large = len(queries_for(client, "/members/portal/"))
    assert large == small
    context = client.get("/members/portal/").context
    assert len(context["seats"]) == 8
    assert len(context["councillor"].terms.all()) == 2


def test_the_home_page_lists_each_councillor_once_under_their_ward(client, council):
    council.grow(wards=3, councillors=6, committees=2, calendars=0)
    wards = dict(client.get("/").context["wards"])
    assert sum(len(councillors) for councillors in wards.values()) == 6
    assert all(len(councillors) == 2 for councillors in wards.values())
