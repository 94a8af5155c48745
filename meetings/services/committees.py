"""Writes to committees and their membership: validated, atomic, audited."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from democracy import audit
from democracy.services import create_audited, update_audited
from democracy.validity import in_force_on
from meetings.models import Committee, CommitteeMembership
from members.models import Councillor, TrainingBooking, TrainingModule
from members.rules.records import executive_and_chair_problem

VOTING_COUNCILLOR_ROLES = {
    CommitteeMembership.Role.CHAIR,
    CommitteeMembership.Role.VICE_CHAIR,
    CommitteeMembership.Role.MEMBER,
}


@transaction.atomic
def committee_create(
    *,
    name: str,
    kind: str,
    size: int,
    quorum: int,
    established_on: date,
    political_balance_applies: bool = True,
    terms_of_reference: str = "",
    parent: Committee | None = None,
    by,
) -> Committee:
    committee = Committee(
        name=name,
        slug=slugify(name),
        kind=kind,
        size=size,
        quorum=quorum,
        established_on=established_on,
        political_balance_applies=political_balance_applies,
        terms_of_reference=terms_of_reference,
        parent=parent,
    )
    return create_audited(
        committee,
        "meetings.committee.create",
        by=by,
        fields=["name", "kind", "size", "quorum", "political_balance_applies", "parent"],
    )


@transaction.atomic
def committee_require_training(
    *, committee: Committee, modules: list[TrainingModule], by
) -> Committee:
    """Add ``modules`` to the training ``committee`` requires of its members (audited)."""
    before = audit.snapshot(committee, ["required_training"])
    committee.required_training.add(*modules)
    after = audit.snapshot(committee, ["required_training"])
    changes = audit.diff(before, after)
    if changes:
        audit.record("meetings.committee.require_training", committee, by=by, changes=changes)
    return committee


def training_required_by_seats(councillor: Councillor, on: date) -> list[tuple[int, str]]:
    """(module id, committee name) for each training module a committee ``councillor`` sits on
    (on ``on``) requires: meetings' answer to ``members.signals.training_required``. One query."""
    return list(
        CommitteeMembership.objects.filter(in_force_on(on), councillor=councillor)
        .filter(committee__required_training__isnull=False)
        .values_list("committee__required_training", "committee__name")
    )


def untrained_for(committee: Committee, councillor: Councillor) -> list[TrainingModule]:
    """The training modules ``committee`` requires that ``councillor`` has not attended (one
    query). Appointing them is allowed, but officers are warned: councils commonly bar members
    from sitting on planning or licensing until trained, a local rule rather than statute."""
    attended = TrainingBooking.all_objects.filter(
        councillor=councillor, status=TrainingBooking.Status.ATTENDED
    ).values("event__module")
    return list(committee.required_training.exclude(pk__in=attended).order_by("name"))


def untrained_warning(committee: Committee, councillor: Councillor) -> str:
    """The GOV.UK warning text for an appointment without the required training ("" if none)."""
    missing = untrained_for(committee, councillor)
    if not missing:
        return ""
    names = ", ".join(m.name for m in missing)
    return (
        f"{councillor.full_name} has not attended the training {committee} requires: {names}. "
        "Book them on an event before they sit."
    )


CO_OPTED_ROLES = {
    CommitteeMembership.Role.COOPTED_VOTING,
    CommitteeMembership.Role.COOPTED_NON_VOTING,
}


def _check_co_opted_seat(person: Councillor, role: str, start_date: date) -> None:
    """A co-opted member sits only in a co-opted seat, while co-opted (members.CoOption), and
    votes only if their co-option gives them a vote (Localism Act 2011 s27(4))."""
    if role not in CO_OPTED_ROLES:
        raise ValidationError(
            {"role": f"{person} is a co-opted member: choose a co-opted member's seat."}
        )
    co_option = person.co_options.filter(in_force_on(start_date)).first()
    if co_option is None:
        raise ValidationError(
            {"councillor": f"{person} is not a co-opted member on {start_date:%-d %B %Y}."}
        )
    if role == CommitteeMembership.Role.COOPTED_VOTING and not co_option.voting:
        raise ValidationError(
            {"role": f"{person} is co-opted without a vote: choose a non-voting seat."}
        )


def check_seat_kind(person: Councillor, role: str, start_date: date) -> None:
    """A co-opted member only in a co-opted seat (while co-opted, with a vote only if their
    co-option gives one); a councillor never in a co-opted seat. Raised with the field it is
    about (``councillor`` or ``role``), for forms that check before saving."""
    if person.is_co_opted:
        _check_co_opted_seat(person, role, start_date)
    elif role in CO_OPTED_ROLES:
        raise ValidationError(
            {"role": f"{person} is a councillor: a co-opted seat is for someone who is not."}
        )


CHAIR_ROLES = {CommitteeMembership.Role.CHAIR, CommitteeMembership.Role.VICE_CHAIR}


