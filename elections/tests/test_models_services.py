"""Wards and polling districts: the services that write them (validated, atomic, audited), their
constraints, and which wards are in force on a day."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from democracy.models import AuditEvent
from democracy.tests.factories import UserFactory, WardFactory
from elections import services
from elections.models import PollingDistrict, Ward

# A boundary review takes effect at the next ordinary election: here the all-out elections of
# Thu 4 May 2023, when the old wards were abolished and the new ones came into force.
REVIEW_ELECTION = date(2023, 5, 4)


@pytest.fixture
def actor(db):
    return UserFactory(username="eso", first_name="Hannah", last_name="Lewis")


def test_ward_create_writes_one_audit_row(actor):
    ward = services.ward_create(
        name="St Anne's", seats=2, created_on=REVIEW_ELECTION, gss_code="E05099015", by=actor
    )
    assert ward.slug == "st-annes"
    [event] = AuditEvent.private_objects.all()
    assert event.action == "elections.ward.create"
    assert (event.actor, event.actor_name) == (actor, "Hannah Lewis")
    assert (event.object_id, event.object_repr) == (str(ward.pk), "St Anne's")
    assert event.changes == {
        "created_on": [None, "2023-05-04"],
        "gss_code": [None, "E05099015"],
        "name": [None, "St Anne's"],
        "seats": [None, 2],
    }


def test_ward_create_by_the_system_is_audited_as_system(db):
    services.ward_create(name="Priory", seats=3, created_on=REVIEW_ELECTION, by=None)
    [event] = AuditEvent.private_objects.all()
    assert (event.actor, event.actor_name) == (None, "system")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"gss_code": "X05012345"}, "gss_code"),
        ({"gss_code": "E0501234"}, "gss_code"),
        ({"seats": 0}, "seats"),
        ({"name": ""}, "name"),
    ],
)
def test_ward_create_names_the_invalid_field_and_saves_nothing(db, values, field):
    arguments = {"name": "Priory", "seats": 3, "created_on": REVIEW_ELECTION, "by": None}
    with pytest.raises(ValidationError) as caught:
        services.ward_create(**(arguments | values))
    assert field in caught.value.error_dict
    assert not Ward.objects.exists()
    assert not AuditEvent.private_objects.exists()


def test_two_wards_cannot_share_a_gss_code(db):
    services.ward_create(
        name="Priory", seats=3, created_on=REVIEW_ELECTION, gss_code="E05099013", by=None
    )
    with pytest.raises(ValidationError):
        services.ward_create(
            name="Riverside", seats=3, created_on=REVIEW_ELECTION, gss_code="E05099013", by=None
        )
    assert Ward.objects.count() == 1
    assert AuditEvent.private_objects.count() == 1


def test_wards_without_a_gss_code_do_not_clash(db):
    services.ward_create(name="Priory", seats=3, created_on=REVIEW_ELECTION, by=None)
    services.ward_create(name="Riverside", seats=3, created_on=REVIEW_ELECTION, by=None)
    assert Ward.objects.filter(gss_code="").count() == 2


def test_a_ward_abolished_before_it_was_created_is_refused(db):
    ward = Ward(
        name="Old Town",
        slug="old-town",
        seats=3,
        created_on=REVIEW_ELECTION,
        abolished_on=date(2019, 5, 2),
    )
    with pytest.raises(ValidationError):
        ward.full_clean()
    with pytest.raises(IntegrityError, match="ward_abolished_after_created"), transaction.atomic():
        ward.save()


def test_current_wards_follow_the_boundary_review(db):
    old = WardFactory(name="Old Town", created_on=date(2015, 5, 7), abolished_on=REVIEW_ELECTION)
    new = WardFactory(name="New Town", created_on=REVIEW_ELECTION)
    assert list(Ward.objects.current(date(2015, 5, 6))) == []
    assert list(Ward.objects.current(date(2015, 5, 7))) == [old]
    # The last day of the old ward is the day before the order's date ...
    assert list(Ward.objects.current(date(2023, 5, 3))) == [old]
    # ... and on that date the new ward replaces it.
    assert list(Ward.objects.current(REVIEW_ELECTION)) == [new]
    assert list(Ward.objects.current(date(2026, 5, 7))) == [new]


def test_current_wards_default_to_today(db):
    today = timezone.localdate()
    in_force = WardFactory(created_on=date(2023, 5, 4))
    WardFactory(created_on=date(2015, 5, 7), abolished_on=date(2023, 5, 4))
    WardFactory(created_on=date(today.year + 1, 5, 6))
    assert list(Ward.objects.current()) == [in_force]


def test_polling_district_create_writes_one_audit_row(actor):
    ward = WardFactory(name="Abbey Meads")
    district = services.polling_district_create(
        ward=ward, code="AA", name="Abbey Meads 1", by=actor
    )
    [event] = AuditEvent.private_objects.all()
    assert (event.action, event.object_id) == (
        "elections.polling_district.create",
        str(district.pk),
    )
    assert event.changes == {
        "code": [None, "AA"],
        "name": [None, "Abbey Meads 1"],
        "ward": [None, {"id": ward.pk, "repr": "Abbey Meads"}],
    }


@pytest.mark.parametrize("code", ["aa", "A-1", "ABCDEFGHIJK"])
def test_polling_district_create_names_an_invalid_code(db, code):
    with pytest.raises(ValidationError) as caught:
        services.polling_district_create(ward=WardFactory(), code=code, name="District", by=None)
    assert "code" in caught.value.error_dict
    assert not PollingDistrict.objects.exists()
    assert not AuditEvent.private_objects.exists()


def test_polling_district_codes_are_unique(db):
    services.polling_district_create(ward=WardFactory(), code="KA1", name="One", by=None)
    with pytest.raises(ValidationError) as caught:
        services.polling_district_create(ward=WardFactory(), code="KA1", name="Two", by=None)
    assert "code" in caught.value.error_dict
    assert PollingDistrict.objects.count() == 1
    assert AuditEvent.private_objects.count() == 1
