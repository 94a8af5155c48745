"""Writes to councillors, terms of office and political groups: validated, atomic, audited."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from democracy.dates import govuk_date
from democracy.services import create_audited, update_audited
from democracy.validity import in_force_on
from elections.models import Ward
from members.models import (
    CoOption,
    Councillor,
    GroupMembership,
    PoliticalGroup,
    PrivateContact,
    Term,
)
from members.signals import left_office


def _unique_slug(base: str) -> str:
    slug, n = slugify(base), 1
    while Councillor.all_objects.filter(slug=slug).exists():
        n += 1
        slug = f"{slugify(base)}-{n}"
    return slug


@transaction.atomic
def group_create(
    *, name: str, short_name: str, colour: str, constituted_on: date, by
) -> PoliticalGroup:
    group = PoliticalGroup(
        name=name,
        short_name=short_name,
        slug=slugify(name),
        colour=colour,
        constituted_on=constituted_on,
    )
    return create_audited(
        group,
        "members.group.create",
        by=by,
        fields=["name", "short_name", "colour", "constituted_on"],
    )


@transaction.atomic
def councillor_create(
    *,
    first_name: str,
    last_name: str,
    title: str = "Cllr",
    kind: str = Councillor.Kind.ELECTED,
    council_email: str = "",
    council_phone: str = "",
    user=None,
    home_address: str = "",
    personal_email: str = "",
    personal_phone: str = "",
    by,
) -> Councillor:
    councillor = Councillor(
        kind=kind,
        first_name=first_name,
        last_name=last_name,
        title=title,
        slug=_unique_slug(f"{first_name} {last_name}"),
        council_email=council_email,
        council_phone=council_phone,
        user=user,
    )
    create_audited(
        councillor,
        "members.councillor.create",
        by=by,
        fields=[
            "kind",
            "title",
            "first_name",
            "last_name",
            "council_email",
            "council_phone",
            "user",
        ],
    )
    contact = PrivateContact(
        councillor=councillor,
        home_address=home_address,
        personal_email=personal_email,
        personal_phone=personal_phone,
    )
    contact.full_clean()
    contact.save()
    return councillor


@transaction.atomic
def councillor_link_user(*, councillor: Councillor, user, by) -> Councillor:
    """Link the account a councillor signs in to the member portal with."""
    if Councillor.all_objects.filter(user=user).exclude(pk=councillor.pk).exists():
        raise ValidationError({"user": f"{user} is already linked to another councillor."})
    return update_audited(councillor, {"user": user}, "members.councillor.link_user", by=by)


def check_term_start(*, councillor: Councillor, ward: Ward, start_date: date) -> None:
    """Refuse a term ``term_start`` would refuse (a co-opted member's record; a ward not in
    force that day, or already returning its ``seats`` councillors), each refusal naming its
    field, for forms that check before saving. ``term_start`` checks again under a lock."""
    if councillor.is_co_opted:
        raise ValidationError(
            {
                "councillor": f"{councillor.full_name} is a co-opted member, not a councillor: "
                "record their election on their record first."
            }
        )
    if not Ward.objects.current(start_date).filter(pk=ward.pk).exists():
        raise ValidationError({"ward": f"{ward} is not in force on {start_date:%-d %B %Y}."})
    holding = Term.objects.filter(in_force_on(start_date), ward=ward).count()
    if holding >= ward.seats:
        raise ValidationError(
            {"ward": f"{ward} already has its {ward.seats} councillors on {start_date:%-d %B %Y}."}
        )


@transaction.atomic
def term_start(
    *,
    councillor: Councillor,
    ward: Ward,
    start_date: date,
    start_reason: str,
    end_date: date | None = None,
    end_reason: str = "",
    by,
) -> Term:
    """Record that ``councillor`` holds office for ``ward`` from ``start_date``.

    A ward returns a fixed number of councillors (its ``seats``); a term that would give it more
    on the start date is refused, as is a ward not in force that day. A past term recorded after
    the fact is given its ``end_date`` and ``end_reason`` here, and leaving office has the same
    consequences as ``term_end``.
    """
    # Lock the ward so two terms started at once cannot both take its last seat.
    ward = Ward.objects.select_for_update().get(pk=ward.pk)
    check_term_start(councillor=councillor, ward=ward, start_date=start_date)
    term = Term(
        councillor=councillor,
        ward=ward,
        start_date=start_date,
        start_reason=start_reason,
        end_date=end_date,
        end_reason=end_reason,
    )
    fields = ["councillor", "ward", "start_date", "start_reason"]
    if end_date is not None:
        fields += ["end_date", "end_reason"]
    create_audited(term, "members.term.start", by=by, fields=fields)
    if end_date is not None:
        _leave_office(term, end_date, by=by)
    return term


@transaction.atomic
def term_end(*, term: Term, end_date: date, end_reason: str, by) -> Term:
    """End a term of office (``end_date`` is the first day out of office). A councillor who
    leaves office leaves their political group the same day, and ``left_office`` tells the
    other apps (meetings ends their committee seats) in the same transaction."""
    update_audited(
        term, {"end_date": end_date, "end_reason": end_reason}, "members.term.end", by=by
    )
    _leave_office(term, end_date, by=by)
    return term


def _leave_office(term: Term, end_date: date, *, by) -> None:
    """The consequences of a term ending, inside the caller's transaction: the councillor leaves
    their group that day and, unless a new term begins as this one ends, ``left_office`` is
    sent (meetings ends their committee seats, LGA 1972 s102)."""
    for membership in GroupMembership.objects.filter(
        in_force_on(end_date), councillor=term.councillor
    ):
        group_leave(membership=membership, end_date=end_date, by=by)
    still_serving = Term.objects.filter(councillor=term.councillor, start_date__gte=end_date)
    if not still_serving.exists():  # not a new term starting the day this one ends
        left_office.send(sender=Term, councillor=term.councillor, end_date=end_date, by=by)


@transaction.atomic
def group_leave(*, membership: GroupMembership, end_date: date, by) -> GroupMembership:
    """End a group membership; the councillor sits as an independent unless they join another."""
    return update_audited(membership, {"end_date": end_date}, "members.group_membership.end", by=by)


@transaction.atomic
def group_dissolve(*, group: PoliticalGroup, dissolved_on: date, by) -> PoliticalGroup:
    """Record that ``group`` no longer exists from ``dissolved_on`` (its first day gone): every
    membership in force that day ends that day, inside this transaction, so its members sit as
    non-aligned councillors in the political balance (SI 1990/1553 regs 8 and 16) until they join
    another group. A membership that starts on or after that day is refused by name, as is a
    date before the group was constituted."""
    group = PoliticalGroup.objects.select_for_update().get(pk=group.pk)
    if dissolved_on <= group.constituted_on:
        raise ValidationError(
            {
                "dissolved_on": f"{group.name} was constituted on "
                f"{govuk_date(group.constituted_on)}: it can only be dissolved after that day."
            }
        )
    later = (
        GroupMembership.objects.filter(group=group, start_date__gte=dissolved_on)
        .select_related("councillor")
        .first()
    )
    if later is not None:
        raise ValidationError(
            {
                "dissolved_on": f"{later.councillor} joins {group.name} on "
                f"{govuk_date(later.start_date)}, on or after the day it is dissolved: correct "
                "that membership first."
            }
        )
    update_audited(group, {"dissolved_on": dissolved_on}, "members.group.dissolve", by=by)
    for membership in GroupMembership.objects.select_for_update().filter(
        in_force_on(dissolved_on), group=group
    ):
        group_leave(membership=membership, end_date=dissolved_on, by=by)
    return group


@transaction.atomic
def group_join(
    *, councillor: Councillor, group: PoliticalGroup, start_date: date, by
) -> GroupMembership:
    """Move ``councillor`` into ``group`` from ``start_date``, ending any current membership.
    Political groups are of councillors (SI 1990/1553 reg 8): a co-opted member joins none, and
    nobody joins a group on or after the day it is dissolved."""
    if councillor.is_co_opted:
        raise ValidationError(
            {"councillor": f"{councillor} is a co-opted member and cannot join a political group."}
        )
    dissolved_on = PoliticalGroup.objects.filter(pk=group.pk).values_list(
        "dissolved_on", flat=True
    )[0]
    if dissolved_on is not None and start_date >= dissolved_on:
        raise ValidationError(
            {
                "group": f"{group.name} was dissolved on {govuk_date(dissolved_on)}: "
                "choose a group that exists on the day they join."
            }
        )
    current = (
        GroupMembership.objects.select_for_update()
        .filter(in_force_on(start_date), councillor=councillor)
        .first()
    )
    if current is not None:
        if current.group_id == group.pk:
            return current
        group_leave(membership=current, end_date=start_date, by=by)
    membership = GroupMembership(councillor=councillor, group=group, start_date=start_date)
    return create_audited(
        membership,
        "members.group_membership.start",
        by=by,
        fields=["councillor", "group", "start_date"],
    )


@transaction.atomic
def co_option_start(
    *,
    councillor: Councillor,
    appointment: str,
    start_date: date,
    appointed_by: str = "",
    voting: bool = True,
    allowance_payable: bool = True,
    by,
) -> CoOption:
    """Record that ``councillor`` (a co-opted member's record) is a co-opted member of the
    authority from ``start_date`` (Localism Act 2011 s27(4)); the 28 days to register their
    interests begin with that day (s30(1))."""
    if not councillor.is_co_opted:
        raise ValidationError(
            {"councillor": f"{councillor.full_name} is a councillor; only others are co-opted."}
        )
    co_option = CoOption(
        councillor=councillor,
        appointment=appointment,
        appointed_by=appointed_by,
        voting=voting,
        allowance_payable=allowance_payable,
        start_date=start_date,
    )
    return create_audited(
        co_option,
        "members.co_option.start",
        by=by,
        fields=[
            "councillor",
            "appointment",
            "appointed_by",
            "voting",
            "allowance_payable",
            "start_date",
        ],
    )


@transaction.atomic
def co_option_end(*, co_option: CoOption, end_date: date, end_reason: str, by) -> CoOption:
    """End a co-option (``end_date`` is the first day no longer co-opted); ``left_office``
    tells meetings to end the person's committee seats in the same transaction."""
    update_audited(
        co_option,
        {"end_date": end_date, "end_reason": end_reason},
        "members.co_option.end",
        by=by,
    )
    again = CoOption.objects.filter(councillor=co_option.councillor, start_date__gte=end_date)
    if not again.exists():
        left_office.send(sender=CoOption, councillor=co_option.councillor, end_date=end_date, by=by)
    return co_option


@transaction.atomic
def co_opted_member_create(
    *,
    first_name: str,
    last_name: str,
    title: str = "",
    council_email: str = "",
    council_phone: str = "",
    home_address: str = "",
    personal_email: str = "",
    personal_phone: str = "",
    appointment: str,
    start_date: date,
    appointed_by: str = "",
    voting: bool = True,
    allowance_payable: bool = True,
    by,
) -> Councillor:
    """Record a co-opted member and their first co-option in one step (Localism Act 2011
    s27(4)): both are saved, or, if either is refused, neither."""
    person = councillor_create(
        kind=Councillor.Kind.COOPTED,
        title=title,
        first_name=first_name,
        last_name=last_name,
        council_email=council_email,
        council_phone=council_phone,
        home_address=home_address,
        personal_email=personal_email,
        personal_phone=personal_phone,
        by=by,
    )
    co_option_start(
        councillor=person,
        appointment=appointment,
        appointed_by=appointed_by,
        start_date=start_date,
        voting=voting,
        allowance_payable=allowance_payable,
        by=by,
    )
    return person
