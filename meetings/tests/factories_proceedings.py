"""The scene of the proceedings, minutes and attendance tests: Kingsmere's Planning Committee
(five seats, quorum three) meeting on Thu 8 October 2026 and again on Thu 5 November 2026, with
a public planning application and a private item (the sale of the depot, exempt under Sch 12A
para 3)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction

from democracy.roles import Role
from democracy.tests.factories import CommitteeFactory, TermFactory, UserFactory, WardFactory
from meetings.models import (
    AgendaItem,
    Attendance,
    CommitteeMembership,
    Meeting,
)
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.services import proceedings as services
from meetings.services.proceedings import AttendanceLine

LONDON = ZoneInfo("Europe/London")
TAKE_OFFICE = date(2023, 5, 8)
FIRST = date(2026, 10, 8)  # a Thursday
SECOND = date(2026, 11, 5)  # the next ordinary meeting, four weeks on
TODAY = date(2026, 11, 20)
PRESENT, APOLOGIES, ABSENT = "present", "apologies", "absent"


def at(day: date, hour: int = 18, minute: int = 30) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


class Scene:
    """A committee, its members and two held meetings with agendas, built through the services
    where they exist."""

    def __init__(self, *, committee_kind: str = "committee") -> None:
        self.officer = UserFactory(
            username="dso",
            password=None,  # never signs in; hashing a password costs a second per test
            first_name="Priya",
            last_name="Shah",
            roles=[Role.DEMOCRATIC_SERVICES_OFFICER],
        )
        self.committee = CommitteeFactory(
            name="Planning Committee", slug="planning", size=5, quorum=3, kind=committee_kind
        )
        ward = WardFactory(created_on=date(2023, 5, 4))
        names = [
            ("Alice", "Ashworth"),
            ("Bilal", "Bashir"),
            ("Carys", "Cole"),
            ("Dev", "Desai"),
            ("Emma", "Evans"),
            ("Frank", "Fisher"),
            ("Grace", "Green"),
        ]
        self.councillors = []
        for first, last in names:
            term = TermFactory(ward=ward, start_date=TAKE_OFFICE)
            term.councillor.first_name, term.councillor.last_name = first, last
            term.councillor.save()
            self.councillors.append(term.councillor)
        (self.chair, self.vice, self.carys, self.dev, self.emma, self.frank, self.grace) = (
            self.councillors
        )
        roles = ["chair", "vice_chair", "member", "member", "member", "substitute"]
        for councillor, role in zip(self.councillors, roles, strict=False):
            CommitteeMembership.objects.create(
                committee=self.committee,
                councillor=councillor,
                role=role,
                start_date=date(2026, 5, 19),
            )
        CommitteeMembership.objects.create(
            committee=self.committee,
            coopted_name="Mrs Jane Doe",
            role="coopted_non_voting",
            start_date=date(2026, 5, 19),
        )
        self.meeting = self.make_meeting(FIRST)
        # Items are put in their arranged places directly: with --nomigrations Django creates
        # agenda_item_unique_position without DEFERRABLE, so the swaps item_add makes can fail.
        urgent = self.item(self.meeting, "urgent_business")
        AgendaItem.all_objects.filter(pk=urgent.pk).update(position=5)
        self.application = AgendaItem.all_objects.create(
            meeting=self.meeting, position=4, title="Land at Mill Lane, Kingsmere: 26/01234/FUL"
        )
        self.depot = AgendaItem.all_objects.create(
            meeting=self.meeting,
            position=7,
            title="Sale of the Station Road depot",
            exempt_paragraphs=[3],
            public_interest_statement="Disclosure would prejudice the council's negotiating "
            "position.",
        )
        with transaction.atomic():
            agenda_services.arrange(self.meeting)
        self.publish(self.meeting)
        self.next_meeting = self.make_meeting(SECOND)
        self.publish(self.next_meeting)

    def make_meeting(self, day: date, *, extraordinary: bool = False) -> Meeting:
        return meeting_services.meeting_create(
            committee=self.committee,
            starts_at=at(day),
            ends_at=at(day, 21, 0),
            location_note="Council Chamber, Kingsmere House",
            is_extraordinary=extraordinary,
            by=self.officer,
        )

    def publish(self, meeting: Meeting) -> Meeting:
        return meeting_services.agenda_publish(
            meeting=meeting, by=self.officer, today=date.fromordinal(meeting.date.toordinal() - 14)
        )

    def item(self, meeting: Meeting, kind: str) -> AgendaItem:
        return meeting.items.get(kind=kind)

    def hold(self, meeting: Meeting | None = None) -> Meeting:
        meeting = meeting or self.meeting
        return services.meeting_mark_held(
            meeting=meeting, by=self.officer, now=at(meeting.date, 21)
        )

    def sheet(self, **overrides) -> list[AttendanceLine]:
        """Everyone present except Dev, who sent apologies and whose seat Frank fills; Emma
        attends remotely; the chair presides; Mrs Doe sits without a vote."""
        lines = {
            "chair": AttendanceLine(status=PRESENT, councillor=self.chair, presiding=True),
            "vice": AttendanceLine(status=PRESENT, councillor=self.vice),
            "carys": AttendanceLine(status=PRESENT, councillor=self.carys),
            "dev": AttendanceLine(status=APOLOGIES, councillor=self.dev),
            "emma": AttendanceLine(status=PRESENT, councillor=self.emma, remote=True),
            "frank": AttendanceLine(status=PRESENT, councillor=self.frank, substitute_for=self.dev),
            "doe": AttendanceLine(status=PRESENT, coopted_name="Mrs Jane Doe", voting=False),
        }
        lines.update(overrides)
        return [line for line in lines.values() if line is not None]

    def record_sheet(self, meeting: Meeting | None = None, **overrides) -> list[Attendance]:
        return services.attendance_record(
            meeting=meeting or self.meeting,
            lines=self.sheet(**overrides),
            by=self.officer,
            today=TODAY,
        )

    def attendance(self, councillor, meeting: Meeting | None = None) -> Attendance:
        return Attendance.objects.get(meeting=meeting or self.meeting, councillor=councillor)
