"""The demo council's records and training (``members.demo.records``): positions matching the
committees, outside bodies, biographies, training with attendance; a second load writes
nothing."""

from __future__ import annotations

import pytest

from democracy.models import AuditEvent
from meetings.models import Committee
from members.models import (
    Councillor,
    DetailsChangeRequest,
    OutsideBody,
    OutsideBodyAppointment,
    Position,
    PositionHolding,
    PublicProfile,
    TrainingBooking,
    TrainingEvent,
    TrainingModule,
)
from members.services.training import training_record
from website import demo


@pytest.fixture
def loaded(kingsmere, db):
    return None


def counts() -> dict[str, int]:
    return {
        "positions": Position.objects.count(),
        "holdings": PositionHolding.objects.count(),
        "bodies": OutsideBody.objects.count(),
        "appointments": OutsideBodyAppointment.objects.count(),
        "profiles": PublicProfile.objects.count(),
        "modules": TrainingModule.objects.count(),
        "events": TrainingEvent.objects.count(),
        "bookings": TrainingBooking.all_objects.count(),
        "change requests": DetailsChangeRequest.all_objects.count(),
        "audit": AuditEvent.private_objects.count(),
    }


def test_positions_follow_the_committees(loaded):
    cabinet = Committee.objects.get(kind=Committee.Kind.EXECUTIVE)
    leader = PositionHolding.objects.get(position__title="Leader of the Council").councillor
    assert leader == cabinet.memberships.get(role="chair").councillor
    portfolios = PositionHolding.objects.filter(position__kind=Position.Kind.CABINET_MEMBER)
    assert {h.councillor_id for h in portfolios} == set(
        cabinet.memberships.filter(role="member").values_list("councillor_id", flat=True)
    )
    planning = Committee.objects.get(slug="planning-committee")
    assert (
        PositionHolding.objects.get(position__title="Chair of the Planning Committee").councillor
        == planning.memberships.get(role="chair").councillor
    )
    assert Position.objects.filter(kind=Position.Kind.GROUP_LEADER).count() == 4
    assert Position.objects.filter(kind=Position.Kind.GROUP_WHIP).count() == 4
    assert PositionHolding.objects.filter(position__kind=Position.Kind.MAYOR).count() == 1
    assert OutsideBody.objects.count() == 3 and OutsideBodyAppointment.objects.count() == 5
    # A profile for each of the 48 elected in 2023 and serving at the annual meeting; one has
    # resigned since (the demo's by-election now).
    assert PublicProfile.objects.count() == 48
    assert Councillor.all_objects.serving().count() == 47


def test_training_is_required_by_planning_and_licensing_and_attended(loaded):
    planning = Committee.objects.get(slug="planning-committee")
    assert [m.name for m in planning.required_training.all()] == ["Planning committee training"]
    assert [
        m.name for m in Committee.objects.get(slug="licensing-committee").required_training.all()
    ] == ["Licensing committee training"]
    assert TrainingBooking.all_objects.filter(status="attended").exists()
    assert TrainingBooking.all_objects.filter(rating__isnull=False).exists()
    # The planning member who missed the session needs it and is booked on the repeat.
    missed = TrainingBooking.all_objects.get(status="did_not_attend").councillor
    record = training_record(missed, on=planning.memberships.first().start_date)
    assert "Planning committee training" in [m.name for m, _ in record.needs]
    assert TrainingBooking.all_objects.filter(
        councillor=missed, status="booked", event__module__name="Planning committee training"
    ).exists()


def test_a_second_load_writes_nothing(loaded):
    first = counts()
    demo.load()
    assert counts() == first


def test_the_leader_and_cabinet_are_not_the_mayor_or_deputy_mayor(loaded):
    """LGA 2000 s9C(4): the executive may not include the chairman or vice-chairman (the Mayor
    and Deputy Mayor) of the council; in the demo they sit outside Cabinet."""
    cabinet = Committee.objects.get(kind=Committee.Kind.EXECUTIVE)
    council = Committee.objects.get(kind=Committee.Kind.COUNCIL)
    executive = set(cabinet.memberships.values_list("councillor_id", flat=True))
    chairs = set(
        council.memberships.filter(role__in=["chair", "vice_chair"]).values_list(
            "councillor_id", flat=True
        )
    )
    mayors = set(
        PositionHolding.objects.filter(
            position__kind__in=[Position.Kind.MAYOR, Position.Kind.DEPUTY_MAYOR]
        ).values_list("councillor_id", flat=True)
    )
    assert len(chairs) == 2 and mayors == chairs
    assert not executive & chairs
