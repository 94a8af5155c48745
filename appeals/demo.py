"""Demo data for appeals, relative to the day it is loaded (``today``):

* the community schools' calendar (the fixed terms below, for 2025 to 2027, and the same pattern
  for any school year around ``today`` they do not cover);
* the council and an academy trust that buys the clerking as a traded service (a service
  agreement), a community secondary school and an academy;
* a pool of panel members (the ``panel`` demo account is one of the lay members);
* a round of admission appeals for both schools: the academy's normal-round appeals heard at a
  grouped hearing after the last lodging deadline (one upheld, one dismissed, their letters
  sent; one withdrawn before the hearing), and in-year appeals for the community school listed
  at a grouped hearing to come (on whose panel the ``panel`` account sits), one more waiting;
* one exclusion review panel to come, and one home-to-school travel appeal (stage 2) waiting.

Written through the services by the system (``by=None``); loading again changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from appeals import config, rules, services
from appeals.models import (
    AdmissionAuthority,
    AdmissionRound,
    Appeal,
    PanelCategory,
    PanelMember,
    School,
    SchoolCalendar,
)
from appeals.services import cases, decisions, panels, reference, scheduling
from appeals.services.scheduling import SeatChoice
from democracy import calendars
from democracy.models import User

NAME = "Kingsmere community and voluntary controlled schools"

TERMS = [
    ("Autumn 1 2025", date(2025, 9, 3), date(2025, 10, 24)),
    ("Autumn 2 2025", date(2025, 11, 3), date(2025, 12, 19)),
    ("Spring 1 2026", date(2026, 1, 5), date(2026, 2, 13)),
    ("Spring 2 2026", date(2026, 2, 23), date(2026, 3, 27)),
    ("Summer 1 2026", date(2026, 4, 13), date(2026, 5, 22)),
    ("Summer 2 2026", date(2026, 6, 1), date(2026, 7, 22)),
    ("Autumn 1 2026", date(2026, 9, 3), date(2026, 10, 23)),
    ("Autumn 2 2026", date(2026, 11, 2), date(2026, 12, 18)),
    ("Spring 1 2027", date(2027, 1, 4), date(2027, 2, 12)),
    ("Spring 2 2027", date(2027, 2, 22), date(2027, 3, 25)),
    ("Summer 1 2027", date(2027, 4, 12), date(2027, 5, 28)),
    ("Summer 2 2027", date(2027, 6, 7), date(2027, 7, 21)),
]

CLOSURES = [
    (date(2025, 11, 3), "INSET day"),
    (date(2026, 1, 5), "INSET day"),
    (date(2026, 11, 2), "INSET day"),
    (date(2027, 1, 4), "INSET day"),
]

# Half terms of the school year starting in September of year Y, for years the fixed terms do
# not cover: (start month, day), (end month, day), year offset; an INSET day on the first day
# of the second and third.
PATTERN = [
    ((9, 3), (10, 23), 0),
    ((11, 2), (12, 18), 0),
    ((1, 5), (2, 13), 1),
    ((2, 23), (3, 27), 1),
    ((4, 13), (5, 22), 1),
    ((6, 1), (7, 21), 1),
]

ACADEMY_URN = "141990"
COMMUNITY_URN = "100990"
TRUST = "Harbour Learning Trust"
COUNCIL = "Kingsmere District Council"
PLACE = "Kingsmere Civic Centre, Committee Room 3"


def _weekday(day: date, step: int) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day


def terms_for(today: date) -> tuple[list, list]:
    """The fixed terms, and the pattern's for the school years around ``today`` they miss."""
    terms, closures = list(TERMS), list(CLOSURES)
    covered_from, covered_to = TERMS[0][1], TERMS[-1][2]
    for year in range(today.year - 2, today.year + 2):
        start = date(year, 9, 1)
        if (
            covered_from <= start <= covered_to
            or covered_from <= date(year + 1, 7, 1) <= covered_to
        ):
            continue
        for index, ((m1, d1), (m2, d2), offset) in enumerate(PATTERN, start=1):
            first = _weekday(date(year + offset, m1, d1), 1)
            last = _weekday(date(year + offset, m2, d2), -1)
            terms.append((f"Half term {index} of {year} to {year + 1}", first, last))
            if index in (2, 3):
                closures.append((first, "INSET day"))
    return sorted(terms, key=lambda t: t[1]), sorted(closures)