def _check_executive_and_chair(
    committee: Committee, councillor: Councillor, role: str, start_date: date
) -> None:
    """LGA 2000 s9C(4): the executive may not include the chair or vice-chair of the council, so
    a seat on the executive and the chair or vice-chair of Council are never held together
    (``members.rules.records.executive_and_chair_problem``)."""
    executive = committee.kind == Committee.Kind.EXECUTIVE
    chairs_council = committee.kind == Committee.Kind.COUNCIL and role in CHAIR_ROLES
    if not (executive or chairs_council):
        return
    seats = (
        CommitteeMembership.objects.filter(councillor=councillor)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=start_date))
        .select_related("committee")
    )
    held = [(s.committee, s.role) for s in seats] + [(committee, role)]
    problem = executive_and_chair_problem(
        name=str(councillor),
        executive=[f"a member of {c}" for c, _ in held if c.kind == Committee.Kind.EXECUTIVE],
        chair_of_council=[
            f"{CommitteeMembership.Role(r).label.lower()} of {c}"
            for c, r in held
            if c.kind == Committee.Kind.COUNCIL and r in CHAIR_ROLES
        ],
    )
    if problem:
        raise ValidationError({"councillor": problem})


@transaction.atomic
def membership_appoint(
    *,
    committee: Committee,
    councillor: Councillor,
    role: str,
    start_date: date,
    by,
) -> CommitteeMembership:
    """Appoint a councillor, or a co-opted member, to a committee seat.

    Refused when the councillor does not hold office on ``start_date`` (a co-opted member: is
    not co-opted that day, or is offered a seat other than a co-opted one), when the committee's
    voting seats are all taken, or when it already has a chair (or vice-chair) that day.
    Not refused, but warned: a councillor without the training the committee requires; the
    warning is on the returned membership as ``training_warning`` ("" when none).
    """
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    check_seat_kind(councillor, role, start_date)
    if not councillor.is_co_opted and not (
        Councillor.all_objects.serving(start_date).filter(pk=councillor.pk).exists()
    ):
        raise ValidationError(
            {"councillor": f"{councillor} does not hold office on {start_date:%-d %B %Y}."}
        )
    current = committee.memberships.filter(in_force_on(start_date))
    if role in VOTING_COUNCILLOR_ROLES:
        taken = current.filter(role__in=VOTING_COUNCILLOR_ROLES).count()
        if taken >= committee.size:
            raise ValidationError(
                {"role": f"All {committee.size} seats on {committee} are filled."}
            )
    if (
        role in {CommitteeMembership.Role.CHAIR, CommitteeMembership.Role.VICE_CHAIR}
        and current.filter(role=role).exists()
    ):
        label = CommitteeMembership.Role(role).label
        raise ValidationError({"role": f"{committee} already has a {label.lower()}."})
    _check_executive_and_chair(committee, councillor, role, start_date)
    membership = CommitteeMembership(
        committee=committee, councillor=councillor, role=role, start_date=start_date
    )
    create_audited(
        membership,
        "meetings.membership.appoint",
        by=by,
        fields=["committee", "councillor", "role", "start_date"],
    )
    membership.training_warning = untrained_warning(committee, councillor)
    return membership


@transaction.atomic
def membership_appoint_named(
    *, committee: Committee, coopted_name: str, role: str, start_date: date, by
) -> CommitteeMembership:
    """Seat a co-opted member known by name only (no record of their own, so no portal login
    and no exempt papers by that route) in a co-opted seat."""
    if role not in CO_OPTED_ROLES:
        raise ValidationError({"role": "A member given by name only takes a co-opted seat."})
    membership = CommitteeMembership(
        committee=committee, coopted_name=coopted_name, role=role, start_date=start_date
    )
    return create_audited(
        membership,
        "meetings.membership.appoint",
        by=by,
        fields=["committee", "coopted_name", "role", "start_date"],
    )


@transaction.atomic
def membership_end(*, membership: CommitteeMembership, end_date: date, by) -> CommitteeMembership:
    """End a committee seat; ``end_date`` is the first day it is no longer held."""
    if end_date <= membership.start_date:
        raise ValidationError(
            {"end_date": f"The seat began on {membership.start_date:%-d %B %Y}: end it after that."}
        )
    return update_audited(membership, {"end_date": end_date}, "meetings.membership.end", by=by)


@transaction.atomic
def seats_end_on_leaving_office(*, councillor: Councillor, end_date: date, by) -> int:
    """A councillor who ceases to be a member of the council ceases to hold their committee
    seats (LGA 1972 s102 appoints committee members from among the councillors, and a
    councillor's term ends under s7 or on resignation/vacancy ss84-86). Seats in force on
    ``end_date`` end that day; appointments that had not yet begun are withdrawn (audited)."""
    seats = (
        CommitteeMembership.objects.select_for_update()
        .filter(councillor=councillor)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=end_date))
    )
    ended = 0
    for seat in seats:
        if seat.start_date < end_date:
            membership_end(membership=seat, end_date=end_date, by=by)
        else:
            audit.record(
                "meetings.membership.withdraw",
                seat,
                by=by,
                note=f"{seat} from {seat.start_date:%-d %B %Y}: the councillor left office.",
            )
            seat.delete()
        ended += 1
    return ended
