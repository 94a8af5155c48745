"""Demo data for meetings: the standard committees of a district council and their members,
appointed at the annual meeting of 19 May 2026."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils.text import slugify

from democracy.validity import in_force_on
from meetings import services
from meetings.models import Committee, CommitteeMembership
from members.models import Councillor, GroupMembership

ANNUAL_MEETING = date(2026, 5, 19)
ESTABLISHED = date(2023, 5, 16)

# name, kind, size, quorum, political balance applies, terms of reference
COMMITTEES = [
    (
        "Council",
        Committee.Kind.COUNCIL,
        48,
        12,
        False,
        "All 48 councillors. Sets the budget and policy framework, adopts the constitution and "
        "appoints the Leader and committees. Quorum: one quarter of the whole number of members "
        "(LGA 1972 Sch 12 para 6).",
    ),
    (
        "Cabinet",
        Committee.Kind.EXECUTIVE,
        8,
        3,
        False,
        "The Leader and up to nine executive members (LGA 2000 s9C) take executive decisions not "
        "reserved to the council.",
    ),
    (
        "Planning Committee",
        Committee.Kind.COMMITTEE,
        13,
        4,
        True,
        "Determines applications for planning permission that are not delegated to officers.",
    ),
    (
        "Licensing Committee",
        Committee.Kind.COMMITTEE,
        15,
        4,
        True,
        "The licensing committee under the Licensing Act 2003 s6 (10 to 15 members) and the "
        "Gambling Act 2005.",
    ),
    (
        "Overview and Scrutiny Committee",
        Committee.Kind.OVERVIEW_AND_SCRUTINY,
        12,
        4,
        True,
        "Reviews and scrutinises executive decisions and policy (LGA 2000 s9F) and hears call-ins.",
    ),
    (
        "Audit and Governance Committee",
        Committee.Kind.COMMITTEE,
        9,
        3,
        True,
        "Oversees internal and external audit, risk management and the annual governance "
        "statement.",
    ),
    (
        "Standards Committee",
        Committee.Kind.COMMITTEE,
        7,
        3,
        True,
        "Promotes high standards of conduct and hears complaints under the code of conduct "
        "(Localism Act 2011 s27).",
    ),
]


def _group_of(councillors: list[Councillor], on: date) -> dict[str | None, list[Councillor]]:
    groups = dict(
        GroupMembership.objects.filter(in_force_on(on)).values_list(
            "councillor_id", "group__short_name"
        )
    )
    by_group: dict[str | None, list[Councillor]] = defaultdict(list)
    for councillor in councillors:
        by_group[groups.get(councillor.pk)].append(councillor)
    return by_group


def _allocate(size: int, sizes: dict[str | None, int]) -> dict[str | None, int]:
    """Seats per group in proportion to group size, largest remainder first (a stand-in for
    the full LGHA 1989 s15 calculation, which the meetings issue implements)."""
    total = sum(sizes.values())
    exact = {group: size * n / total for group, n in sizes.items()}
    seats = {group: int(value) for group, value in exact.items()}
    for group in sorted(exact, key=lambda g: exact[g] - seats[g], reverse=True):
        if sum(seats.values()) == size:
            break
        seats[group] += 1
    return seats


def load(*, by=None) -> list[Committee]:
    serving = list(Councillor.objects.serving(ANNUAL_MEETING).order_by("last_name", "first_name"))
    by_group = _group_of(serving, ANNUAL_MEETING)
    grouped = {g: len(members) for g, members in by_group.items() if g is not None}
    largest = max(grouped, key=grouped.get)
    committees = []
    for name, kind, size, quorum, balance, terms in COMMITTEES:
        committee = Committee.objects.filter(
            slug=slugify(name)
        ).first() or services.committee_create(
            name=name,
            kind=kind,
            size=size,
            quorum=quorum,
            political_balance_applies=balance,
            terms_of_reference=terms,
            established_on=ESTABLISHED,
            by=by,
        )
        committees.append(committee)
        if committee.memberships.exists():
            continue
        if kind == Committee.Kind.COUNCIL:
            members = serving
        elif kind == Committee.Kind.EXECUTIVE:
            members = by_group[largest][:size]
        else:
            members = []
            offset = len(committees)  # spread seats across each group's members
            for group, seats in _allocate(size, grouped).items():
                pool = by_group[group]
                members += [pool[(offset + i) % len(pool)] for i in range(seats)]
        chair = next(c for c in members if c in by_group[largest])
        vice = next(c for c in members if c in by_group[largest] and c != chair)
        for councillor in members:
            role = {
                chair: CommitteeMembership.Role.CHAIR,
                vice: CommitteeMembership.Role.VICE_CHAIR,
            }.get(councillor, CommitteeMembership.Role.MEMBER)
            services.membership_appoint(
                committee=committee,
                councillor=councillor,
                role=role,
                start_date=ANNUAL_MEETING,
                by=by,
            )
    return committees