def load_calendar(*, today: date | None = None, by=None) -> SchoolCalendar:
    today = today or timezone.localdate()
    existing = SchoolCalendar.objects.filter(slug=slugify(NAME)).first()
    if existing is not None:
        return existing
    terms, closures = terms_for(today)
    return services.school_calendar_create(
        name=NAME, nation="england", terms=terms, closures=closures, by=by
    )


def load(*, today: date | None = None, by=None) -> SchoolCalendar:
    """The calendar, and (once) the appeals demo around ``today``."""
    today = today or timezone.localdate()
    calendar = load_calendar(today=today, by=by)
    if not School.objects.filter(urn=ACADEMY_URN).exists():
        _load_appeals(calendar, today, by)
    return calendar


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _lodging(school, *, kind, year_group, entry_year, notified, lodged, child, parent, grounds):
    first, last = child
    return cases.Lodging(
        kind=kind,
        school=school,
        year_group=year_group,
        entry_year=entry_year,
        decision_notified_on=notified,
        lodged_on=lodged,
        channel=Appeal.Channel.ONLINE,
        child=cases.ChildDetails(
            first_name=first, last_name=last, date_of_birth=date(entry_year - 11, 3, 14)
        ),
        appellants=[
            cases.AppellantDetails(
                name=parent,
                relationship="parent",
                email=f"{slugify(parent)}@example.com",
                address="12 Example Road, Kingsmere",
                postcode="KM1 1AA",
            )
        ],
        grounds=grounds,
    )


def _lodge(by, **values) -> Appeal:
    return cases.appeal_lodge(lodging=_lodging(**values), by=by, today=values["lodged"])


