"""Writes to councillor records: profile and contact details, suspensions, positions and their
holders, outside bodies and appointments, and councillors' change requests. Every write is
atomic, validated and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from democracy.services import create_audited, update_audited
from members.models import (
    Councillor,
    DetailsChangeRequest,
    OutsideBody,
    OutsideBodyAppointment,
    Position,
    PositionHolding,
    PrivateContact,
    PublicProfile,
    Suspension,
)
from members.rules.records import executive_and_chair_problem, holder_problem

PROFILE_FIELDS = ("photo", "biography", "postal_address", "website", "social_media")
COUNCILLOR_CONTACT_FIELDS = ("council_email", "council_phone")
PRIVATE_FIELDS = ("home_address", "personal_email", "personal_phone")


def profile_of(councillor: Councillor) -> PublicProfile:
    """The councillor's public profile (an empty, unsaved one if none has been recorded)."""
    try:
        return councillor.profile
    except PublicProfile.DoesNotExist:
        return PublicProfile(councillor=councillor)


def private_contact_of(councillor: Councillor) -> PrivateContact:
    contact = PrivateContact.private_objects.filter(councillor=councillor).first()
    return contact or PrivateContact(councillor=councillor)


@transaction.atomic
def profile_update(*, councillor: Councillor, values: dict[str, Any], by) -> PublicProfile:
    """Change the public record: profile fields (photo, biography, public address, website,
    social media) and the council email and phone on ``Councillor``."""
    unknown = set(values) - set(PROFILE_FIELDS) - set(COUNCILLOR_CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    on_councillor = {k: v for k, v in values.items() if k in COUNCILLOR_CONTACT_FIELDS}
    on_profile = {k: v for k, v in values.items() if k in PROFILE_FIELDS}
    if on_councillor:
        update_audited(councillor, on_councillor, "members.councillor.contact", by=by)
    profile = profile_of(councillor)
    if profile.pk is None:
        for name, value in on_profile.items():
            setattr(profile, name, value)
        return create_audited(profile, "members.profile.create", by=by, fields=list(PROFILE_FIELDS))
    return update_audited(profile, on_profile, "members.profile.update", by=by)


@transaction.atomic
def private_contact_update(*, councillor: Councillor, values: dict[str, str], by) -> PrivateContact:
    """Change a councillor's private contact details (never published)."""
    unknown = set(values) - set(PRIVATE_FIELDS)
    if unknown:
        raise ValueError(f"Not private contact fields: {sorted(unknown)}")
    contact = private_contact_of(councillor)
    if contact.pk is None:
        for name, value in values.items():
            setattr(contact, name, value)
        return create_audited(
            contact, "members.private_contact.create", by=by, fields=PRIVATE_FIELDS
        )
    return update_audited(contact, values, "members.private_contact.update", by=by)


# --- Suspensions ---------------------------------------------------------------------------------


@transaction.atomic
def suspension_record(
    *, councillor: Councillor, start_date: date, end_date: date | None, reason: str, by
) -> Suspension:
    """Record a suspension (``end_date``: the first day no longer suspended, or empty)."""
    suspension = Suspension(
        councillor=councillor, start_date=start_date, end_date=end_date, reason=reason
    )
    return create_audited(
        suspension,
        "members.suspension.record",
        by=by,
        fields=["councillor", "start_date", "end_date", "reason"],
    )


@transaction.atomic
def suspension_end(*, suspension: Suspension, end_date: date, by) -> Suspension:
    return update_audited(suspension, {"end_date": end_date}, "members.suspension.end", by=by)


# --- Positions -----------------------------------------------------------------------------------


@transaction.atomic
def position_create(
    *,
    title: str,
    kind: str,
    portfolio: str = "",
    group=None,
    holders: int = 1,
    by,
) -> Position:
    position = Position(title=title, kind=kind, portfolio=portfolio, group=group, holders=holders)
    return create_audited(
        position,
        "members.position.create",
        by=by,
        fields=["title", "kind", "portfolio", "group", "holders"],
    )


def _overlapping(start: date, end: date | None) -> Q:
    """Rows whose [start_date, end_date) overlaps [start, end)."""
    q = Q(end_date__isnull=True) | Q(end_date__gt=start)
    if end is not None:
        q &= Q(start_date__lt=end)
    return q


EXECUTIVE_POSITIONS = frozenset(
    {Position.Kind.LEADER, Position.Kind.DEPUTY_LEADER, Position.Kind.CABINET_MEMBER}
)
CHAIR_OF_COUNCIL_POSITIONS = frozenset({Position.Kind.MAYOR, Position.Kind.DEPUTY_MAYOR})


def _check_executive_and_chair(
    position: Position, councillor: Councillor, start: date, end: date | None
) -> None:
    """LGA 2000 s9C(4): no executive position (Leader, deputy, cabinet member) for the Mayor or
    Deputy Mayor (the chairman and vice-chairman of the council), nor the other way round, in
    overlapping periods (``rules.executive_and_chair_problem``)."""
    if position.kind not in EXECUTIVE_POSITIONS | CHAIR_OF_COUNCIL_POSITIONS:
        return
    held = [
        h.position
        for h in PositionHolding.objects.filter(_overlapping(start, end), councillor=councillor)
        .exclude(position=position)
        .select_related("position")
    ] + [position]
    problem = executive_and_chair_problem(
        name=str(councillor),
        executive=[p.title for p in held if p.kind in EXECUTIVE_POSITIONS],
        chair_of_council=[p.title for p in held if p.kind in CHAIR_OF_COUNCIL_POSITIONS],
    )
    if problem:
        raise ValidationError({"councillor": problem})


@transaction.atomic
def holding_start(
    *,
    position: Position,
    councillor: Councillor,
    start_date: date,
    end_date: date | None = None,
    by,
) -> PositionHolding:
    """``councillor`` holds ``position`` from ``start_date``. Refused when the position already
    has as many holders as it allows in that period, or the councillor is not in office."""
    position = Position.objects.select_for_update().get(pk=position.pk)
    if not Councillor.all_objects.serving(start_date).filter(pk=councillor.pk).exists():
        raise ValidationError(
            {"councillor": f"{councillor} does not hold office on {start_date:%-d %B %Y}."}
        )
    _check_executive_and_chair(position, councillor, start_date, end_date)
    current = position.holdings.filter(_overlapping(start_date, end_date)).count()
    problem = holder_problem(
        position_title=position.title, allowed=position.holders, current=current
    )
    if problem:
        raise ValidationError({"councillor": problem})
    holding = PositionHolding(
        position=position, councillor=councillor, start_date=start_date, end_date=end_date
    )
    return create_audited(
        holding,
        "members.position_holding.start",
        by=by,
        fields=["position", "councillor", "start_date", "end_date"],
    )


@transaction.atomic
def holding_end(*, holding: PositionHolding, end_date: date, by) -> PositionHolding:
    """End a holding; ``end_date`` is the first day the councillor no longer holds it."""
    return update_audited(holding, {"end_date": end_date}, "members.position_holding.end", by=by)


# --- Outside bodies ------------------------------------------------------------------------------


@transaction.atomic
def outside_body_create(
    *, name: str, kind: str, description: str = "", website: str = "", by
) -> OutsideBody:
    body = OutsideBody(name=name, kind=kind, description=description, website=website)
    return create_audited(
        body,
        "members.outside_body.create",
        by=by,
        fields=["name", "kind", "description", "website"],
    )


@transaction.atomic
def appointment_start(
    *,
    body: OutsideBody,
    councillor: Councillor,
    role: str,
    start_date: date,
    appointed_by: str,
    end_date: date | None = None,
    by,
) -> OutsideBodyAppointment:
    appointment = OutsideBodyAppointment(
        body=body,
        councillor=councillor,
        role=role,
        start_date=start_date,
        end_date=end_date,
        appointed_by=appointed_by,
    )
    return create_audited(
        appointment,
        "members.outside_appointment.start",
        by=by,
        fields=["body", "councillor", "role", "start_date", "end_date", "appointed_by"],
    )


@transaction.atomic
def appointment_end(
    *, appointment: OutsideBodyAppointment, end_date: date, by
) -> OutsideBodyAppointment:
    return update_audited(
        appointment, {"end_date": end_date}, "members.outside_appointment.end", by=by
    )


# --- Change requests -----------------------------------------------------------------------------


def current_details(councillor: Councillor) -> dict[str, str]:
    """The values a change request proposes to replace, as they stand now."""
    profile = profile_of(councillor)
    contact = private_contact_of(councillor)
    return {
        "biography": profile.biography,
        "council_phone": councillor.council_phone,
        "postal_address": profile.postal_address,
        "website": profile.website,
        "social_media": profile.social_media,
        "home_address": contact.home_address,
        "personal_email": contact.personal_email,
        "personal_phone": contact.personal_phone,
    }


@transaction.atomic
def change_request_submit(
    *, councillor: Councillor, values: dict[str, str], by
) -> DetailsChangeRequest:
    """A councillor proposes new details. Only the fields of a request are accepted. Requests
    queue: a councillor may send another while earlier ones wait for review; each records the
    fields it changes, and applying it changes only those."""
    fields = DetailsChangeRequest.PUBLIC_FIELDS + DetailsChangeRequest.PRIVATE_FIELDS
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"Not change request fields: {sorted(unknown)}")
    Councillor.all_objects.select_for_update().get(pk=councillor.pk)
    current = current_details(councillor)
    proposed = {**current, **values}
    changed = [name for name in fields if proposed[name] != current[name]]
    if not changed:
        raise ValidationError("You have not changed anything.")
    request = DetailsChangeRequest(
        councillor=councillor, submitted_by=by, changed_fields=changed, **proposed
    )
    return create_audited(
        request,
        "members.change_request.submit",
        by=by,
        fields=["councillor", "changed_fields", *changed],
    )


