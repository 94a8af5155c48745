"""Training: booking, the register, feedback, a councillor's needs, and the warning when a
committee's required training is missing at appointment."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from democracy.models import AuditEvent
from democracy.tests.factories import CommitteeFactory, TermFactory, UserFactory
from meetings.services.committees import membership_appoint, untrained_for
from members.models import TrainingBooking
from members.services import training as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return UserFactory(username="dso", password=None)


@pytest.fixture
def cllr():
    return TermFactory(start_date=date(2023, 5, 8)).councillor


@pytest.fixture
def planning(actor):
    return services.module_create(name="Planning committee training", by=actor)


def event(module, actor, *, days: int, capacity: int = 10):
    return services.event_create(
        module=module,
        starts_at=timezone.now() + timedelta(days=days),
        capacity=capacity,
        venue="Committee Room 1",
        cost=Decimal("250.00"),
        by=actor,
    )


def test_booking_is_refused_when_full_past_or_already_booked(actor, cllr, planning):
    small = event(planning, actor, days=7, capacity=1)
    booking = services.booking_create(councillor=cllr, event=small, by=actor)
    with pytest.raises(ValidationError, match="already booked"):
        services.booking_create(councillor=cllr, event=small, by=actor)
    other = TermFactory().councillor
    with pytest.raises(ValidationError, match="full"):
        services.booking_create(councillor=other, event=small, by=actor)
    # Cancelling frees the place; booking again re-opens the same row.
    services.booking_cancel(booking=booking, by=actor)
    services.booking_create(councillor=other, event=small, by=actor)
    with pytest.raises(ValidationError, match="full"):
        services.booking_create(councillor=cllr, event=small, by=actor)
    past = event(planning, actor, days=-1)
    with pytest.raises(ValidationError, match="already taken place"):
        services.booking_create(councillor=cllr, event=past, by=actor)


def test_the_register_and_feedback(actor, cllr, planning):
    future = event(planning, actor, days=3)
    booking = services.booking_create(councillor=cllr, event=future, by=actor)
    with pytest.raises(ValidationError, match="once the event has started"):
        services.attendance_mark(booking=booking, status="attended", by=actor)
    with pytest.raises(ValidationError, match="only on an event you attended"):
        services.feedback_give(booking=booking, rating=4, comments="", by=actor)
    # The event took place.
    future.starts_at = timezone.now() - timedelta(hours=2)
    future.save()
    booking.refresh_from_db()
    services.attendance_mark(booking=booking, status="attended", by=actor)
    with pytest.raises(ValidationError, match="rating from 1 to 5"):
        services.feedback_give(booking=booking, rating=6, comments="", by=actor)
    services.feedback_give(booking=booking, rating=4, comments="Useful on viability.", by=actor)
    booking.refresh_from_db()
    assert (booking.status, booking.rating) == ("attended", 4)
    assert (
        AuditEvent.private_objects.filter(action="members.training_booking.feedback").count() == 1
    )


def test_needs_are_mandatory_modules_and_those_required_by_committees_sat_on(actor, cllr, planning):
    induction = services.module_create(name="Code of conduct induction", mandatory=True, by=actor)
    licensing = services.module_create(name="Licensing committee training", by=actor)
    committee = CommitteeFactory(name="Planning Committee")
    committee.required_training.add(planning)
    CommitteeFactory(name="Licensing Committee").required_training.add(licensing)
    membership_appoint(
        committee=committee, councillor=cllr, role="member", start_date=date(2026, 5, 19), by=actor
    )
    record = services.training_record(cllr, on=date(2026, 6, 1))
    # In module order; the licensing module is not needed (not on that committee).
    assert [(m.name, reasons) for m, reasons in record.needs] == [
        ("Planning committee training", ("Required by Planning Committee",)),
        ("Code of conduct induction", ("Mandatory for all councillors",)),
    ]
    booking = TrainingBooking.all_objects.create(
        councillor=cllr, event=event(induction, actor, days=-3), status="attended"
    )
    assert booking.pk
    record = services.training_record(cllr, on=date(2026, 6, 1))
    assert [m.name for m, _ in record.needs] == ["Planning committee training"]


def test_appointing_an_untrained_councillor_is_warned_not_refused(actor, cllr, planning):
    committee = CommitteeFactory(name="Planning Committee")
    committee.required_training.add(planning)
    assert untrained_for(committee, cllr) == [planning]
    membership = membership_appoint(
        committee=committee, councillor=cllr, role="member", start_date=date(2026, 5, 19), by=actor
    )
    assert membership.pk
    assert membership.training_warning == (
        f"{cllr.full_name} has not attended the training Planning Committee requires: "
        "Planning committee training. Book them on an event before they sit."
    )
    trained = TermFactory(start_date=date(2023, 5, 8)).councillor
    TrainingBooking.all_objects.create(
        councillor=trained, event=event(planning, actor, days=-10), status="attended"
    )
    assert untrained_for(committee, trained) == []
    assert (
        membership_appoint(
            committee=committee,
            councillor=trained,
            role="member",
            start_date=date(2026, 5, 19),
            by=actor,
        ).training_warning
        == ""
    )


def test_an_event_needs_a_venue_or_to_be_online(actor, planning):
    with pytest.raises(ValidationError, match="venue or say that the event is online"):
        services.event_create(
            module=planning,
            starts_at=timezone.make_aware(datetime(2026, 9, 1, 18)),
            capacity=5,
            by=actor,
        )
    assert (
        services.event_create(
            module=planning,
            starts_at=timezone.make_aware(datetime(2026, 9, 1, 18)),
            capacity=5,
            online=True,
            by=actor,
        ).where
        == "Online"
    )
