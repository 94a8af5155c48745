"""The audit log: one helper, same transaction as the change, append-only, read-only console."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from democracy import audit
from democracy.models import AuditEvent
from democracy.services import create_audited, update_audited
from democracy.tests.factories import WardFactory
from elections.models import Ward

pytestmark = pytest.mark.django_db


def test_record_stores_who_when_what_and_the_changes(officer):
    ward = WardFactory(name="Abbey")
    with transaction.atomic():
        event = audit.record(
            "elections.ward.rename", ward, by=officer, changes={"name": ["Abbey", "Abbey Meads"]}
        )
    event.refresh_from_db()
    assert event.actor == officer
    assert event.actor_name == officer.get_full_name()
    assert event.content_type == ContentType.objects.get_for_model(Ward)
    assert event.object_id == str(ward.pk)
    assert event.object_repr == "Abbey"
    assert event.changes == {"name": ["Abbey", "Abbey Meads"]}
    assert list(AuditEvent.private_objects.for_object(ward)) == [event]


def test_the_system_is_the_actor_when_nobody_signed_in():
    ward = WardFactory()
    with transaction.atomic():
        event = audit.record("elections.ward.touch", ward, by=None)
    assert event.actor is None and event.actor_name == "system"


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction():
    ward = WardFactory()
    with pytest.raises(audit.AuditOutsideTransaction):
        audit.record("elections.ward.touch", ward, by=None)
    assert not AuditEvent.private_objects.exists()


def test_change_and_record_roll_back_together(officer):
    with pytest.raises(ValidationError), transaction.atomic():
        ward = Ward(name="Priory", slug="priory", seats=3, created_on=date(2023, 5, 4))
        create_audited(ward, "elections.ward.create", by=officer, fields=["name", "seats"])
        raise ValidationError("a later rule in the same service fails")
    assert not Ward.objects.exists()
    assert not AuditEvent.private_objects.exists()


def test_update_audited_records_only_what_changed(officer):
    ward = WardFactory(name="Oakfield", seats=3)
    with transaction.atomic():
        update_audited(ward, {"name": "Oakfield", "seats": 2}, "elections.ward.update", by=officer)
        update_audited(ward, {"seats": 2}, "elections.ward.update", by=officer)  # no change
    event = AuditEvent.private_objects.get()
    assert event.changes == {"seats": [3, 2]}


def test_invalid_values_are_refused_before_anything_is_saved(officer):
    ward = WardFactory(seats=3)
    with pytest.raises(ValidationError) as error, transaction.atomic():
        update_audited(ward, {"seats": 0}, "elections.ward.update", by=officer)
    assert "seats" in error.value.message_dict
    ward.refresh_from_db()
    assert ward.seats == 3 and not AuditEvent.private_objects.exists()


def test_the_database_refuses_to_update_or_delete_audit_rows():
    ward = WardFactory()
    with transaction.atomic():
        audit.record("elections.ward.touch", ward, by=None)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.private_objects.update(note="tampered")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.private_objects.all().delete()
    assert AuditEvent.private_objects.get().note == ""


def test_the_console_lists_filters_and_never_edits_the_log(client, manager):
    ward = WardFactory(name="Riverside")
    with transaction.atomic():
        audit.record("elections.ward.touch", ward, by=manager)
        audit.record("members.councillor.create", ward, by=None)
    client.force_login(manager)
    listing = client.get("/manage/democracy/auditevent/?action=elections.ward.touch")
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    event = AuditEvent.private_objects.get(action="elections.ward.touch")
    detail = client.get(f"/manage/democracy/auditevent/{event.pk}/change/")
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    assert client.get("/manage/democracy/auditevent/add/").status_code == 403
    assert client.post(f"/manage/democracy/auditevent/{event.pk}/delete/").status_code == 403


def test_console_edits_are_audited(client, manager):
    client.force_login(manager)
    response = client.post(
        "/manage/democracy/nonworkingday/add/",
        {"date": "2022-09-19", "kind": "thanksgiving_or_mourning", "description": "State Funeral"},
    )
    assert response.status_code == 302
    event = AuditEvent.private_objects.get(action="democracy.nonworkingday.create")
    assert event.actor == manager
    assert event.changes["description"] == [None, "State Funeral"]
