"""Demo data for councillor records and training, loaded after the meetings demo: the composition
root (``website.demo``) passes in the committees and who sat where at the annual meeting of
19 May 2026 (``CommitteeSeats``), since members does not import meetings.

Positions: the Leader (the Cabinet's chair), the Deputy Leader (its vice-chair), six cabinet
portfolios, the Mayor and Deputy Mayor (chair and vice-chair of Council), the chairs and
vice-chairs of the other committees, each group's leader and whip, and the Leader of the
Opposition. Three outside bodies with appointments. Biographies for every serving councillor.
Training modules, events in 2026/27 (held ones with attendance and feedback, later ones with
bookings). Every write goes through the services; every record is looked up first, so a second
load writes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from democracy.validity import in_force_on
from members.models import (
    Councillor,
    GroupMembership,
    OutsideBody,
    OutsideBodyAppointment,
    Position,
    PositionHolding,
    PublicProfile,
    TrainingBooking,
    TrainingEvent,
    TrainingModule,
)
from members.services import records as services
from members.services import training as training_services

SEED = 2026
ANNUAL_MEETING = date(2026, 5, 19)
# The day the demo stands on (as the meetings demo): events before it have taken place.
ANCHOR = datetime(2026, 11, 22, 9, tzinfo=ZoneInfo("Europe/London"))
LONDON = ZoneInfo("Europe/London")

PORTFOLIOS = [
    ("Cabinet Member for Housing", "Council housing, homelessness and private sector housing."),
    ("Cabinet Member for Environment", "Waste and recycling, street cleansing, climate action."),
    ("Cabinet Member for Finance and Resources", "Budget, council tax, property and ICT."),
    ("Cabinet Member for Planning and Economy", "Local plan, regeneration and business support."),
    ("Cabinet Member for Communities and Leisure", "Leisure centres, parks, community safety."),
    ("Cabinet Member for Health and Wellbeing", "Public health partnerships and licensing policy."),
]

OUTSIDE_BODIES = [
    (
        "Kingsmere Leisure Trust",
        OutsideBody.Kind.CHARITY,
        "The charitable trust that runs the district's leisure centres and pools.",
        "https://leisure.kingsmere.example.org",
        [("Trustee", OutsideBodyAppointment.AppointedBy.COUNCIL)] * 2,
    ),
    (
        "Kingsmere Community Safety Partnership",
        OutsideBody.Kind.PARTNERSHIP,
        "The statutory partnership with the police, fire service and health bodies (Crime and "
        "Disorder Act 1998 s5).",
        "",
        [("Council representative", OutsideBodyAppointment.AppointedBy.EXECUTIVE)],
    ),
    (
        "Local Government Association General Assembly",
        OutsideBody.Kind.ASSOCIATION,
        "The assembly of the councils in membership of the LGA.",
        "https://www.local.gov.uk",
        [
            ("Representative", OutsideBodyAppointment.AppointedBy.COUNCIL),
            ("Substitute representative", OutsideBodyAppointment.AppointedBy.COUNCIL),
        ],
    ),
]

MODULES = [
    (
        "Code of conduct induction",
        "The members' code of conduct, registering interests and declaring them at meetings.",
        True,
    ),
    (
        "Planning committee training",
        "Material considerations, predetermination and the planning code of practice.",
        False,
    ),
    (
        "Licensing committee training",
        "The four licensing objectives, hearings procedure and natural justice.",
        False,
    ),
    ("Chairing skills", "Running a meeting fairly and to time; handling public speaking.", False),
    (
        "Scrutiny questioning skills",
        "Planning a line of questioning; evidence and follow-up.",
        False,
    ),
]

# module, date, hour, venue, online, cost, capacity, trainer
EVENTS = [
    (
        "Code of conduct induction",
        date(2026, 6, 9),
        18,
        "Council Chamber",
        False,
        "0.00",
        50,
        "Monitoring Officer",
    ),
    (
        "Planning committee training",
        date(2026, 6, 16),
        18,
        "Committee Room 1",
        False,
        "450.00",
        20,
        "Planning Advisory Service",
    ),
    (
        "Licensing committee training",
        date(2026, 6, 23),
        18,
        "Committee Room 1",
        False,
        "395.00",
        20,
        "Institute of Licensing",
    ),
    (
        "Chairing skills",
        date(2026, 9, 15),
        10,
        "",
        True,
        "250.00",
        12,
        "Local Government Association",
    ),
    (
        "Planning committee training",
        date(2026, 12, 8),
        18,
        "Committee Room 1",
        False,
        "450.00",
        20,
        "Planning Advisory Service",
    ),
    (
        "Licensing committee training",
        date(2027, 1, 12),
        18,
        "",
        True,
        "395.00",
        20,
        "Institute of Licensing",
    ),
    (
        "Scrutiny questioning skills",
        date(2027, 2, 9),
        18,
        "Committee Room 2",
        False,
        "300.00",
        15,
        "Centre for Governance and Scrutiny",
    ),
]


@dataclass(frozen=True)
class CommitteeSeats:
    """A committee and who sat where on it at the annual meeting (``ANNUAL_MEETING``), as the
    composition root reads them from meetings: ``seats`` maps a seat's role ("chair",
    "vice_chair", "member" …) to its holders by surname."""

    slug: str
    name: str
    kind: str
    seats: dict[str, list[Councillor]] = field(default_factory=dict)


Seats = dict[str, dict[str, list[Councillor]]]  # committee slug -> role -> councillors


def _position(title: str, kind: str, *, portfolio: str = "", group=None, by) -> Position:
    return Position.objects.filter(title=title).first() or services.position_create(
        title=title, kind=kind, portfolio=portfolio, group=group, by=by
    )


def _hold(position: Position, councillor: Councillor | None, by) -> None:
    if councillor is None or PositionHolding.objects.filter(position=position).exists():
        return
    services.holding_start(
        position=position, councillor=councillor, start_date=ANNUAL_MEETING, by=by
    )


def _positions(committees: list[CommitteeSeats], by) -> None:
    seats_of: Seats = {c.slug: c.seats for c in committees}
    cabinet = seats_of.get("cabinet", {})
    leader = cabinet["chair"][0]
    _hold(_position("Leader of the Council", Position.Kind.LEADER, by=by), leader, by)
    _hold(
        _position("Deputy Leader of the Council", Position.Kind.DEPUTY_LEADER, by=by),
        cabinet["vice_chair"][0],
        by,
    )
    for (title, portfolio), member in zip(PORTFOLIOS, cabinet.get("member", []), strict=False):
        position = _position(title, Position.Kind.CABINET_MEMBER, portfolio=portfolio, by=by)
        _hold(position, member, by)
    council = seats_of.get("council", {})
    _hold(_position("Mayor", Position.Kind.MAYOR, by=by), council["chair"][0], by)
    _hold(
        _position("Deputy Mayor", Position.Kind.DEPUTY_MAYOR, by=by), council["vice_chair"][0], by
    )
    # Titles carry committee and group names, which may be renamed since the first load: those
    # positions are made once, on the first load only.
    if Position.objects.filter(kind=Position.Kind.COMMITTEE_CHAIR).exists():
        return
    others = [c for c in committees if c.kind not in ("council", "executive")]
    for c in sorted(others, key=lambda c: c.name):
        seats = c.seats
        for role, kind, prefix in (
            ("chair", Position.Kind.COMMITTEE_CHAIR, "Chair"),
            ("vice_chair", Position.Kind.COMMITTEE_VICE_CHAIR, "Vice-Chair"),
        ):
            if seats.get(role):
                _hold(_position(f"{prefix} of the {c.name}", kind, by=by), seats[role][0], by)
    # Group leaders and whips: the leader of the largest group leads the council.
    members: dict = {}
    for m in (
        GroupMembership.objects.filter(in_force_on(ANNUAL_MEETING))
        .select_related("group", "councillor")
        .order_by("councillor__last_name", "councillor__first_name")
    ):
        members.setdefault(m.group, []).append(m.councillor)
    ranked = sorted(members, key=lambda g: (-len(members[g]), g.name))
    for rank, group in enumerate(ranked):
        people = members[group]
        group_leader = leader if rank == 0 and leader in people else people[0]
        others = [c for c in people if c != group_leader]
        _hold(
            _position(
                f"Leader of the {group.name}", Position.Kind.GROUP_LEADER, group=group, by=by
            ),
            group_leader,
            by,
        )
        _hold(
            _position(f"Whip of the {group.name}", Position.Kind.GROUP_WHIP, group=group, by=by),
            others[0] if others else None,
            by,
        )
        if rank == 1:
            _hold(
                _position("Leader of the Opposition", Position.Kind.OPPOSITION_LEADER, by=by),
                group_leader,
                by,
            )


def _outside_bodies(serving: list[Councillor], rng: random.Random, by) -> None:
    for name, kind, description, website, roles in OUTSIDE_BODIES:
        body = OutsideBody.objects.filter(name=name).first() or services.outside_body_create(
            name=name, kind=kind, description=description, website=website, by=by
        )
        if body.appointments.exists():
            continue
        for (role, appointed_by), councillor in zip(
            roles, rng.sample(serving, len(roles)), strict=True
        ):
            services.appointment_start(
                body=body,
                councillor=councillor,
                role=role,
                start_date=ANNUAL_MEETING,
                appointed_by=appointed_by,
                by=by,
            )


def _biographies(serving: list[Councillor], by) -> None:
    wards = dict(
        Councillor.all_objects.with_current_roles(ANNUAL_MEETING).values_list(
            "pk", "current_ward_name"
        )
    )
    have = set(PublicProfile.objects.values_list("councillor_id", flat=True))
    for councillor in serving:
        if councillor.pk in have:
            continue
        ward = wards.get(councillor.pk) or "their ward"
        services.profile_update(
            councillor=councillor,
            values={
                "biography": (
                    f"{councillor.first_name} {councillor.last_name} has represented {ward} "
                    f"since May 2023.\n\nThey hold surgeries on the first Saturday of each month "
                    "at the local library."
                ),
                "postal_address": "c/o Kingsmere Civic Centre\nCivic Way\nKingsmere\nKM1 1CW",
            },
            by=by,
        )


def _training(seats_of: Seats, by) -> None:
    modules = {}
    for name, description, mandatory in MODULES:
        modules[name] = TrainingModule.objects.filter(
            name=name
        ).first() or training_services.module_create(
            name=name, description=description, mandatory=mandatory, by=by
        )
    events = []
    for name, day, hour, venue, online, cost, capacity, trainer in EVENTS:
        starts_at = datetime.combine(day, time(hour), tzinfo=LONDON)
        event = TrainingEvent.objects.filter(
            module=modules[name], starts_at=starts_at
        ).first() or training_services.event_create(
            module=modules[name],
            starts_at=starts_at,
            venue=venue,
            online=online,
            cost=Decimal(cost),
            capacity=capacity,
            trainer=trainer,
            by=by,
        )
        events.append(event)
    if TrainingBooking.all_objects.exists():
        return
    induction, planning, licensing, chairing, planning_again, licensing_again, scrutiny = events
    planners = [
        c
        for role in ("chair", "vice_chair", "member")
        for c in seats_of.get("planning-committee", {}).get(role, [])
    ]
    licensers = [
        c
        for role in ("chair", "vice_chair", "member")
        for c in seats_of.get("licensing-committee", {}).get(role, [])
    ]
    chairs = [
        c
        for slug in ("planning-committee", "licensing-committee", "standards-committee")
        for c in seats_of.get(slug, {}).get("chair", [])
    ]
    cabinet = seats_of.get("cabinet", {})
    leader = cabinet["chair"][0]
    # Held events: almost everyone attends; one planning member misses it and books the repeat.
    held = [
        (
            induction,
            sorted({*planners, *licensers, leader}, key=lambda c: (c.last_name, c.first_name))[:30],
        ),
        (planning, planners),
        (licensing, licensers[:12]),
        (chairing, sorted(set(chairs) | {leader}, key=lambda c: (c.last_name, c.first_name))),
    ]
    missed = planners[-1]
    for event, people in held:
        for n, councillor in enumerate(people):
            booking = training_services.booking_create(
                councillor=councillor, event=event, by=by, now=event.starts_at.replace(day=1)
            )
            if event is planning and councillor == missed:
                training_services.attendance_mark(booking=booking, status="did_not_attend", by=by)
                continue
            training_services.attendance_mark(booking=booking, status="attended", by=by)
            if n % 3 == 0:
                training_services.feedback_give(
                    booking=booking,
                    rating=5 - n % 2,
                    comments="Clear and practical." if n % 2 else "",
                    by=by,
                )
    # Coming up: the repeat sessions.
    for event, people in (
        (planning_again, [missed]),
        (licensing_again, licensers[12:]),
        (scrutiny, seats_of.get("overview-and-scrutiny-committee", {}).get("member", [])[:6]),
    ):
        for councillor in people:
            training_services.booking_create(councillor=councillor, event=event, by=by, now=ANCHOR)


def load(*, committees: list[CommitteeSeats], by=None) -> None:
    """Positions, outside bodies, biographies and training. ``committees``: every committee with
    its seats at the annual meeting (from the composition root, ``website.demo``)."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    serving = list(
        Councillor.all_objects.serving(ANNUAL_MEETING).order_by("last_name", "first_name")
    )
    _positions(committees, by)
    _outside_bodies(serving, rng, by)
    _biographies(serving, by)
    _training({c.slug: c.seats for c in committees}, by)
