"""The council's settings pages: the constitution (managers only) and venues and rooms
(officers), every change through the services and audited."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from playwright.sync_api import expect

from democracy import venues
from democracy.constitution import constitution, period
from democracy.models import AuditEvent, Room, Venue
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from democracy.tests.factories_constitution import constitution_form

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


# --- The constitution ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"), [("manager", 200), ("officer", 403), ("councillor", 403)]
)
def test_only_managers_open_the_constitution(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/council/constitution/").status_code == status
    assert client.post(
        "/council/constitution/", constitution_form(call_in_working_days=3)
    ).status_code in {
        status,
        302,
    }
    if status == 403:
        assert period("call_in_working_days") == 5


def test_a_manager_changes_the_call_in_period_and_it_is_audited(client, manager):
    client.force_login(manager)
    response = client.post("/council/constitution/", constitution_form(call_in_working_days=3))
    assert response.status_code == 302 and response.url == "/council/constitution/"
    assert period("call_in_working_days") == 3
    [event] = AuditEvent.private_objects.filter(action="democracy.constitution.update")
    assert event.changes == {"call_in_working_days": [5, 3]} and event.actor == manager


def test_a_manager_sets_the_allowances_and_appeals_policies_and_it_is_audited(client, manager):
    client.force_login(manager)
    page = client.get("/council/constitution/").content.decode()
    assert "Cost centre for a member with none of their own" in page and "Education appeals" in page
    response = client.post(
        "/council/constitution/",
        constitution_form(
            allowances_withhold_during_suspension=None,
            allowances_cost_centre="DEM01",
            appeals_retention_years=6,
            appeals_evidence_link_days=14,
        ),
    )
    assert response.status_code == 302
    row = constitution()
    assert row.allowances_withhold_during_suspension is False
    assert row.allowances_cost_centre == "DEM01"
    assert (row.appeals_retention_years, row.appeals_evidence_link_days) == (6, 14)
    [event] = AuditEvent.private_objects.filter(action="democracy.constitution.update")
    assert event.changes == {
        "allowances_withhold_during_suspension": [True, False],
        "allowances_cost_centre": ["", "DEM01"],
        "appeals_evidence_link_days": [28, 14],
        "appeals_retention_years": [1, 6],
    }


def test_an_appeals_retention_of_no_years_is_refused_on_its_field(client, manager):
    client.force_login(manager)
    response = client.post("/council/constitution/", constitution_form(appeals_retention_years=0))
    assert response.status_code == 200
    [message] = response.context["form"].errors["appeals_retention_years"]
    assert message == (
        "Years after an appeal is determined that its personal data is anonymised must be 1 or more"
    )
    assert constitution().appeals_retention_years == 1


def test_an_agenda_period_below_the_floor_is_refused_on_its_field(client, manager):
    client.force_login(manager)
    response = client.post(
        "/council/constitution/",
        constitution_form(agenda_clear_days=4, call_in_working_days=3),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Constitution" in page
    [message] = response.context["form"].errors["agenda_clear_days"]
    assert message.startswith(
        "Agenda publication (clear working days before the meeting) must be at least 5"
    )
    assert "LGA 1972 s100B(3)" in message
    assert period("agenda_clear_days") == 5 and period("call_in_working_days") == 5
    assert not AuditEvent.private_objects.filter(action="democracy.constitution.update").exists()


def test_bad_numbers_and_times_are_named(client, manager):
    client.force_login(manager)
    response = client.post(
        "/council/constitution/",
        constitution_form(
            call_in_signatories="five", meeting_start_time="25:00", gift_threshold_pounds=None
        ),
    )
    errors = response.context["form"].errors
    assert errors["call_in_signatories"] == [
        "Councillors needed to call in a decision must be a whole number"
    ]
    assert errors["meeting_start_time"][0].startswith(
        "Usual start time of a meeting must be a real time"
    )
    assert errors["gift_threshold_pounds"][0].startswith("Enter the gifts and hospitality")


def test_the_sign_off_chain_is_edited_one_a_line_in_order(client, manager):
    client.force_login(manager)
    client.post(
        "/council/constitution/",
        constitution_form(report_sign_offs="Monitoring officer\r\nSection 151 officer\r\n"),
    )
    assert constitution().report_sign_offs == ["Monitoring officer", "Section 151 officer"]


# --- Venues and rooms ------------------------------------------------------------------------------


@pytest.fixture
def town_hall(officer):
    venue = venues.venue_create(name="Town Hall", address="Market Square, Kingsmere", by=officer)
    venues.room_create(venue=venue, name="Council Chamber", capacity=80, by=officer)
    return venue


def test_an_officer_adds_a_venue_and_a_room(client, officer):
    client.force_login(officer)
    response = client.post(
        "/council/venues/add/",
        {"name": "Civic Centre", "address": "1 High Street", "accessibility": "Step-free entrance"},
    )
    assert response.status_code == 302
    venue = Venue.objects.get(name="Civic Centre")
    response = client.post(
        f"/council/venues/{venue.pk}/rooms/add/",
        {"name": "Committee Room 1", "capacity": "24", "accessibility": "Hearing loop"},
    )
    assert response.status_code == 302
    room = Room.objects.get(venue=venue)
    assert (room.capacity, room.accessibility) == (24, "Hearing loop")
    actions = list(AuditEvent.private_objects.order_by("id").values_list("action", flat=True))
    assert actions == ["democracy.venue.create", "democracy.room.create"]
    page = client.get("/council/venues/").content.decode()
    assert "Committee Room 1" in page and "Hearing loop" in page


def test_a_missing_name_and_a_bad_capacity_are_named(client, officer, town_hall):
    client.force_login(officer)
    response = client.post(
        f"/council/venues/{town_hall.pk}/rooms/add/", {"name": "", "capacity": "0"}
    )
    errors = response.context["form"].errors
    assert errors == {
        "name": ["Enter the name of the room"],
        "capacity": ["Capacity must be 1 or more"],
    }
    response = client.post(
        f"/council/venues/{town_hall.pk}/rooms/add/", {"name": "Council Chamber"}
    )
    assert response.context["form"].errors["name"] == [
        "Town Hall already has a room called Council Chamber"
    ]


def test_changes_are_audited_with_before_and_after(client, officer, town_hall):
    room = town_hall.rooms.get()
    client.force_login(officer)
    client.post(
        f"/council/rooms/{room.pk}/",
        {"name": "Council Chamber", "capacity": "90", "accessibility": ""},
    )
    event = AuditEvent.private_objects.get(action="democracy.room.update")
    assert event.changes == {"capacity": [80, 90]}


def test_a_retired_room_cannot_be_booked_and_a_booked_room_cannot_be_retired(officer, town_hall):
    room = town_hall.rooms.get()
    starts = datetime(2026, 9, 10, 18, 30, tzinfo=LONDON)
    ends = datetime(2026, 9, 10, 21, tzinfo=LONDON)
    venues.book_room(
        room=room, starts_at=starts, ends_at=ends, title="Planning Committee", by=officer
    )
    with pytest.raises(ValidationError) as caught:
        venues.room_retire(room=room, retired_on=date(2026, 9, 1), by=officer)
    assert (
        "booked for Planning Committee on 10 September 2026"
        in caught.value.message_dict["retired_on"][0]
    )
    venues.room_retire(room=room, retired_on=date(2026, 9, 11), by=officer)
    with pytest.raises(ValidationError, match="no longer used from 11 September 2026"):
        venues.book_room(
            room=room,
            starts_at=starts.replace(day=17),
            ends_at=ends.replace(day=17),
            title="Licensing Committee",
            by=officer,
        )
    assert AuditEvent.private_objects.filter(action="democracy.room.retire").count() == 1


def test_an_officer_retires_a_venue_from_the_page(client, officer, town_hall):
    client.force_login(officer)
    response = client.post(
        f"/council/venues/{town_hall.pk}/retire/",
        {"retired_on_0": "1", "retired_on_1": "1", "retired_on_2": "2020"},
    )
    assert response.status_code == 302
    town_hall.refresh_from_db()
    assert town_hall.retired_on == date(2020, 1, 1)
    assert "Retired venues" in client.get("/council/venues/").content.decode()


@pytest.mark.parametrize("persona", ["councillor", "clerk", "author"])
def test_only_officers_manage_venues(client, request, persona, town_hall):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/council/venues/").status_code == 403
    assert client.post("/council/venues/add/", {"name": "X", "address": "Y"}).status_code == 403
    assert not Venue.objects.filter(name="X").exists()


def test_the_venues_page_runs_the_same_queries_whatever_the_number_of_venues(
    client, officer, django_assert_max_num_queries
):
    client.force_login(officer)

    def add(n: int) -> None:
        for _i in range(n):
            venue = venues.venue_create(
                name=f"Hall {Venue.objects.count()}", address="A", by=officer
            )
            venues.room_create(venue=venue, name="Room", by=officer)

    add(1)
    with django_assert_max_num_queries(12) as few:
        client.get("/council/venues/")
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/council/venues/")


# --- In a real browser -----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_manages_venues_and_rooms_in_the_browser(live_page, officer, password):
    page = live_page
    violations: dict[str, list] = {}
    sign_in_with_browser(page, officer.username, password)
    page.goto(f"{page.base}/council/venues/")
    expect(page).to_have_title(re.compile(r"^Venues and rooms"))
    violations["venues"] = axe_violations(page)
    page.get_by_role("button", name="Add a venue").click()
    page.get_by_role("button", name="Add the venue").click()
    expect(page).to_have_title(re.compile(r"^Error: Add a venue"))
    violations["add a venue with errors"] = axe_violations(page)
    page.get_by_label("Name of the venue").fill("Civic Centre")
    page.get_by_label("Address").fill("1 High Street, Kingsmere")
    page.get_by_label("Accessibility").fill("Step-free entrance from the car park")
    page.get_by_role("button", name="Add the venue").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Civic Centre added")
    page.get_by_role("link", name="Add a room to Civic Centre").click()
    page.get_by_label("Name of the room").fill("Committee Room 1")
    page.get_by_label("Capacity").fill("24")
    page.get_by_role("button", name="Add the room").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Committee Room 1")
    violations["venues with a room"] = axe_violations(page)
    page.get_by_role("link", name="Retire Committee Room 1").click()
    violations["retire a room"] = axe_violations(page)
    assert Room.objects.get(name="Committee Room 1").capacity == 24
    assert {name: found for name, found in violations.items() if found} == {}
