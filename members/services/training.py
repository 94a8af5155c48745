"""Writes to member training: modules, events, bookings, attendance and feedback. Atomic,
validated, audited. Also the read side shared by the officer and portal pages: a councillor's
training record and needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from democracy.services import create_audited, update_audited
from members.models import Councillor, TrainingBooking, TrainingEvent, TrainingModule
from members.rules import training as rules
from members.signals import training_required


@transaction.atomic
def module_create(
    *, name: str, description: str = "", mandatory: bool = False, by
) -> TrainingModule:
    module = TrainingModule(name=name, description=description, mandatory=mandatory)
    return create_audited(
        module, "members.training_module.create", by=by, fields=["name", "description", "mandatory"]
    )


@transaction.atomic
def event_create(
    *,
    module: TrainingModule,
    starts_at: datetime,
    capacity: int,
    venue: str = "",
    online: bool = False,
    cost: Decimal = Decimal("0.00"),
    trainer: str = "",
    by,
) -> TrainingEvent:
    event = TrainingEvent(
        module=module,
        starts_at=starts_at,
        capacity=capacity,
        venue=venue,
        online=online,
        cost=cost,
        trainer=trainer,
    )
    return create_audited(
        event,
        "members.training_event.create",
        by=by,
        fields=["module", "starts_at", "capacity", "venue", "online", "cost", "trainer"],
    )


@transaction.atomic
def booking_create(
    *, councillor: Councillor, event: TrainingEvent, by, now: datetime | None = None
) -> TrainingBooking:
    """Book ``councillor`` on ``event``: refused when it has taken place, is full, or they are
    already booked. A cancelled booking is re-opened rather than duplicated."""
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    existing = TrainingBooking.all_objects.filter(councillor=councillor, event=event).first()
    booked = (
        TrainingBooking.all_objects.filter(event=event)
        .exclude(status=TrainingBooking.Status.CANCELLED)
        .count()
    )
    problem = rules.booking_problem(
        capacity=event.capacity,
        booked=booked,
        already_booked=existing is not None and existing.status != TrainingBooking.Status.CANCELLED,
        past=event.starts_at <= (now or timezone.now()),
    )
    if problem:
        raise ValidationError({"event": problem})
    if existing is not None:
        return update_audited(
            existing,
            {
                "status": TrainingBooking.Status.BOOKED,
                "cancelled_at": None,
                "cancellation_reason": "",
            },
            "members.training_booking.rebook",
            by=by,
        )
    booking = TrainingBooking(councillor=councillor, event=event)
    return create_audited(
        booking, "members.training_booking.create", by=by, fields=["councillor", "event", "status"]
    )


@transaction.atomic
def booking_cancel(
    *, booking: TrainingBooking, reason: str = "", by, now: datetime | None = None
) -> TrainingBooking:
    """Cancel a place on an event that has not started, with the reason (a councillor cancelling
    their own place must give one): the place is freed for others at once."""
    booking = (
        TrainingBooking.all_objects.select_for_update().select_related("event").get(pk=booking.pk)
    )
    now = now or timezone.now()
    if booking.status != TrainingBooking.Status.BOOKED:
        raise ValidationError("Only a booking not yet marked can be cancelled.")
    if booking.event.starts_at <= now:
        raise ValidationError("The event has started: the booking can no longer be cancelled.")
    return update_audited(
        booking,
        {
            "status": TrainingBooking.Status.CANCELLED,
            "cancelled_at": now,
            "cancellation_reason": reason.strip(),
        },
        "members.training_booking.cancel",
        by=by,
    )


@transaction.atomic
def booking_cancel_own(
    *, booking: TrainingBooking, reason: str, by, now: datetime | None = None
) -> TrainingBooking:
    """A councillor cancels their own place from the member portal, saying why."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are cancelling your place."})
    return booking_cancel(booking=booking, reason=reason, by=by, now=now)


@transaction.atomic
def attendance_mark(*, booking: TrainingBooking, status: str, by) -> TrainingBooking:
    """Mark the register: attended or did not attend (only once the event has started)."""
    if status not in (TrainingBooking.Status.ATTENDED, TrainingBooking.Status.DID_NOT_ATTEND):
        raise ValidationError({"status": "Select attended or did not attend."})
    if booking.event.starts_at > timezone.now():
        raise ValidationError({"status": "The register can be marked once the event has started."})
    return update_audited(booking, {"status": status}, "members.training_booking.attendance", by=by)


@transaction.atomic
def feedback_give(
    *, booking: TrainingBooking, rating: int | None, comments: str, by
) -> TrainingBooking:
    problem = rules.feedback_problem(status=booking.status, rating=rating)
    if problem:
        field = "rating" if booking.status == TrainingBooking.Status.ATTENDED else None
        raise ValidationError({field: problem} if field else problem)
    return update_audited(
        booking,
        {"rating": rating, "comments": comments},
        "members.training_booking.feedback",
        by=by,
    )


# --- Read side -----------------------------------------------------------------------------------


@dataclass
class TrainingRecord:
    councillor: Councillor
    bookings: list[TrainingBooking]
    needs: list[tuple[TrainingModule, tuple[str, ...]]]


def training_record(councillor: Councillor, *, on=None) -> TrainingRecord:
    """Bookings and what is still needed: mandatory modules and those required by committees
    the councillor sits on (``on``, default today), not yet attended. Four queries.

    Committee seats live in meetings, above members: meetings answers ``training_required``
    with the modules its committees require of the councillor."""
    on = on or timezone.localdate()
    bookings = list(
        TrainingBooking.all_objects.filter(councillor=councillor)
        .select_related("event__module")
        .order_by("-event__starts_at")
    )
    attended = {b.event.module_id for b in bookings if b.status == TrainingBooking.Status.ATTENDED}
    required: dict[int, set[str]] = {}
    for _receiver, answer in training_required.send(
        sender=Councillor, councillor=councillor, on=on
    ):
        for module_id, reason in answer:
            required.setdefault(module_id, set()).add(reason)
    modules = {
        m.pk: m for m in TrainingModule.objects.filter(Q(mandatory=True) | Q(pk__in=required))
    }
    needs = rules.training_needs(
        mandatory=[pk for pk, m in modules.items() if m.mandatory],
        required_by=required,
        attended=attended,
    )
    return TrainingRecord(
        councillor=councillor,
        bookings=bookings,
        needs=[(modules[n.module_id], n.reasons) for n in needs],
    )
