"""Services for councillor records: validated, atomic, audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from democracy.models import AuditEvent
from democracy.tests.factories import PoliticalGroupFactory, TermFactory, UserFactory
from members.models import (
    DetailsChangeRequest,
    OutsideBody,
    Position,
    PositionHolding,
    PrivateContact,
    Suspension,
)
from members.services import records as services
from members.tests.factories_records import image

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return UserFactory(username="dso", password=None)


@pytest.fixture
def cllr():
    return TermFactory(start_date=date(2023, 5, 8)).councillor


def actions() -> list[str]:
    return list(AuditEvent.private_objects.order_by("pk").values_list("action", flat=True))


def test_profile_update_creates_then_changes_the_public_record_with_audit(actor, cllr):
    services.profile_update(
        councillor=cllr,
        values={"biography": "Lives in Kingsmere.", "council_phone": "01632 960001"},
        by=actor,
    )
    cllr.refresh_from_db()
    assert cllr.profile.biography == "Lives in Kingsmere." and cllr.council_phone == "01632 960001"
    services.profile_update(councillor=cllr, values={"website": "https://example.org"}, by=actor)
    assert actions() == [
        "members.councillor.contact",
        "members.profile.create",
        "members.profile.update",
    ]


def test_a_png_photo_is_accepted_and_a_gif_refused_naming_the_field(actor, cllr):
    services.profile_update(councillor=cllr, values={"photo": image()}, by=actor)
    cllr.refresh_from_db()
    assert cllr.profile.photo.name.startswith("councillors/photos/")
    with pytest.raises(ValidationError) as error:
        services.profile_update(
            councillor=cllr, values={"photo": image("GIF", name="photo.gif")}, by=actor
        )
    assert error.value.message_dict == {"photo": ["The photo must be a JPEG or PNG image"]}


def test_a_photo_over_the_limit_is_refused(actor, cllr, monkeypatch):
    monkeypatch.setattr("members.models.records.PHOTO_MAX_BYTES", 10)
    monkeypatch.setattr(
        "members.models.records.photo_problem",
        lambda fmt, size: "The photo must be smaller than 2 MB" if size > 10 else "",
    )
    with pytest.raises(ValidationError) as error:
        services.profile_update(councillor=cllr, values={"photo": image()}, by=actor)
    assert "smaller than" in error.value.message_dict["photo"][0]


def test_suspensions_cannot_overlap(actor, cllr):
    services.suspension_record(
        councillor=cllr, start_date=date(2026, 6, 1), end_date=None, reason="Standards", by=actor
    )
    with pytest.raises(ValidationError, match="already suspended"):
        services.suspension_record(
            councillor=cllr,
            start_date=date(2026, 7, 1),
            end_date=date(2026, 8, 1),
            reason="Again",
            by=actor,
        )
    suspension = Suspension.all_objects.get()
    services.suspension_end(suspension=suspension, end_date=date(2026, 9, 1), by=actor)
    assert Suspension.all_objects.in_force(date(2026, 8, 31)).count() == 1
    assert not Suspension.all_objects.in_force(date(2026, 9, 1)).exists()


def test_a_sole_position_has_one_holder_at_a_time(actor, cllr):
    other = TermFactory(start_date=date(2023, 5, 8)).councillor
    mayor = services.position_create(title="Mayor", kind=Position.Kind.MAYOR, by=actor)
    holding = services.holding_start(
        position=mayor, councillor=cllr, start_date=date(2026, 5, 19), by=actor
    )
    with pytest.raises(ValidationError) as error:
        services.holding_start(
            position=mayor, councillor=other, start_date=date(2026, 6, 1), by=actor
        )
    assert "Mayor already has a holder" in error.value.message_dict["councillor"][0]
    # The holding ends on the first day it is no longer held, so the next can start that day.
    services.holding_end(holding=holding, end_date=date(2026, 6, 1), by=actor)
    services.holding_start(position=mayor, councillor=other, start_date=date(2026, 6, 1), by=actor)
    assert PositionHolding.objects.filter(position=mayor).count() == 2


def test_a_shared_position_takes_its_number_of_holders(actor, cllr):
    others = [TermFactory(start_date=date(2023, 5, 8)).councillor for _ in range(2)]
    panel = services.position_create(
        title="Member champion", kind=Position.Kind.OTHER, holders=2, by=actor
    )
    services.holding_start(position=panel, councillor=cllr, start_date=date(2026, 5, 19), by=actor)
    services.holding_start(
        position=panel, councillor=others[0], start_date=date(2026, 5, 19), by=actor
    )
    with pytest.raises(ValidationError, match="its 2 holders"):
        services.holding_start(
            position=panel, councillor=others[1], start_date=date(2026, 5, 19), by=actor
        )


def test_a_group_position_needs_its_group(actor):
    with pytest.raises(ValidationError) as error:
        services.position_create(title="Whip", kind=Position.Kind.GROUP_WHIP, by=actor)
    assert "group" in error.value.message_dict
    group = PoliticalGroupFactory()
    assert (
        services.position_create(
            title="Whip", kind=Position.Kind.GROUP_WHIP, group=group, by=actor
        ).group
        == group
    )


def test_a_holder_must_be_in_office(actor):
    councillor = TermFactory(start_date=date(2023, 5, 8)).councillor
    leader = services.position_create(title="Leader", kind=Position.Kind.LEADER, by=actor)
    with pytest.raises(ValidationError, match="does not hold office"):
        services.holding_start(
            position=leader, councillor=councillor, start_date=date(2020, 1, 1), by=actor
        )


def test_outside_body_appointments_are_dated_and_audited(actor, cllr):
    body = services.outside_body_create(
        name="Kingsmere Leisure Trust", kind=OutsideBody.Kind.CHARITY, by=actor
    )
    appointment = services.appointment_start(
        body=body,
        councillor=cllr,
        role="Trustee",
        start_date=date(2026, 5, 19),
        appointed_by="council",
        by=actor,
    )
    services.appointment_end(appointment=appointment, end_date=date(2027, 5, 18), by=actor)
    assert actions()[-3:] == [
        "members.outside_body.create",
        "members.outside_appointment.start",
        "members.outside_appointment.end",
    ]


def test_a_change_request_is_applied_in_full_and_audited(actor, cllr):
    user = UserFactory(password=None)
    change = services.change_request_submit(
        councillor=cllr,
        values={"biography": "New biography.", "personal_phone": "07700 900123"},
        by=user,
    )
    assert change.status == DetailsChangeRequest.Status.PENDING
    services.change_request_apply(request=change, by=actor)
    cllr.refresh_from_db()
    assert cllr.profile.biography == "New biography."
    assert PrivateContact.private_objects.get(councillor=cllr).personal_phone == "07700 900123"
    change.refresh_from_db()
    assert change.status == "applied" and change.decided_by == actor
    assert "members.change_request.apply" in actions()
    with pytest.raises(ValidationError, match="already been applied"):
        services.change_request_apply(request=change, by=actor)


def test_a_rejected_change_needs_a_reason_and_changes_nothing(actor, cllr):
    change = services.change_request_submit(
        councillor=cllr, values={"biography": "Rude words"}, by=None
    )
    with pytest.raises(ValidationError) as error:
        services.change_request_reject(request=change, note=" ", by=actor)
    assert "decision_note" in error.value.message_dict
    services.change_request_reject(request=change, note="Not suitable to publish.", by=actor)
    assert services.profile_of(cllr).biography == ""


def test_a_change_request_that_changes_nothing_is_refused(cllr):
    with pytest.raises(ValidationError, match="not changed anything"):
        services.change_request_submit(councillor=cllr, values={}, by=None)


def test_a_stored_photo_is_not_checked_again_when_other_fields_change(actor, cllr):
    services.profile_update(councillor=cllr, values={"photo": image()}, by=actor)
    cllr.refresh_from_db()
    cllr.profile.photo.storage.delete(cllr.profile.photo.name)  # e.g. restored without media
    services.profile_update(councillor=cllr, values={"biography": "Still editable."}, by=actor)
    cllr.refresh_from_db()
    assert cllr.profile.biography == "Still editable."