def change_request_fields(request: DetailsChangeRequest) -> list[str]:
    """The fields ``request`` changes (every field for a request made before the queue)."""
    return list(request.changed_fields) or [
        *DetailsChangeRequest.PUBLIC_FIELDS,
        *DetailsChangeRequest.PRIVATE_FIELDS,
    ]


def _decidable(request: DetailsChangeRequest) -> DetailsChangeRequest:
    request = DetailsChangeRequest.all_objects.select_for_update().get(pk=request.pk)
    if request.status != DetailsChangeRequest.Status.PENDING:
        raise ValidationError(
            f"This request has already been {request.get_status_display().lower()}."
        )
    return request


def _keep_values_before(request: DetailsChangeRequest) -> None:
    """Record what the councillor's record holds in each field the request changes, as it is
    decided, so the decided request still shows before and after. Not in the request's audit
    row: the record's own changes are audited with their before and after where applied."""
    Councillor.all_objects.select_for_update().get(pk=request.councillor_id)
    current = current_details(request.councillor)
    request.values_before = {name: current[name] for name in change_request_fields(request)}
    request.save(update_fields=["values_before"])


@transaction.atomic
def change_request_apply(
    *, request: DetailsChangeRequest, note: str = "", by
) -> DetailsChangeRequest:
    """Apply the proposed details to the record (each part audited), then mark it applied."""
    request = _decidable(request)
    _keep_values_before(request)
    councillor = request.councillor
    changed = change_request_fields(request)
    public = {f: getattr(request, f) for f in DetailsChangeRequest.PUBLIC_FIELDS if f in changed}
    private = {f: getattr(request, f) for f in DetailsChangeRequest.PRIVATE_FIELDS if f in changed}
    if public:
        profile_update(councillor=councillor, values=public, by=by)
    if private:
        private_contact_update(councillor=councillor, values=private, by=by)
    return update_audited(
        request,
        {
            "status": DetailsChangeRequest.Status.APPLIED,
            "decided_at": timezone.now(),
            "decided_by": by,
            "decision_note": note,
        },
        "members.change_request.apply",
        by=by,
    )


@transaction.atomic
def change_request_reject(*, request: DetailsChangeRequest, note: str, by) -> DetailsChangeRequest:
    """Decline a request, saying why (the councillor sees the reason)."""
    request = _decidable(request)
    if not note.strip():
        raise ValidationError({"decision_note": "Enter why the change is not being applied."})
    _keep_values_before(request)
    return update_audited(
        request,
        {
            "status": DetailsChangeRequest.Status.REJECTED,
            "decided_at": timezone.now(),
            "decided_by": by,
            "decision_note": note,
        },
        "members.change_request.reject",
        by=by,
    )
