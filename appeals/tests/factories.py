"""Builders for appeals tests, through the services (so the data is what the screens would
make): a scene of calendar, authorities, schools, a published round, a room and a pool of panel
members; and a helper that lodges an appeal.

The calendar is Kingsmere's for 2025 to 2027 (``appeals.demo``): half terms, Easter holidays
and INSET days on Mon 3 Nov 2025, Mon 5 Jan 2026, Mon 2 Nov 2026 and Mon 4 Jan 2027.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from appeals import config, demo, rules
from appeals.models import (
    AdmissionAuthority,
    AdmissionRound,
    Appeal,
    PanelCategory,
    PanelMember,
    School,
    SchoolCalendar,
)
from appeals.services import calendars as calendar_services
from appeals.services import cases, panels, reference
from appeals.services.scheduling import SeatChoice
from democracy.models import Room, Venue

OFFER_DAY_2026 = date(2026, 3, 2)  # 1 March 2026 was a Sunday
TRAINED = date(2025, 9, 20)

# Half terms of a school year starting in September of year Y, as (month, day) anchors: a term
# starts on the first weekday on or after its first anchor and ends on the last weekday on or
# before its second. The pattern most English local authorities publish.
TERM_ANCHORS = [
    ((9, 3), (10, 23), 0),
    ((11, 2), (12, 18), 0),
    ((1, 5), (2, 13), 1),
    ((2, 23), (3, 27), 1),
    ((4, 13), (5, 22), 1),
    ((6, 1), (7, 21), 1),
]


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def terms_around(today: date):
    """School terms from two school years before ``today`` to two after, with an INSET day on
    the first day of each autumn 2 and spring 1 half term: for tests whose pages work out
    deadlines from the real date (the planner, the browser journeys)."""
    terms, closures = [], []
    for year in range(today.year - 2, today.year + 2):
        for index, ((m1, d1), (m2, d2), offset) in enumerate(TERM_ANCHORS, start=1):
            first = _weekday_on_or_after(date(year + offset, m1, d1))
            last = _weekday_on_or_before(date(year + offset, m2, d2))
            terms.append((f"Half term {index} of {year} to {year + 1}", first, last))
            if index in (2, 3):
                closures.append((first, "INSET day"))
    return terms, closures


@dataclass
class Scene:
    calendar: SchoolCalendar
    council: AdmissionAuthority
    trust: AdmissionAuthority
    community_school: School
    academy: School
    primary: School
    round_2026: AdmissionRound
    room: Room
    other_room: Room
    members: dict[str, PanelMember] = field(default_factory=dict)

    def seats(self, *names: str, chair: str | None = None) -> list[SeatChoice]:
        """Seat choices for the named pool members, each sitting as their first category."""
        chair = chair or names[0]
        return [
            SeatChoice(
                member=self.members[name],
                sitting_as=self.members[name].categories[0],
                is_chair=name == chair,
            )
            for name in names
        ]

    def valid_admission_panel(self) -> list[SeatChoice]:
        return self.seats("lay", "education", "education_2")


def build_scene(*, by=None, panel_user=None, live: bool = False) -> Scene:
    """The scene on Kingsmere's 2025 to 2027 calendar with the 2026 secondary round (tests that
    pass ``today`` to the services), or with ``live`` on terms around the real date and this
    year's round (tests of pages, which use the real date)."""
    if live:
        terms, closures = terms_around(timezone.localdate())
        calendar = calendar_services.school_calendar_create(
            name="Schools around today", nation="england", terms=terms, closures=closures, by=by
        )
    else:
        calendar = calendar_services.school_calendar_create(
            name=demo.NAME, nation="england", terms=demo.TERMS, closures=demo.CLOSURES, by=by
        )
    council = reference.admission_authority_create(
        name="Kingsmere District Council",
        kind=AdmissionAuthority.Kind.LOCAL_AUTHORITY,
        is_this_council=True,
        calendar=calendar,
        contact_email="admissions@kingsmere.example.gov.uk",
        by=by,
    )
    trust = reference.admission_authority_create(
        name="Harbour Learning Trust",
        kind=AdmissionAuthority.Kind.ACADEMY_TRUST,
        calendar=calendar,
        contact_email="admissions@harbour.example.org",
        by=by,
    )
    reference.service_agreement_create(
        admission_authority=trust,
        reference="HLT-2025-01",
        starts_on=date(2025, 9, 1),
        charge_per_appeal_heard=Decimal("150.00"),
        charge_per_hearing=Decimal("90.00"),
        by=by,
    )
    community_school = reference.school_create(
        urn="100001",
        name="Kingsmere School",
        phase=School.Phase.SECONDARY,
        category=School.Category.COMMUNITY,
        admission_authority=council,
        by=by,
    )
    academy = reference.school_create(
        urn="140001",
        name="Harbour Academy",
        phase=School.Phase.SECONDARY,
        category=School.Category.ACADEMY,
        admission_authority=trust,
        by=by,
    )
    primary = reference.school_create(
        urn="100002",
        name="Ashfield Primary School",
        phase=School.Phase.PRIMARY,
        category=School.Category.COMMUNITY,
        admission_authority=council,
        by=by,
    )
    entry_year = timezone.localdate().year if live else 2026
    offer_day = (
        rules.national_offer_day(entry_year, "secondary", calendar=config.working_days())
        if live
        else OFFER_DAY_2026
    )
    deadline = rules.earliest_lodging_deadline(offer_day, calendar=calendar.as_calendar())
    round_2026 = reference.admission_round_create(
        admission_authority=trust,
        entry_year=entry_year,
        phase=AdmissionRound.Phase.SECONDARY,
        offer_date=offer_day,
        lodging_deadline=deadline,
        by=by,
    )
    venue = Venue.objects.create(name="Kingsmere Civic Centre", address="1 High Street, Kingsmere")
    room = Room.objects.create(venue=venue, name="Committee Room 1", capacity=30)
    other_room = Room.objects.create(venue=venue, name="Committee Room 2", capacity=12)
    scene = Scene(
        calendar=calendar,
        council=council,
        trust=trust,
        community_school=community_school,
        academy=academy,
        primary=primary,
        round_2026=round_2026,
        room=room,
        other_room=other_room,
    )
    pool = {
        "lay": ("Alex Lay", [PanelCategory.LAY], panel_user),
        "lay_2": ("Bea Lay", [PanelCategory.LAY], None),
        "education": ("Chris Teacher", [PanelCategory.EDUCATION], None),
        "education_2": ("Dana Parent", [PanelCategory.EDUCATION], None),
        "head": ("Eli Head", [PanelCategory.HEAD_TEACHER], None),
        "governor": ("Fran Governor", [PanelCategory.GOVERNOR], None),
    }
    for key, (name, categories, user) in pool.items():
        scene.members[key] = panels.panel_member_create(
            name=name,
            categories=categories,
            email=f"{key}@panel.example.org",
            trained_on=TRAINED,
            user=user,
            by=by,
        )
    return scene


