"""Forward plan pages: who may open them, the list with each notice's status and latest date,
adding and publishing an entry, the general exception and special urgency forms, private
meeting notices, linking an agenda item, the key decisions without a valid notice, bounded
queries, and axe in a real browser."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from playwright.sync_api import expect

from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from meetings.models import ForwardPlanEntry
from meetings.services import forward_plan as services
from meetings.services.agenda import item_add
from meetings.tests.factories_decisions import cabinet, check_access, schedule

OFFICERS = {"officer", "manager"}


def today():
    return timezone.localdate()


def add_entry(executive, **overrides) -> ForwardPlanEntry:
    values = {
        "title": "Award of the highways maintenance contract",
        "expected_decision_date": today() + timedelta(days=60),
        "contact": "Jo Bloggs, Head of Highways",
        "decision_maker_committee": executive,
    }
    return services.entry_create(**(values | overrides), by=None)


@pytest.fixture
def executive(db):
    return cabinet()


@pytest.fixture
def entry(executive):
    return add_entry(executive, private=True, private_paragraphs=[3], private_reasons="Prices.")


def test_only_officers_open_the_forward_plan_pages(client, request, entry):
    for url in [
        "/officers/forward-plan/",
        "/officers/forward-plan/?show=all",
        "/officers/forward-plan/new/",
        "/officers/forward-plan/problems/",
        f"/officers/forward-plan/{entry.pk}/",
        f"/officers/forward-plan/{entry.pk}/edit/",
        f"/officers/forward-plan/{entry.pk}/general-exception/",
        f"/officers/forward-plan/{entry.pk}/special-urgency/",
        f"/officers/forward-plan/{entry.pk}/private-notice/",
        f"/officers/forward-plan/{entry.pk}/private-urgency/",
        f"/officers/forward-plan/{entry.pk}/agenda-item/",
        f"/officers/forward-plan/{entry.pk}/withdraw/",
    ]:
        check_access(client, request, url, OFFICERS)
    check_access(
        client, request, f"/officers/forward-plan/{entry.pk}/publish/", OFFICERS,
        method="post", ok=302,
    )  # fmt: skip


def test_a_missing_entry_is_a_404_and_a_withdrawn_one_cannot_change(client, officer, entry):
    client.force_login(officer)
    assert client.get("/officers/forward-plan/999999/").status_code == 404
    services.entry_withdraw(entry=entry, by=None)
    assert client.get(f"/officers/forward-plan/{entry.pk}/").status_code == 200
    assert client.get(f"/officers/forward-plan/{entry.pk}/edit/").status_code == 403


def test_the_list_shows_the_latest_notice_date_and_status(client, officer, executive):
    due = today() + timedelta(days=60)
    entry = add_entry(executive, expected_decision_date=due)
    overdue = add_entry(
        executive, title="Overdue", expected_decision_date=today() + timedelta(days=10)
    )
    client.force_login(officer)
    text = client.get("/officers/forward-plan/").content.decode()
    assert f"{due - timedelta(days=29):%-d %B %Y}" in text
    assert "Notice not yet published" in text and "No valid notice" in text
    services.entry_publish_notice(entry=entry, by=None)
    text = client.get(f"/officers/forward-plan/{entry.pk}/").content.decode()
    assert "Valid notice" in text
    assert "28 days&#x27; notice (reg 9)" in text
    text = client.get(f"/officers/forward-plan/{overdue.pk}/").content.decode()
    assert "Record the general exception (regulation 10)" in text


def test_adding_an_entry_names_missing_parts_then_saves(client, officer, executive):
    client.force_login(officer)
    response = client.post("/officers/forward-plan/new/", {"title": "", "contact": ""})
    text = response.content.decode()
    assert "<title>Error: Add a decision to the forward plan" in text
    assert "Enter the matter to be decided" in text
    assert "Enter the date of the decision" in text
    assert "Enter where copies of the documents can be obtained" in text
    assert not ForwardPlanEntry.all_objects.exists()
    day = today() + timedelta(days=40)
    response = client.post(
        "/officers/forward-plan/new/",
        {
            "title": "Leisure centre contract",
            "expected_decision_date_0": day.day,
            "expected_decision_date_1": day.month,
            "expected_decision_date_2": day.year,
            "contact": "Leisure team",
            "is_key_decision": "on",
            "private": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["private_paragraphs"] == [
        "Choose the paragraphs of Schedule 12A that make the meeting private."
    ]
    response = client.post(
        "/officers/forward-plan/new/",
        {
            "title": "Leisure centre contract",
            "decision_maker_committee": executive.pk,
            "expected_decision_date_0": day.day,
            "expected_decision_date_1": day.month,
            "expected_decision_date_2": day.year,
            "contact": "Leisure team",
            "is_key_decision": "on",
        },
    )
    entry = ForwardPlanEntry.all_objects.get()
    assert response["Location"] == f"/officers/forward-plan/{entry.pk}/"
    client.post(f"/officers/forward-plan/{entry.pk}/publish/")
    entry.refresh_from_db()
    assert entry.notice_published_on == today()


def test_general_exception_and_special_urgency_forms(client, officer, executive):
    entry = add_entry(executive, expected_decision_date=today() + timedelta(days=14))
    client.force_login(officer)
    day = today()

    def date_fields(name: str) -> dict:
        return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}

    response = client.post(f"/officers/forward-plan/{entry.pk}/general-exception/", {})
    assert "Enter why 28 clear days" in response.content.decode()
    response = client.post(
        f"/officers/forward-plan/{entry.pk}/general-exception/",
        {
            "reasons": "Grant conditions arrived late.",
            **date_fields("scrutiny_chair_informed_on"),
            **date_fields("notice_on"),
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert services.entry_check(entry).route == "general_exception"
    response = client.post(
        f"/officers/forward-plan/{entry.pk}/special-urgency/",
        {
            "agreed_by_role": "scrutiny_chair",
            "agreed_by": "Cllr Ann Jones",
            **date_fields("agreed_on"),
            "reasons": "Contractor failed.",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.special_urgency_agreed_by == "Cllr Ann Jones"


def test_private_notice_and_agenda_item_forms(client, officer, executive, entry):
    meeting = schedule(executive, today() + timedelta(days=60))
    item = item_add(meeting=meeting, title="Highways contract", is_key_decision=True, by=None)
    client.force_login(officer)
    client.post(f"/officers/forward-plan/{entry.pk}/publish/")
    response = client.post(
        f"/officers/forward-plan/{entry.pk}/private-notice/",
        {"representations": "Open it.", "response": ""},
    )
    assert response.context["form"].errors["response"] == [
        "Enter the response to the representations received."
    ]
    client.post(f"/officers/forward-plan/{entry.pk}/private-notice/", {})
    response = client.post(
        f"/officers/forward-plan/{entry.pk}/agenda-item/", {"agenda_item": item.pk}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.private_final_notice_on == today()
    assert entry.agenda_item == item


def test_the_problems_page_lists_key_decisions_without_notice(client, officer, executive):
    meeting = schedule(executive, today() + timedelta(days=10))
    item_add(meeting=meeting, title="Leisure centre closure", is_key_decision=True, by=None)
    client.force_login(officer)
    text = client.get("/officers/forward-plan/problems/").content.decode()
    assert "Leisure centre closure" in text
    assert "This key decision is not on the forward plan." in text
    assert f"/officers/meetings/{meeting.pk}/" in text


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_plan_and_problems_pages_run_a_fixed_number_of_queries(client, officer, executive):
    days = iter(range(5, 100))  # one Cabinet meeting a day: never two at the same time

    def grow(n):
        for i in range(n):
            entry = add_entry(executive, title=f"Entry {i}")
            services.entry_publish_notice(entry=entry, by=None)
            meeting = schedule(executive, today() + timedelta(days=next(days)))
            item = item_add(meeting=meeting, title=f"Item {i}", is_key_decision=True, by=None)
            services.entry_link_item(entry=entry, agenda_item=item, by=None)
            item_add(meeting=meeting, title=f"Unplanned {i}", is_key_decision=True, by=None)

    grow(2)
    client.force_login(officer)
    sizes = {
        url: queries(client, url)
        for url in ("/officers/forward-plan/", "/officers/forward-plan/problems/")
    }
    grow(6)
    assert {url: queries(client, url) for url in sizes} == sizes


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_forward_plan_pages_pass_axe(live_page, password, officer):
    executive = cabinet()
    entry = add_entry(executive, private=True, private_paragraphs=[3], private_reasons="Prices.")
    meeting = schedule(executive, today() + timedelta(days=10))
    item_add(meeting=meeting, title="Leisure centre closure", is_key_decision=True, by=None)
    found = {}
    sign_in_with_browser(live_page, officer.username, password)
    for name, url in [
        ("plan", "/officers/forward-plan/"),
        ("entry", f"/officers/forward-plan/{entry.pk}/"),
        ("problems", "/officers/forward-plan/problems/"),
        ("special urgency", f"/officers/forward-plan/{entry.pk}/special-urgency/"),
    ]:
        live_page.goto(f"{live_page.base}{url}")
        found[name] = axe_violations(live_page)
    live_page.goto(f"{live_page.base}/officers/forward-plan/{entry.pk}/general-exception/")
    live_page.get_by_role("button", name="Record the general exception").click()
    live_page.wait_for_load_state()
    expect(live_page).to_have_title(re.compile(r"^Error:"))
    found["general exception with errors"] = axe_violations(live_page)
    assert {name: v for name, v in found.items() if v} == {}
