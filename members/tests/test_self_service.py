"""Issue 15 point 8: member self-service. A councillor cancels a training place with the
reason (the place is freed for others, audited); queues more than one change of details (each
applies only what it changes); the officer's review shows before and after for each changed
field."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from democracy.models import AuditEvent
from democracy.tests.factories import TermFactory
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from members.models import Councillor, DetailsChangeRequest, TrainingBooking
from members.services import records as record_services
from members.services import training as training_services


def event(by, *, days: int = 7, capacity: int = 1):
    module = training_services.module_create(name="Planning code of practice", by=by)
    return training_services.event_create(
        module=module,
        starts_at=timezone.now() + timedelta(days=days),
        capacity=capacity,
        venue="Committee Room 1",
        cost=Decimal("0"),
        by=by,
    )


@pytest.fixture
def mine(councillor):
    return Councillor.all_objects.get(user=councillor)


# --- Training ---------------------------------------------------------------------------------


def test_a_councillor_cancels_their_place_with_a_reason_freeing_it(client, councillor, mine):
    full = event(None, capacity=1)
    booking = training_services.booking_create(councillor=mine, event=full, by=councillor)
    other = TermFactory().councillor
    with pytest.raises(ValidationError, match="full"):
        training_services.booking_create(councillor=other, event=full, by=None)
    client.force_login(councillor)
    portal = client.get(reverse("members:portal-training")).content.decode()
    url = reverse("members:portal-training-cancel", args=[booking.pk])
    assert url in portal
    # No reason: named, nothing changed.
    response = client.post(url, {"reason": " "})
    assert "Enter why you are cancelling your place" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == TrainingBooking.Status.BOOKED
    response = client.post(url, {"reason": "A ward surgery moved to that evening."})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == TrainingBooking.Status.CANCELLED
    assert booking.cancellation_reason == "A ward surgery moved to that evening."
    assert booking.cancelled_at is not None
    audit = AuditEvent.private_objects.filter(action="members.training_booking.cancel").get()
    assert audit.changes["status"] == ["booked", "cancelled"]
    # The place is freed for someone else.
    training_services.booking_create(councillor=other, event=full, by=None)


def test_a_place_cannot_be_cancelled_once_the_event_has_started(councillor, mine):
    soon = event(None, days=1)
    booking = training_services.booking_create(councillor=mine, event=soon, by=None)
    with pytest.raises(ValidationError, match="has started"):
        training_services.booking_cancel_own(
            booking=booking,
            reason="Ill",
            by=councillor,
            now=soon.starts_at + timedelta(minutes=5),
        )


def test_nobody_cancels_someone_elses_place(client, councillor, other_councillor, mine):
    booking = training_services.booking_create(councillor=mine, event=event(None), by=None)
    url = reverse("members:portal-training-cancel", args=[booking.pk])
    client.force_login(other_councillor)
    assert client.post(url, {"reason": "Mischief"}).status_code == 404
    booking.refresh_from_db()
    assert booking.status == TrainingBooking.Status.BOOKED


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("councillor", 200), ("officer", 403), ("clerk", 403), ("other_councillor", 404)],
)
def test_the_cancel_page_permissions(client, request, councillor, mine, persona, expected):
    booking = training_services.booking_create(councillor=mine, event=event(None), by=None)
    url = reverse("members:portal-training-cancel", args=[booking.pk])
    assert client.get(url)["Location"].startswith("/account/login/")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == expected


# --- Change requests ---------------------------------------------------------------------------


def test_requests_queue_and_each_applies_only_what_it_changes(officer, councillor, mine):
    first = record_services.change_request_submit(
        councillor=mine, values={"biography": "First biography."}, by=councillor
    )
    second = record_services.change_request_submit(
        councillor=mine, values={"personal_phone": "07700 900123"}, by=councillor
    )
    assert first.changed_fields == ["biography"]
    assert second.changed_fields == ["personal_phone"]
    # Applied out of order: the second does not put the old biography back, nor the first the
    # old phone number.
    record_services.change_request_apply(request=second, by=officer)
    record_services.change_request_apply(request=first, by=officer)
    details = record_services.current_details(Councillor.all_objects.get(pk=mine.pk))
    assert details["biography"] == "First biography."
    assert details["personal_phone"] == "07700 900123"


def test_the_review_shows_before_and_after_for_each_changed_field(client, officer, mine):
    record_services.profile_update(
        councillor=mine, values={"biography": "Old biography."}, by=officer
    )
    change = record_services.change_request_submit(
        councillor=mine,
        values={"biography": "New biography.", "website": "https://example.org"},
        by=None,
    )
    client.force_login(officer)
    response = client.get(reverse("members:officer-change-request", args=[change.pk]))
    rows = {r["label"]: (r["current"], r["proposed"]) for r in response.context["rows"]}
    assert len(rows) == 2
    assert ("Old biography.", "New biography.") in rows.values()
    assert ("", "https://example.org") in rows.values()
    page = response.content.decode()
    assert "Before" in page and "After" in page


def test_a_decided_request_keeps_the_values_the_record_held_when_it_was_decided(
    client, officer, councillor, other_councillor, mine
):
    record_services.profile_update(
        councillor=mine, values={"biography": "Old biography."}, by=officer
    )
    record_services.private_contact_update(
        councillor=mine, values={"home_address": "1 Old Road, Kingsmere"}, by=officer
    )
    applied = record_services.change_request_submit(
        councillor=mine,
        values={"biography": "New biography.", "home_address": "2 New Street, Kingsmere"},
        by=councillor,
    )
    rejected = record_services.change_request_submit(
        councillor=mine, values={"website": "https://example.org"}, by=councillor
    )
    client.force_login(officer)
    url = reverse("members:officer-change-request", args=[applied.pk])
    assert client.post(url, {"decision": "apply", "note": ""}).status_code == 302
    record_services.change_request_reject(request=rejected, note="Not your own site.", by=officer)
    # The record moves on afterwards: the decided request still shows what it replaced.
    later = record_services.change_request_submit(
        councillor=mine, values={"biography": "Third biography."}, by=councillor
    )
    record_services.change_request_apply(request=later, by=officer)

    applied.refresh_from_db()
    assert applied.values_before == {
        "biography": "Old biography.",
        "home_address": "1 Old Road, Kingsmere",
    }
    response = client.get(url)
    rows = {r["label"]: (r["current"], r["proposed"]) for r in response.context["rows"]}
    assert sorted(rows.values()) == [
        ("1 Old Road, Kingsmere", "2 New Street, Kingsmere"),
        ("Old biography.", "New biography."),
    ]
    page = response.content.decode()
    assert "Before (when decided)" in page and "Third biography." not in page
    rejected_page = client.get(reverse("members:officer-change-request", args=[rejected.pk]))
    assert [(r["current"], r["proposed"]) for r in rejected_page.context["rows"]] == [
        ("", "https://example.org")
    ]

    # The private before-value: the councillor sees their own request; nobody else does.
    own = reverse("members:portal-change-request", args=[applied.pk])
    client.force_login(councillor)
    assert "1 Old Road, Kingsmere" in client.get(own).content.decode()
    client.force_login(other_councillor)
    assert client.get(own).status_code == 404
    client.logout()
    assert "1 Old Road" not in client.get(f"/councillors/{mine.slug}/").content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_queue_and_the_review_in_a_browser(live_page, councillor, officer, password):
    mine = Councillor.all_objects.get(user=councillor)
    record_services.change_request_submit(
        councillor=mine, values={"biography": "First."}, by=councillor
    )
    page = live_page
    sign_in_with_browser(page, councillor.username, password)
    page.goto(f"{page.base}{reverse('members:portal-details')}")
    expect(page.locator("#pending-changes")).to_contain_text("waiting for review")
    page.get_by_role("link", name="Change your details").click()
    page.get_by_label("Website").fill("https://example.org")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert DetailsChangeRequest.all_objects.filter(status="pending").count() == 2
    assert axe_violations(page) == []