def lodging(school: School | None, **overrides) -> cases.Lodging:
    """An online normal-round secondary appeal for ``school`` (entry in September 2026)."""
    values = {
        "kind": Appeal.Kind.ADMISSION_NORMAL,
        "school": school,
        "year_group": "7",
        "entry_year": 2026,
        "decision_notified_on": OFFER_DAY_2026,
        "child": cases.ChildDetails(
            first_name="Sam", last_name="Rivers", date_of_birth=date(2014, 10, 3)
        ),
        "appellants": [
            cases.AppellantDetails(
                name="Jo Rivers",
                relationship="parent",
                email="jo.rivers@example.com",
                address="4 Mill Lane, Kingsmere",
                postcode="KM1 2AB",
            )
        ],
        "grounds": "Sam's sister attends the school and the allocated school is two buses away.",
        "channel": Appeal.Channel.ONLINE,
        "lodged_on": date(2026, 3, 20),
    }
    values.update(overrides)
    return cases.Lodging(**values)


def lodge(school: School | None, *, by=None, today: date | None = None, **overrides) -> Appeal:
    entry = lodging(school, **overrides)
    return cases.appeal_lodge(lodging=entry, by=by, today=today or entry.lodged_on)


def fresh_cache(settings) -> None:
    """A cache of the test's own, so the per-visitor caps on lodging and uploads
    (``appeals.throttle``) start from nothing whatever ran before."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"appeals-{uuid.uuid4().hex}",
        }
    }


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A local time on ``day`` as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


HEARING_DAY = date(2026, 5, 6)  # a Wednesday in the summer term
LISTED_ON = date(2026, 4, 20)


def schedule(scene: Scene, appeals, *, by, day: date = HEARING_DAY, room=None):
    """A hearing of ``appeals`` on ``day`` (grouped when there are several) with a valid panel."""
    from appeals.services import scheduling

    appeals = list(appeals)
    return scheduling.hearing_schedule(
        appeals=appeals,
        starts_at=at(day, 10),
        ends_at=at(day, 16),
        group_stage_ends_at=at(day, 11) if len(appeals) > 1 else None,
        clerk=by,
        seats=scene.valid_admission_panel(),
        room=room or scene.room,
        today=LISTED_ON if day == HEARING_DAY else day - timedelta(days=21),
        by=by,
    )


def hold(hearing, *, by, attendance: str = "attended"):
    """Record ``hearing`` as held, every appellant attending, the whole panel present."""
    from appeals.services import decisions

    return decisions.hearing_record(
        hearing=hearing,
        listings={
            listing.pk: decisions.ListingRecord(
                attendance=attendance, present="The parent", notes="Heard the appellant."
            )
            for listing in hearing.listings.filter(cancelled_at=None)
        },
        authority_present="Admissions officer",
        notes="The authority presented its case on capacity.",
        by=by,
    )


def decide(appeal, *, by, outcome: str = "dismissed", **overrides):
    """The panel's decision on ``appeal`` by the two-stage test (prejudice found; the appellant's
    case outweighs it when upheld)."""
    from appeals.services import decisions

    values = {
        "reasons": "The school is full and the family's reasons do not outweigh the prejudice.",
        "prejudice_found": True,
        "appellant_case_outweighs": outcome == "upheld",
    }
    values.update(overrides)
    return decisions.decision_record(appeal=appeal, outcome=outcome, by=by, **values)


def png_bytes() -> bytes:
    """A small real PNG (a scanned letter, say)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(out, format="PNG")
    return out.getvalue()
