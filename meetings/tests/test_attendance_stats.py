"""Attendance statistics from the database: expected seats, presence, remote attendance and
substitutes, cancelled meetings left out; the officer and portal pages, who may see them, and
a fixed number of queries whatever the number of meetings."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from democracy.tests.factories import PERSONAS, CommitteeFactory, CoOptionFactory, TermFactory
from meetings.models import Attendance, CommitteeMembership, Meeting
from meetings.services.attendance_stats import attendance_by, attendance_by_committee_for
from members.models import Councillor

LONDON = ZoneInfo("Europe/London")
YEAR = (date(2026, 5, 1), date(2027, 5, 1))
PAGE = reverse("meetings:attendance-stats")
PORTAL = reverse("meetings:portal-attendance")


def meeting(committee, day: date, status=Meeting.Status.HELD) -> Meeting:
    return Meeting.all_objects.create(
        committee=committee,
        starts_at=datetime.combine(day, time(19), tzinfo=LONDON),
        ends_at=datetime.combine(day, time(21), tzinfo=LONDON),
        status=status,
        location_note="Council Chamber",
    )


class Scene:
    def __init__(self):
        self.committee = CommitteeFactory(name="Planning Committee", size=5)
        self.alice, self.bilal, self.carys = (
            TermFactory(start_date=date(2023, 5, 8)).councillor for _ in range(3)
        )
        for c, first in ((self.alice, "Alice"), (self.bilal, "Bilal"), (self.carys, "Carys")):
            c.first_name, c.last_name = first, "Test"
            c.save()
        seat = CommitteeMembership.objects.create
        seat(
            committee=self.committee,
            councillor=self.alice,
            role="chair",
            start_date=date(2026, 5, 19),
        )
        # Bilal leaves the committee on 1 September: not expected afterwards.
        seat(
            committee=self.committee,
            councillor=self.bilal,
            role="member",
            start_date=date(2026, 5, 19),
            end_date=date(2026, 9, 1),
        )
        # Carys is a substitute: never expected.
        seat(
            committee=self.committee,
            councillor=self.carys,
            role="substitute",
            start_date=date(2026, 5, 19),
        )
        self.meetings = []

    def add_meetings(self, count: int) -> None:
        """``count`` more held meetings from June (Bilal sits until September): Alice present in
        person at the first, remotely at the second, apologies after; Bilal sends Carys."""
        for _ in range(count):
            n = len(self.meetings)
            m = meeting(self.committee, date(2026, 6 + n % 6, 2 + n // 6))
            self.meetings.append(m)
            status = "present" if n < 2 else "apologies"
            Attendance.objects.create(
                meeting=m, councillor=self.alice, status=status, remote=n == 1
            )
            if m.starts_at.date() < date(2026, 9, 1):
                Attendance.objects.create(meeting=m, councillor=self.bilal, status="apologies")
                Attendance.objects.create(
                    meeting=m, councillor=self.carys, status="present", substitute_for=self.bilal
                )


@pytest.fixture
def scene(db):
    scene = Scene()
    scene.add_meetings(4)  # June, July, August, September
    # Cancelled and postponed meetings are not expected.
    meeting(scene.committee, date(2026, 10, 6), Meeting.Status.CANCELLED)
    meeting(scene.committee, date(2026, 10, 13), Meeting.Status.POSTPONED)
    # Outside the year.
    meeting(scene.committee, date(2026, 4, 20))
    return scene


def by_name(lines):
    return {line.name: line for line in lines}


def test_counting_per_councillor(scene):
    lines = by_name(attendance_by("councillor", start=YEAR[0], end=YEAR[1]))
    alice, bilal, carys = lines["Alice Test"], lines["Bilal Test"], lines["Carys Test"]
    assert (alice.expected, alice.present, alice.remote, alice.apologies) == (4, 1, 1, 2)
    assert alice.percentage == Decimal("25.0")
    # June, July, August (the September meeting is after he left the committee)
    assert (bilal.expected, bilal.present, bilal.apologies, bilal.sent_substitute) == (3, 0, 3, 3)
    assert (carys.expected, carys.present, carys.as_substitute) == (0, 0, 3)


def test_counting_per_committee_and_for_one_councillor(scene):
    (line,) = attendance_by("committee", start=YEAR[0], end=YEAR[1])
    assert (line.name, line.expected, line.present, line.remote, line.as_substitute) == (
        "Planning Committee",
        7,
        1,
        1,
        3,
    )
    (alice,) = attendance_by_committee_for(scene.alice.pk, start=YEAR[0], end=YEAR[1])
    assert (alice.expected, alice.present, alice.remote) == (4, 1, 1)


def test_a_co_opted_member_is_expected_at_the_meetings_of_their_seat(scene):
    # Co-opted (non-voting) from the July meeting; present at July and August, apologies for
    # September; co-opted members sit by co-option, never as substitutes.
    co_option = CoOptionFactory(start_date=date(2026, 6, 15), voting=False)
    person = co_option.councillor
    person.first_name, person.last_name = "Dana", "Coopted"
    person.save()
    CommitteeMembership.objects.create(
        committee=scene.committee,
        councillor=person,
        role=CommitteeMembership.Role.COOPTED_NON_VOTING,
        start_date=date(2026, 6, 15),
    )
    for m, status in zip(scene.meetings[1:], ("present", "present", "apologies"), strict=True):
        Attendance.objects.create(meeting=m, councillor=person, status=status, voting=False)
    dana = by_name(attendance_by("councillor", start=YEAR[0], end=YEAR[1]))["Dana Coopted"]
    assert (dana.expected, dana.present, dana.apologies) == (3, 2, 1)
    (line,) = attendance_by("committee", start=YEAR[0], end=YEAR[1])
    assert (line.expected, line.present) == (7 + 3, 1 + 2)


def test_a_date_range_narrows_the_count(scene):
    lines = by_name(attendance_by("councillor", start=date(2026, 6, 1), end=date(2026, 7, 1)))
    assert lines["Alice Test"].expected == 1 and lines["Alice Test"].present == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_officers_see_the_statistics_page(client, request, scene, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(PAGE).status_code == (200 if persona in {"officer", "manager"} else 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_councillors_see_their_own_attendance(client, request, scene, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(PORTAL).status_code == (200 if persona == "councillor" else 403)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (PAGE, PORTAL):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_portal_shows_only_the_councillors_own_figures(client, councillor, scene):
    mine = Councillor.all_objects.get(user=councillor)
    CommitteeMembership.objects.create(
        committee=scene.committee, councillor=mine, role="member", start_date=date(2026, 5, 19)
    )
    client.force_login(councillor)
    response = client.get(PORTAL + "?year=2026")
    lines = response.context["lines"]
    assert [(line.name, line.expected, line.present) for line in lines] == [
        ("Planning Committee", 4, 0)
    ]
    assert "Alice Test" not in response.content.decode()


def test_the_officer_page_groups_by_committee_on_request(client, officer, scene):
    client.force_login(officer)
    response = client.get(PAGE + "?by=committee&year=2026")
    assert [line.name for line in response.context["lines"]] == ["Planning Committee"]
    bad = client.get(PAGE + "?start_0=1&start_1=6&start_2=2026")
    assert "Enter both dates of the range" in bad.content.decode()


def test_the_page_runs_a_fixed_number_of_queries(client, officer, scene, django_assert_num_queries):
    client.force_login(officer)
    client.get(PAGE)  # warm the session
    with django_assert_num_queries(7) as small:
        client.get(PAGE + "?year=2026")
    scene.add_meetings(6)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(PAGE + "?year=2026")
    assert by_name(response.context["lines"])["Alice Test"].expected == 10