def _load_appeals(calendar: SchoolCalendar, today: date, by) -> None:
    school_days = calendar.as_calendar()
    working_days = config.working_days()
    council = AdmissionAuthority.objects.filter(is_this_council=True).first()
    if council is None:
        council = reference.admission_authority_create(
            name=COUNCIL,
            kind=AdmissionAuthority.Kind.LOCAL_AUTHORITY,
            is_this_council=True,
            calendar=calendar,
            contact_email="school.admissions@kingsmere.example.gov.uk",
            by=by,
        )
    trust = reference.admission_authority_create(
        name=TRUST,
        kind=AdmissionAuthority.Kind.ACADEMY_TRUST,
        calendar=calendar,
        contact_name="Admissions manager",
        contact_email="admissions@harbour-trust.example.org",
        by=by,
    )
    reference.service_agreement_create(
        admission_authority=trust,
        reference="HLT-APPEALS-01",
        starts_on=date(today.year - 2, 9, 1),
        annual_fee=Decimal("250.00"),
        charge_per_appeal_lodged=Decimal("25.00"),
        charge_per_appeal_heard=Decimal("150.00"),
        charge_per_appeal_withdrawn=Decimal("40.00"),
        charge_per_hearing=Decimal("90.00"),
        notes="Clerking of admission appeals as a traded service.",
        by=by,
    )
    academy = reference.school_create(
        urn=ACADEMY_URN,
        name="Harbour Academy",
        phase=School.Phase.SECONDARY,
        category=School.Category.ACADEMY,
        admission_authority=trust,
        address="Quay Road, Kingsmere",
        by=by,
    )
    community = reference.school_create(
        urn=COMMUNITY_URN,
        name="Kingsmere Park School",
        phase=School.Phase.SECONDARY,
        category=School.Category.COMMUNITY,
        admission_authority=council,
        address="Park Lane, Kingsmere",
        by=by,
    )

    # The pool, trained well before the past hearing and within 2 years of those to come; the ``panel`` demo account is a lay member.
    panel_user = User.objects.filter(username="panel").first()
    pool = {}
    for key, name, category, user in [
        ("lay", "Margaret Doyle", PanelCategory.LAY, panel_user),
        ("lay_2", "Robert Ansell", PanelCategory.LAY, None),
        ("education", "Dr Anita Rao", PanelCategory.EDUCATION, None),
        ("education_2", "Colin Bright", PanelCategory.EDUCATION, None),
        ("head", "Susan Whitfield", PanelCategory.HEAD_TEACHER, None),
        ("governor", "Imran Qureshi", PanelCategory.GOVERNOR, None),
    ]:
        if user is not None and PanelMember.private_objects.filter(user=user).exists():
            user = None
        pool[key] = panels.panel_member_create(
            name=name,
            categories=[category],
            email=f"{key}@panel.example.org",
            trained_on=today - timedelta(days=500),
            user=user,
            by=by,
        )

    def seats(*names: str) -> list[SeatChoice]:
        return [
            SeatChoice(member=pool[n], sitting_as=pool[n].categories[0], is_chair=i == 0)
            for i, n in enumerate(names)
        ]

    # The academy's normal round: the latest whose hearing and letters are behind us.
    entry_year = today.year
    while True:
        offer = rules.national_offer_day(entry_year, rules.SECONDARY, calendar=working_days)
        deadline = rules.earliest_lodging_deadline(offer, calendar=school_days)
        hearing_day = calendars.working_days_after(deadline, 20, calendar=school_days)
        letters_by = calendars.working_days_after(hearing_day, 3, calendar=school_days)
        if letters_by < today:
            break
        entry_year -= 1
    reference.admission_round_create(
        admission_authority=trust,
        entry_year=entry_year,
        phase=AdmissionRound.Phase.SECONDARY,
        offer_date=offer,
        lodging_deadline=deadline,
        by=by,
    )
    lodged = offer + timedelta(days=10)
    round_values = {
        "school": academy,
        "kind": Appeal.Kind.ADMISSION_NORMAL,
        "year_group": "7",
        "entry_year": entry_year,
        "notified": offer,
        "lodged": lodged,
    }
    upheld = _lodge(
        by,
        child=("Ella", "Marsh"),
        parent="Karen Marsh",
        grounds="Ella's brother is in Year 9 at the academy and her medical needs are met there.",
        **round_values,
    )
    dismissed = _lodge(
        by,
        child=("Noah", "Pennington"),
        parent="David Pennington",
        grounds="The academy is nearest to our home and Noah's friends are going there.",
        **round_values,
    )
    withdrawn = _lodge(
        by,
        child=("Grace", "Oduya"),
        parent="Blessing Oduya",
        grounds="We would like Grace to study music, which the academy specialises in.",
        **round_values,
    )
    listed_on = calendars.working_days_before(hearing_day, 12, calendar=school_days)
    cases.appeal_withdraw(
        appeal=withdrawn, note="Offered a place at another school", today=listed_on, by=by
    )
    held = scheduling.hearing_schedule(
        appeals=[upheld, dismissed],
        starts_at=_at(hearing_day, 10),
        ends_at=_at(hearing_day, 16),
        group_stage_ends_at=_at(hearing_day, 11),
        clerk=_clerk(),
        seats=seats("lay_2", "education", "education_2"),
        location_note=PLACE,
        today=listed_on,
        by=by,
    )
    scheduling.hearing_send_notice(hearing=held, today=listed_on, by=by)
    decisions.hearing_record(
        hearing=held,
        listings={
            listing.pk: decisions.ListingRecord(
                attendance="attended", present="The parent", notes="Heard the parent's case."
            )
            for listing in held.listings.all()
        },
        authority_present="The trust's admissions manager",
        notes="The trust showed that Year 7 is full at 180 and a 181st pupil would mean "
        "a class of 31 in practical subjects.",
        now=_at(hearing_day, 16),
        by=by,
    )
    decided = calendars.working_days_after(hearing_day, 1, calendar=school_days)
    decisions.decision_record(
        appeal=upheld,
        outcome="upheld",
        reasons="The panel found prejudice, but Ella's medical needs and her brother's place "
        "outweigh it.",
        prejudice_found=True,
        appellant_case_outweighs=True,
        today=decided,
        by=by,
    )
    decisions.decision_record(
        appeal=dismissed,
        outcome="dismissed",
        reasons="Being nearest and friends' choices do not outweigh the prejudice the trust "
        "showed.",
        prejudice_found=True,
        appellant_case_outweighs=False,
        today=decided,
        by=by,
    )
    for appeal in (upheld, dismissed):
        decisions.decision_letter_send(appeal=appeal, today=decided, by=by)

    # In-year appeals for the community school, at a hearing to come.
    this_year = today.year if today.month >= 9 else today.year - 1
    in_year = {
        "school": community,
        "kind": Appeal.Kind.ADMISSION_IN_YEAR,
        "year_group": "8",
        "entry_year": this_year,
        "notified": today - timedelta(days=9),
        "lodged": today - timedelta(days=7),
    }
    coming = [
        _lodge(
            by,
            child=("Oliver", "Hastings"),
            parent="Claire Hastings",
            grounds="We have moved to Kingsmere and Park School is the only one within walking "
            "distance.",
            **in_year,
        ),
        _lodge(
            by,
            child=("Amelia", "Kowalski"),
            parent="Piotr Kowalski",
            grounds="Amelia's cousin attends and can walk with her; the offered school is two "
            "buses away.",
            **in_year,
        ),
    ]
    _lodge(
        by,
        child=("Jack", "Fenwick"),
        parent="Laura Fenwick",
        grounds="Jack is being bullied at his current school.",
        **{**in_year, "notified": today - timedelta(days=4), "lodged": today - timedelta(days=2)},
    )
    hearing_day = calendars.working_days_after(today, 12, calendar=school_days)
    scheduling.hearing_schedule(
        appeals=coming,
        starts_at=_at(hearing_day, 10),
        ends_at=_at(hearing_day, 15),
        group_stage_ends_at=_at(hearing_day, 10, 45),
        clerk=_clerk(),
        seats=seats("lay", "education", "education_2"),
        location_note=PLACE,
        today=today,
        by=by,
    )

    # An exclusion review: the panel meets within 15 school days of the application.
    notified = calendars.working_days_before(today, 5, calendar=school_days)
    review = _lodge(
        by,
        school=community,
        kind=Appeal.Kind.EXCLUSION_REVIEW,
        year_group="10",
        entry_year=this_year,
        notified=notified,
        lodged=today,
        child=("Tyler", "Briggs"),
        parent="Donna Briggs",
        grounds="The incident was not investigated fairly and Tyler's special educational "
        "needs were not taken into account.",
    )
    review_day = calendars.working_days_after(today, 6, calendar=school_days)
    scheduling.hearing_schedule(
        appeals=[review],
        starts_at=_at(review_day, 10),
        ends_at=_at(review_day, 13),
        clerk=_clerk(),
        seats=seats("lay_2", "head", "governor"),
        location_note=PLACE,
        today=today,
        by=by,
    )

    # A home-to-school travel appeal at stage 2, waiting for a panel.
    _lodge(
        by,
        school=None,
        kind=Appeal.Kind.TRANSPORT_STAGE_2,
        year_group="6",
        entry_year=this_year,
        notified=calendars.working_days_before(today, 4, calendar=working_days),
        lodged=today,
        child=("Mia", "Thornton"),
        parent="Rachel Thornton",
        grounds="The walking route to school is not safe: there is no pavement on Mill Road.",
    )


def _clerk():
    """The demo's appeals clerk: the ``clerk`` account, or any active appeals clerk."""
    from democracy.roles import Role

    user = User.objects.filter(username="clerk").first()
    if user is None:
        user = (
            User.objects.filter(groups__name=Role.APPEALS_CLERK.value, is_active=True)
            .order_by("pk")
            .first()
        )
    if user is None:
        raise LookupError("The appeals demo needs an appeals clerk's account")
    return user
