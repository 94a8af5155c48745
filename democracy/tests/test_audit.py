"""The audit log: one helper, same transaction as the change, append-only, read-only console."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

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


# --- Secrets never reach the log (issue 11, Security 1) -----------------------------------------


def test_record_redacts_secrets_by_name_and_a_password_hash_by_value(officer):
    ward = WardFactory()
    with transaction.atomic():
        event = audit.record(
            "elections.ward.touch",
            ward,
            by=officer,
            changes={
                "password1": [None, "hunter2-PLAIN"],
                "new_password2": ["", "hunter2-PLAIN"],
                "otp_token": [None, "123456"],
                "key": ["3132333435", "3637383930"],
                "session_key": [None, "abc"],
                "carried": [None, "pbkdf2_sha256$870000$salt$hash="],
                "name": ["Abbey", "Abbey Meads"],
                "gss_code": [None, "E05000001"],
            },
        )
    event.refresh_from_db()
    assert event.changes == {
        "password1": [None, audit.REDACTED],
        "new_password2": [None, audit.REDACTED],
        "otp_token": [None, audit.REDACTED],
        "key": [audit.REDACTED, audit.REDACTED],
        "session_key": [None, audit.REDACTED],
        "carried": [None, audit.REDACTED],
        "name": ["Abbey", "Abbey Meads"],
        "gss_code": [None, "E05000001"],
    }


def test_the_database_refuses_to_truncate_the_log():
    ward = WardFactory()
    with transaction.atomic():
        audit.record("elections.ward.touch", ward, by=None)
    # Only the suite's own database lets TRUNCATE through; say what production says.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's row has its checks done
        cursor.execute("SET LOCAL democracy.audit_truncate = 'off'")
        cursor.execute("TRUNCATE democracy_auditevent")
    assert AuditEvent.private_objects.count() == 1


def test_the_redaction_switch_lets_through_only_a_change_to_the_changes_column():
    ward = WardFactory()
    with transaction.atomic():
        audit.record("elections.ward.touch", ward, by=None, note="as it was")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('democracy.audit_redaction', 'on', true)")
        AuditEvent.private_objects.update(note="tampered", changes={})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.private_objects.update(changes={})  # the switch is off: refused as ever
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('democracy.audit_redaction', 'on', true)")
        AuditEvent.private_objects.all().delete()
    assert AuditEvent.private_objects.get().note == "as it was"


def plant_recorded_secret(by) -> AuditEvent:
    """A row as the console wrote it before the fix: a new user's password in clear."""
    return AuditEvent.private_objects.create(
        actor=by,
        actor_name="manager",
        action="democracy.user.create",
        content_type=ContentType.objects.get_for_model(by),
        object_id=str(by.pk),
        object_repr=str(by),
        changes={
            "username": [None, "newcomer"],
            "password1": [None, "Plain-Text-Secret-81"],
            "password2": [None, "Plain-Text-Secret-81"],
        },
        note="Changed in the console",
    )


def test_rows_already_recorded_are_redacted_and_the_redaction_is_audited(manager):
    leaked = plant_recorded_secret(manager)
    clean = WardFactory()
    with transaction.atomic():
        untouched = audit.record("elections.ward.touch", clean, by=None, changes={"n": [1, 2]})

    assert audit.redact_recorded() == [leaked.pk]

    leaked.refresh_from_db()
    assert leaked.changes == {
        "username": [None, "newcomer"],
        "password1": [None, audit.REDACTED],
        "password2": [None, audit.REDACTED],
    }
    assert (leaked.action, leaked.note, leaked.actor) == (
        "democracy.user.create",
        "Changed in the console",
        manager,
    )
    untouched.refresh_from_db()
    assert untouched.changes == {"n": [1, 2]}
    redaction = AuditEvent.private_objects.get(action="democracy.auditevent.redact")
    assert redaction.object_id == str(leaked.pk) and redaction.actor is None
    assert redaction.changes == {"redacted": [None, ["password1", "password2"]]}
    assert "Plain-Text-Secret-81" not in str(list(AuditEvent.private_objects.values()))
    # Done once: a second run finds nothing, and the log is append-only again afterwards.
    assert audit.redact_recorded() == []
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.private_objects.filter(pk=leaked.pk).update(changes={})


def test_the_redaction_command_reports_what_it_did(manager):
    plant_recorded_secret(manager)
    out = StringIO()
    call_command("audit_redact_secrets", stdout=out)
    assert out.getvalue().strip() == "Redacted 1 audit row(s)."
    assert "Plain-Text-Secret-81" not in str(list(AuditEvent.private_objects.values()))
