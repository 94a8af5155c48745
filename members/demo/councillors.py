"""Demo data for members: four political groups, independents and 48 councillors elected at
the all-out ordinary election of 4 May 2023, with one by-election and one change of group."""

from __future__ import annotations

import random
from datetime import date

from django.utils.text import slugify
from faker import Faker

from elections.models import Ward
from members import services
from members.models import Councillor, GroupMembership, PoliticalGroup, Term
from members.rules.terms import ordinary_term_start

SEED = 2023
POLL = date(2023, 5, 4)
# Councillors elected at an ordinary election take office on the fourth day after the poll
# (LGA 1972 s7); that day, 8 May 2023, was the Coronation bank holiday, so they took office on
# Tuesday 9 May 2023 (LGA 1972 s243(1); ``members.rules.terms.ordinary_term_start``).
TAKE_OFFICE = ordinary_term_start(POLL)

GROUPS = [
    # name, short name, colour, seats won in 2023
    ("Conservative Group", "Con", "#0a3b7c", 21),
    ("Labour Group", "Lab", "#a4001d", 13),
    ("Liberal Democrat Group", "LD", "#9c5a00", 8),
    ("Green Group", "Green", "#00703c", 4),
]
INDEPENDENTS = 2

# One Conservative councillor left the group and sat as an independent from 2 September 2024.
GROUP_CHANGE_ON = date(2024, 9, 2)
# One Labour councillor resigned with effect from 31 January 2025 (first day out of office);
# the by-election on 13 March 2025 was held by Labour.
RESIGNATION_EFFECTIVE = date(2025, 1, 31)
BY_ELECTION_TAKE_OFFICE = date(2025, 3, 14)


def _people(fake: Faker, count: int) -> list[tuple[str, str]]:
    names: list[tuple[str, str]] = []
    while len(names) < count:
        name = (fake.first_name(), fake.last_name())
        if name not in names:
            names.append(name)
    return names


def _councillor(fake: Faker, first: str, last: str, by) -> Councillor:
    # Found by slug, which a rename does not change, so a renamed councillor is not re-created.
    existing = Councillor.all_objects.filter(slug=slugify(f"{first} {last}")).first()
    if existing:
        return existing
    local = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
    return services.councillor_create(
        first_name=first,
        last_name=last,
        council_email=f"cllr.{local}@kingsmere.example.org",
        council_phone=f"01632 {960000 + fake.random_int(0, 999):06d}"[:12],
        home_address=fake.address(),
        personal_email=f"{local}@example.com",
        personal_phone=fake.phone_number(),
        by=by,
    )


