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
from members.models import Councillor

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
def membership_appoint(
    *,
    committee: Committee,
    councillor: Councillor,
    role: str,
    start_date: date,
    by,
) -> CommitteeMembership:
    """Appoint a councillor to a committee seat.

    Refused when the councillor does not hold office on ``start_date``, when the committee's
    voting seats are all taken, or when it already has a chair (or vice-chair) that day.
    """
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if not Councillor.objects.serving(start_date).filter(pk=councillor.pk).exists():
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
    membership = CommitteeMembership(
        committee=committee, councillor=councillor, role=role, start_date=start_date
    )
    return create_audited(
        membership,
        "meetings.membership.appoint",
        by=by,
        fields=["committee", "councillor", "role", "start_date"],
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
