"""The register of interests through its services: drafting, submitting, returning, publishing
versions, sensitive interests, dispensations and gifts; bad input leaves nothing half-saved."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
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
    assert "members.interest_declaration.publish" in AuditEvent.private_objects.values_list(
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
    assert not Dispensation.all_objects.exists()
    services.dispensation_grant(expires_on=date(2030, 5, 19), **values)
    assert Dispensation.all_objects.count() == 1


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


# --- Gifts and hospitality: returned for correction, resubmitted --------------------------------


def _actions() -> list[str]:
    return list(AuditEvent.private_objects.order_by("pk").values_list("action", flat=True))


def test_returning_a_gift_needs_a_reason_and_is_audited(member, officer):
    registered = gift(member)
    with pytest.raises(ValidationError) as caught:
        services.gift_return(gift=registered, reason="  ", by=officer)
    assert list(caught.value.error_dict) == ["return_reason"]
    registered.refresh_from_db()
    assert registered.status == "submitted" and registered.return_reason == ""
    returned = services.gift_return(
        gift=registered, reason="The value looks too low for a dinner.", by=officer
    )
    returned.refresh_from_db()
    assert returned.status == "returned"
    assert returned.return_reason == "The value looks too low for a dinner."
    assert returned.returned_by == officer and returned.returned_at is not None
    assert _actions()[-1] == "members.gift.return"
    event = AuditEvent.private_objects.get(action="members.gift.return")
    assert event.changes["status"] == ["submitted", "returned"]


def test_only_a_gift_awaiting_review_can_be_returned(member, officer):
    registered = gift(member)
    services.gift_return(gift=registered, reason="Say what the occasion was.", by=officer)
    with pytest.raises(ValidationError, match="only an entry awaiting review"):
        services.gift_return(gift=registered, reason="Again.", by=officer)
    with pytest.raises(ValidationError, match="only an entry awaiting review"):
        services.gift_publish(gift=registered, by=officer)
    published = services.gift_publish(gift=gift(member, donor="Another"), by=officer)
    with pytest.raises(ValidationError, match="only an entry awaiting review"):
        services.gift_return(gift=published, reason="Too late.", by=officer)
    published.refresh_from_db()
    assert published.status == "published" and published.return_reason == ""
    registered.refresh_from_db()
    assert registered.status == "returned" and registered.return_reason == (
        "Say what the occasion was."
    )


def test_a_returned_gift_always_has_its_reason_in_the_database(member):
    from django.db import IntegrityError, transaction

    registered = gift(member)
    with pytest.raises(IntegrityError), transaction.atomic():
        GiftOrHospitality.all_objects.filter(pk=registered.pk).update(status="returned")


CORRECTED = {
    "kind": "hospitality",
    "donor": "Kingsmere Chamber of Commerce",
    "description": "Annual dinner and a theatre ticket",
    "estimated_value": Decimal("95.00"),
    "accepted": True,
    "reason": "Guest speaker.",
}


def test_only_its_member_resubmits_a_returned_gift(councillor, other_councillor, officer):
    member = councillor.councillor
    received = timezone.localdate() - timedelta(days=3)
    registered = gift(member, received_on=received)
    values = {**CORRECTED, "received_on": received}
    with pytest.raises(ValidationError, match="awaiting review and cannot be changed"):
        services.gift_resubmit(gift=registered, **values, by=councillor)
    services.gift_return(gift=registered, reason="Include the theatre ticket.", by=officer)
    for someone in (other_councillor, officer, None):
        with pytest.raises(PermissionDenied):
            services.gift_resubmit(gift=registered, **values, by=someone)
    registered.refresh_from_db()
    assert registered.status == "returned" and registered.description == "Annual dinner"
    resubmitted = services.gift_resubmit(gift=registered, **values, by=councillor)
    resubmitted.refresh_from_db()
    assert resubmitted.status == "submitted"
    assert resubmitted.description == "Annual dinner and a theatre ticket"
    assert resubmitted.estimated_value == Decimal("95.00")
    assert resubmitted.return_reason == "Include the theatre ticket."  # until it is published
    event = AuditEvent.private_objects.get(action="members.gift.resubmit")
    assert event.changes["status"] == ["returned", "submitted"]
    assert event.changes["estimated_value"] == ["65.00", "95.00"]
    published = services.gift_publish(gift=resubmitted, by=officer)
    published.refresh_from_db()
    assert published.status == "published" and published.return_reason == ""


def test_a_declined_offer_still_needs_its_reason_when_resubmitted(councillor, officer):
    registered = gift(councillor.councillor)
    services.gift_return(gift=registered, reason="Was it declined?", by=officer)
    with pytest.raises(ValidationError) as caught:
        services.gift_resubmit(
            gift=registered,
            **{**CORRECTED, "accepted": False, "reason": ""},
            received_on=registered.received_on,
            by=councillor,
        )
    assert list(caught.value.error_dict) == ["reason"]


def test_a_published_gift_cannot_be_changed(councillor, officer):
    published = services.gift_publish(gift=gift(councillor.councillor), by=officer)
    with pytest.raises(ValidationError, match="published and cannot be changed"):
        services.gift_resubmit(
            gift=published, **CORRECTED, received_on=published.received_on, by=councillor
        )
    with pytest.raises(ValidationError):
        services.gift_return(gift=published, reason="Change it.", by=officer)
    again = services.gift_publish(gift=published, by=officer)
    again.refresh_from_db()
    assert (again.status, again.description, again.estimated_value) == (
        "published",
        "Annual dinner",
        Decimal("65.00"),
    )
    assert _actions().count("members.gift.publish") == 1


def test_a_resubmission_keeps_the_first_registration_day_for_the_28_days(councillor, officer):
    """LGA Model Code 2020 para 9.2: 28 days from receipt; ``registered_on`` is the day the
    member first registered it, kept through a return and a resubmission long afterwards."""
    from members.rules import gifts as rules

    today = timezone.localdate()
    received = today - timedelta(days=60)
    first_registered = received + timedelta(days=10)  # on time
    registered = gift(councillor.councillor, received_on=received, registered_on=first_registered)
    services.gift_return(gift=registered, reason="Check the date.", by=officer)
    on_time = services.gift_resubmit(
        gift=registered, **CORRECTED, received_on=received, by=councillor
    )
    on_time.refresh_from_db()
    assert on_time.registered_on == first_registered  # not today, 60 days after receipt
    assert not rules.is_late(on_time.received_on, on_time.registered_on)
    # Correcting the date received to one 28 or more days before the registration makes it late,
    # exactly as a first submission on that day would be.
    services.gift_return(gift=on_time, reason="The dinner was in an earlier month.", by=officer)
    earlier = first_registered - timedelta(days=28)
    late = services.gift_resubmit(gift=on_time, **CORRECTED, received_on=earlier, by=councillor)
    late.refresh_from_db()
    assert late.registered_on == first_registered
    assert rules.is_late(late.received_on, late.registered_on)
    assert not rules.is_late(earlier + timedelta(days=1), first_registered)
    # It cannot have been received after it was registered.
    services.gift_return(gift=late, reason="Check the date again.", by=officer)
    with pytest.raises(ValidationError) as caught:
        services.gift_resubmit(
            gift=late,
            **CORRECTED,
            received_on=first_registered + timedelta(days=1),
            by=councillor,
        )
    assert list(caught.value.error_dict) == ["received_on"]
