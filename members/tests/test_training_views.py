"""Training pages: who may use them, booking and feedback from the portal (only one's own
bookings), marking the register, and a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from democracy.tests.factories import PERSONAS, TermFactory
from members.models import Councillor, TrainingBooking
from members.services import training as services

PORTAL = reverse("members:portal-training")


@pytest.fixture
def module(db, officer):
    return services.module_create(name="Code of conduct induction", mandatory=True, by=officer)


def make_event(module, officer, *, days: int, capacity: int = 20):
    return services.event_create(
        module=module,
        starts_at=timezone.now() + timedelta(days=days),
        capacity=capacity,
        venue="Committee Room 1",
        by=officer,
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_your_training_is_for_councillors(client, request, module, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(PORTAL).status_code == (200 if persona == "councillor" else 403)


def test_officer_event_page_is_for_officers(client, councillor, officer, module):
    event = make_event(module, officer, days=3)
    url = reverse("members:officer-training-event", args=[event.pk])
    client.force_login(councillor)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    assert client.get(url).status_code == 200
    assert client.get(reverse("members:officer-training-event", args=[999999])).status_code == 404


def test_a_councillor_books_and_sees_their_needs(client, councillor, officer, module):
    event = make_event(module, officer, days=3)
    client.force_login(councillor)
    page = client.get(PORTAL).content.decode()
    assert "Code of conduct induction" in page and "Mandatory for all councillors" in page
    response = client.post(reverse("members:portal-training-book", args=[event.pk]), follow=True)
    assert "You are booked on" in response.content.decode()
    mine = Councillor.all_objects.get(user=councillor)
    assert TrainingBooking.all_objects.get(event=event).councillor == mine
    again = client.post(reverse("members:portal-training-book", args=[event.pk]), follow=True)
    assert "already booked" in again.content.decode()
    assert client.get(reverse("members:portal-training-book", args=[event.pk])).status_code == 405


def test_feedback_only_on_ones_own_attended_booking(
    client, councillor, other_councillor, officer, module
):
    event = make_event(module, officer, days=3)
    mine = Councillor.all_objects.get(user=councillor)
    booking = services.booking_create(councillor=mine, event=event, by=officer)
    url = reverse("members:portal-training-feedback", args=[booking.pk])
    client.force_login(other_councillor)
    assert client.get(url).status_code == 404
    client.force_login(councillor)
    response = client.post(url, {"rating": "4", "comments": "Good"})
    assert "You can give feedback only on an event you attended" in response.content.decode()
    TrainingBooking.all_objects.filter(pk=booking.pk).update(status="attended")
    response = client.post(url, {"rating": "4", "comments": "Good"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.rating == 4


def test_the_register_is_marked_once_the_event_has_started(client, officer, module):
    event = make_event(module, officer, days=3)
    people = [TermFactory().councillor for _ in range(2)]
    bookings = [services.booking_create(councillor=c, event=event, by=officer) for c in people]
    client.force_login(officer)
    url = reverse("members:officer-training-event", args=[event.pk])
    assert "once the event has started" in client.get(url).content.decode()
    event.starts_at = timezone.now() - timedelta(hours=1)
    event.save()
    client.post(
        url,
        {f"booking_{bookings[0].pk}": "attended", f"booking_{bookings[1].pk}": "did_not_attend"},
    )
    assert [b.status for b in TrainingBooking.all_objects.order_by("pk")] == [
        "attended",
        "did_not_attend",
    ]


def test_training_pages_run_a_fixed_number_of_queries(
    client, officer, councillor, module, django_assert_num_queries
):
    event = make_event(module, officer, days=3, capacity=100)

    def grow(n):
        for _ in range(n):
            c = TermFactory().councillor
            services.booking_create(councillor=c, event=event, by=officer)
            make_event(module, officer, days=5)

    grow(1)
    officer_urls = [
        reverse("members:officer-training"),
        reverse("members:officer-training-event", args=[event.pk]),
    ]
    client.force_login(officer)
    small = {}
    for url in officer_urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        small[url] = len(ctx.captured_queries)
    client.force_login(councillor)
    with CaptureQueriesContext(connection) as ctx:
        client.get(PORTAL)
    small[PORTAL] = len(ctx.captured_queries)
    grow(5)
    client.force_login(officer)
    for url in officer_urls:
        with django_assert_num_queries(small[url]):
            client.get(url)
    client.force_login(councillor)
    with django_assert_num_queries(small[PORTAL]):
        client.get(PORTAL)


def test_an_officer_books_a_councillor_and_a_full_event_says_so(client, officer, module):
    event = make_event(module, officer, days=3, capacity=1)
    first, second = TermFactory().councillor, TermFactory().councillor
    client.force_login(officer)
    url = reverse("members:officer-training-event", args=[event.pk])
    response = client.post(url + "?book=1", {"councillor": first.pk}, follow=True)
    assert f"{escape(first.full_name)} is booked on" in response.content.decode()
    response = client.post(url + "?book=1", {"councillor": second.pk})
    assert "This event is full." in response.content.decode()
    assert TrainingBooking.all_objects.filter(event=event).count() == 1