def load(*, by=None) -> list[Councillor]:
    fake = Faker("en_GB")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security

    groups = {}
    for name, short, colour, _ in GROUPS:
        groups[short] = PoliticalGroup.objects.filter(
            slug=slugify(name)
        ).first() or services.group_create(
            name=name, short_name=short, colour=colour, constituted_on=TAKE_OFFICE, by=by
        )

    seats = [ward for ward in Ward.objects.order_by("name") for _ in range(ward.seats)]
    labels = [short for _, short, _, won in GROUPS for _ in range(won)] + [None] * INDEPENDENTS
    rng.shuffle(labels)
    names = _people(fake, len(seats) + 1)

    councillors = []
    for ward, label, (first, last) in zip(seats, labels, names, strict=False):
        councillor = _councillor(fake, first, last, by)
        councillors.append(councillor)
        if not Term.objects.filter(councillor=councillor).exists():
            services.term_start(
                councillor=councillor,
                ward=ward,
                start_date=TAKE_OFFICE,
                start_reason=Term.StartReason.ORDINARY_ELECTION,
                by=by,
            )
        if label and not GroupMembership.objects.filter(councillor=councillor).exists():
            services.group_join(
                councillor=councillor, group=groups[label], start_date=TAKE_OFFICE, by=by
            )

    # The change of group: the last Conservative elected leaves the group.
    leaver = [c for c, label in zip(councillors, labels, strict=True) if label == "Con"][-1]
    membership = GroupMembership.objects.get(councillor=leaver, start_date=TAKE_OFFICE)
    if membership.end_date is None:
        services.group_leave(membership=membership, end_date=GROUP_CHANGE_ON, by=by)

    # The by-election: the last Labour councillor resigns; a new Labour councillor is elected.
    index = max(i for i, label in enumerate(labels) if label == "Lab")
    resigned = councillors[index]
    term = Term.objects.get(councillor=resigned, start_date=TAKE_OFFICE)
    if term.end_date is None:
        services.term_end(
            term=term, end_date=RESIGNATION_EFFECTIVE, end_reason=Term.EndReason.RESIGNED, by=by
        )
    first, last = names[-1]
    successor = _councillor(fake, first, last, by)
    if not Term.objects.filter(councillor=successor).exists():
        services.term_start(
            councillor=successor,
            ward=seats[index],
            start_date=BY_ELECTION_TAKE_OFFICE,
            start_reason=Term.StartReason.BY_ELECTION,
            by=by,
        )
        services.group_join(
            councillor=successor, group=groups["Lab"], start_date=BY_ELECTION_TAKE_OFFICE, by=by
        )
    return [*councillors, successor]


def ordinary_election_winners() -> list[tuple[Ward, Councillor, str | None]]:
    """The councillors elected at the ordinary election of ``POLL``, ward by ward, with the
    short name of the group they stood for (None for an independent): the group they joined
    when they took office, before any change of group since. The elections demo records that
    election's result with them as its winners, so that the result and the terms agree."""
    groups = {
        m.councillor_id: m.group.short_name
        for m in GroupMembership.objects.filter(start_date=TAKE_OFFICE).select_related("group")
    }
    terms = (
        Term.objects.filter(start_date=TAKE_OFFICE, start_reason=Term.StartReason.ORDINARY_ELECTION)
        .select_related("councillor", "ward")
        .order_by("ward__name", "councillor__last_name", "councillor__first_name")
    )
    return [(t.ward, t.councillor, groups.get(t.councillor_id)) for t in terms]


def resignation_candidate(*, avoid_wards: set[int], seated: set[int]) -> Councillor:
    """The councillor who resigns for the demo's by-election now: a backbencher elected at the
    ordinary election who never changed group, with no demo login and none of the seats or
    posts in ``seated`` (the composition root reads them from meetings, which members does not
    import), in a ward not in ``avoid_wards``; the first by ward and name, so that every load
    picks the same one."""
    term = (
        Term.objects.filter(
            start_date=TAKE_OFFICE,
            start_reason=Term.StartReason.ORDINARY_ELECTION,
            councillor__user__isnull=True,
        )
        .exclude(ward_id__in=avoid_wards)
        .exclude(councillor_id__in=seated)
        .exclude(end_reason=Term.EndReason.RESIGNED, end_date=RESIGNATION_EFFECTIVE)
        .exclude(
            councillor_id__in=GroupMembership.objects.filter(end_date=GROUP_CHANGE_ON).values(
                "councillor_id"
            )
        )
        .select_related("councillor")
        .order_by("ward__name", "councillor__last_name", "councillor__first_name")
        .first()
    )
    return term.councillor


def resign(*, councillor: Councillor, effective: date, by=None) -> Term:
    """``councillor`` resigns with effect from ``effective`` (the first day out of office; LGA
    1972 s84: on receipt of the written notice by the proper officer), through the members
    service, which ends their group membership and committee seats the same day. Loading again
    finds the term already ended and leaves it."""
    term = Term.objects.filter(councillor=councillor).order_by("-start_date").first()
    if term.end_date is None:
        services.term_end(term=term, end_date=effective, end_reason=Term.EndReason.RESIGNED, by=by)
    return term
