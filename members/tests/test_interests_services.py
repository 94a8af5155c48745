"""The register of interests through its services: drafting, submitting, returning, publishing
versions, sensitive interests, dispensations and gifts; bad input leaves nothing half-saved."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from democracy.models import AuditEvent
from democracy.tests.factories import CouncillorFactory
from members.models import Dispensation, GiftOrHospitality, Interest, InterestDeclaration
from members.rules.interests import WITHHELD
from members.services import interests as services
from members.tests.factories_interests import (
    LAND,
    ORDINARY,
    SECRET,
    SECRET_ORG,
    SENSITIVE,
    publish_register,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return CouncillorFactory(first_name="Ada", last_name="Ori")


def test_publishing_makes_numbered_versions_and_keeps_the_earlier_one(member, officer):
    first = publish_register(member, [ORDINARY], by=officer)
    assert (first.status, first.version) == ("published", 1)
    change = services.declaration_start(councillor=member, by=officer)
    assert [i.description for i in change.interests.all()] == [ORDINARY["description"]]
    services.interest_add(declaration=change, **LAND, by=officer)
    services.declaration_submit(declaration=change, by=officer)
    second = services.declaration_publish(declaration=change, by=officer)
    assert second.version == 2
    assert first.interests.count() == 1 and second.interests.count() == 2
    assert list(InterestDeclaration.all_objects.current().filter(councillor=member)) == [second]
    assert "members.interest_declaration.publish" in AuditEvent.objects.values_list(
        "action", flat=True
    )


def test_a_published_version_cannot_be_changed(member, officer):
    version = publish_register(member, [ORDINARY], by=officer)
    line = version.interests.get()
    with pytest.raises(ValidationError, match="published and cannot be changed"):
        services.interest_update(interest=line, description="Something else", by=officer)
    with pytest.raises(ValidationError):
        services.interest_add(declaration=version, **LAND, by=officer)
    with pytest.raises(ValidationError):
        services.interest_remove(interest=line, by=officer)
    line.refresh_from_db()
    assert line.description == ORDINARY["description"]


def test_only_one_declaration_is_in_progress(member):
    first = services.declaration_start(councillor=member, by=None)
    assert services.declaration_start(councillor=member, by=None) == first
    assert InterestDeclaration.all_objects.count() == 1


def test_a_partner_cannot_hold_a_table_2_interest(member):
    declaration = services.declaration_start(councillor=member, by=None)
    with pytest.raises(ValidationError) as caught:
        services.interest_add(
            declaration=declaration,
            category="unpaid_directorship",
            whose="partner",
            description="Director",
            by=None,
        )
    assert "whose" in caught.value.error_dict
    assert not Interest.private_objects.exists()


def test_a_sensitive_interest_needs_a_reason_and_the_monitoring_officers_agreement(member, officer):
    declaration = services.declaration_start(councillor=member, by=None)
    with pytest.raises(ValidationError) as caught:
        services.interest_add(
            declaration=declaration, **{**SENSITIVE, "sensitive_reason": ""}, by=None
        )
    assert "sensitive_reason" in caught.value.error_dict
    line = services.interest_add(declaration=declaration, **SENSITIVE, by=None)
    services.declaration_submit(declaration=declaration, by=None)
    with pytest.raises(ValidationError, match="Interest 1 is marked sensitive"):
        services.declaration_publish(declaration=declaration, by=officer)
    declaration.refresh_from_db()
    assert declaration.status == "submitted" and declaration.version is None
    services.interest_agree_sensitive(
        interest=line, agreed_by="Alex Monitoring", agreed_on=date(2026, 5, 20), by=officer
    )
    assert services.declaration_publish(declaration=declaration, by=officer).version == 1


def test_the_public_rows_never_carry_a_sensitive_interests_details(member, officer):
    publish_register(member, [ORDINARY, SENSITIVE], by=officer)
    rows = list(Interest.private_objects.public())
    assert len(rows) == 2
    withheld = next(r for r in rows if r["withheld"])
    assert withheld["public_description"] == WITHHELD
    assert withheld["category"] == "land"
    assert withheld["public_organisation"] == withheld["public_address"] == ""
    assert withheld["public_whose"] == ""
    assert SECRET not in repr(rows) and SECRET_ORG not in repr(rows)
    assert "description" not in rows[0] and "sensitive_reason" not in rows[0]


def test_drafts_are_not_public(member):
    declaration = services.declaration_start(councillor=member, by=None)
    services.interest_add(declaration=declaration, **ORDINARY, by=None)
    assert not Interest.private_objects.public().exists()


def test_returning_needs_a_reason_and_reopens_the_declaration(member, officer):
    declaration = services.declaration_start(councillor=member, by=None)
    services.interest_add(declaration=declaration, **ORDINARY, by=None)
    services.declaration_submit(declaration=declaration, by=None)
    with pytest.raises(ValidationError) as caught:
        services.declaration_return(declaration=declaration, reason="  ", by=officer)
    assert "return_reason" in caught.value.error_dict
    services.declaration_return(
        declaration=declaration, reason="Name the employer in full.", by=officer
    )
    declaration.refresh_from_db()
    assert declaration.status == "returned" and declaration.is_editable
    services.declaration_submit(declaration=declaration, by=None)
    declaration.refresh_from_db()
    assert declaration.status == "submitted"


def test_a_draft_cannot_be_published(member, officer):
    declaration = services.declaration_start(councillor=member, by=None)
    with pytest.raises(ValidationError, match="Only a submitted declaration"):
        services.declaration_publish(declaration=declaration, by=officer)


# --- Dispensations ------------------------------------------------------------------------------


def test_a_dispensation_may_last_four_years_and_no_more(member, officer):
    values = {
        "councillor": member,
        "granted_by": "Standards Committee",
        "granted_on": date(2026, 5, 19),
        "ground": "c",
        "scope": "Budget setting 2027/28",
        "reasons": "Council tax setting affects every member.",
        "by": officer,
    }
    with pytest.raises(ValidationError) as caught:
        services.dispensation_grant(expires_on=date(2030, 5, 20), **values)
    assert "latest expiry is 19 May 2030" in str(caught.value.error_dict["expires_on"])
    assert not Dispensation.objects.exists()
    services.dispensation_grant(expires_on=date(2030, 5, 19), **values)
    assert Dispensation.objects.count() == 1


# --- Gifts and hospitality ----------------------------------------------------------------------


def gift(member, **overrides):
    values = {
        "councillor": member,
        "kind": "hospitality",
        "donor": "Kingsmere Chamber of Commerce",
        "description": "Annual dinner",
        "estimated_value": Decimal("65.00"),
        "received_on": timezone.localdate() - timedelta(days=3),
        "accepted": True,
        "by": None,
    }
    return services.gift_register(**{**values, **overrides})


def test_a_gift_is_registered_then_published(member, officer):
    registered = gift(member)
    assert registered.status == "submitted"
    assert not GiftOrHospitality.all_objects.public().exists()
    services.gift_publish(gift=registered, by=officer)
    assert GiftOrHospitality.all_objects.public().get().published_by == officer


def test_a_declined_offer_needs_its_reason(member):
    with pytest.raises(ValidationError) as caught:
        gift(member, accepted=False, reason="")
    assert "reason" in caught.value.error_dict
    declined = gift(member, accepted=False, reason="Offered by a bidder for a contract.")
    assert not declined.accepted


def test_a_gift_cannot_be_received_in_the_future(member):
    with pytest.raises(ValidationError) as caught:
        gift(member, received_on=timezone.localdate() + timedelta(days=1))
    assert "received_on" in caught.value.error_dict
    assert not GiftOrHospitality.all_objects.exists()
