"""Decision register and call-in pages: who may open them (anonymous, each persona, 403, 404),
recording and publishing through the forms, urgency and outcomes, the member-portal call-in
journey, exempt details kept from councillors, bounded queries, and axe in a real browser."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from playwright.sync_api import expect

from democracy.tests.factories import set_constitution
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from meetings.models import CallIn, Decision
from meetings.services import call_in as call_in_services
from meetings.services import decisions as services
from meetings.tests.factories_decisions import (
    cabinet,
    check_access,
    record_decision,
    scrutiny_members,
    seat_on_scrutiny,
)

OFFICERS = {"officer", "manager"}
COUNCILLORS = {"councillor", "other_councillor"}


# By default only members of an overview and scrutiny committee may start or sign a call-in
# (``call_in_scrutiny_members_only``), so here the councillor personas sit on the Overview and
# Scrutiny Committee.
@pytest.fixture
def councillor(councillor):
    seat_on_scrutiny(councillor.councillor)
    return councillor


@pytest.fixture
def other_councillor(other_councillor):
    seat_on_scrutiny(other_councillor.councillor)
    return other_councillor


def today():
    return timezone.localdate()


def open_decision(**overrides) -> Decision:
    decision = record_decision(decided_on=today(), **overrides)
    return services.decision_publish(decision=decision, by=None, today=today())


@pytest.fixture
def decisions(db):
    """An open decision with a call-in collecting signatures, an accepted call-in of another,
    an unpublished decision and one referred back."""
    [lead] = scrutiny_members(1)
    opened = open_decision(title="Open decision")
    draft = call_in_services.call_in_start(
        decision=opened, lead=lead, grounds="Not consulted.", by=None
    )
    called = open_decision(title="Called-in decision")
    accepted = call_in_services.call_in_start(
        decision=called, lead=lead, grounds="Not consulted.", by=None
    )
    CallIn.all_objects.filter(pk=accepted.pk).update(
        status=CallIn.Status.ACCEPTED, validity={"submitted_on": today().isoformat()}
    )
    Decision.all_objects.filter(pk=called.pk).update(status=Decision.Status.CALLED_IN)
    referred = open_decision(title="Referred decision")
    Decision.all_objects.filter(pk=referred.pk).update(status=Decision.Status.REFERRED_BACK)
    recorded = record_decision(title="Unpublished decision")
    return {
        "open": opened,
        "draft": draft,
        "accepted": accepted,
        "recorded": recorded,
        "referred": referred,
    }


# --- Who may open the pages ---------------------------------------------------------------------


def test_only_officers_open_the_register_pages(client, request, decisions):
    d = decisions
    for url in [
        "/officers/decisions/",
        "/officers/decisions/record/",
        f"/officers/decisions/{d['open'].pk}/",
        f"/officers/decisions/{d['recorded'].pk}/",
        f"/officers/decisions/{d['recorded'].pk}/edit/",
        f"/officers/decisions/{d['open'].pk}/urgent/",
        f"/officers/decisions/{d['referred'].pk}/reconsidered/",
        f"/officers/call-ins/{d['accepted'].pk}/outcome/",
    ]:
        check_access(client, request, url, OFFICERS)
    check_access(
        client, request, f"/officers/decisions/{d['recorded'].pk}/publish/", OFFICERS,
        method="post", ok=302,
    )  # fmt: skip
    check_access(
        client, request, f"/officers/call-ins/{d['accepted'].pk}/schedule/", OFFICERS,
        method="post", ok=302,
    )  # fmt: skip


def test_only_councillors_open_the_portal_pages(client, request, decisions):
    d = decisions
    check_access(client, request, "/members/portal/decisions/", COUNCILLORS)
    check_access(client, request, f"/members/portal/decisions/{d['open'].pk}/call-in/", COUNCILLORS)
    check_access(
        client, request, f"/members/portal/call-ins/{d['draft'].pk}/", COUNCILLORS | OFFICERS
    )
    check_access(
        client, request, f"/members/portal/call-ins/{d['draft'].pk}/sign/", COUNCILLORS,
        method="post", ok=302,
    )  # fmt: skip


def test_what_does_not_exist_or_is_not_published_is_a_404(client, officer, councillor, decisions):
    client.force_login(officer)
    assert client.get("/officers/decisions/999999/").status_code == 404
    assert client.get("/officers/call-ins/999999/outcome/").status_code == 404
    client.force_login(councillor)
    recorded = decisions["recorded"].pk
    assert client.get(f"/members/portal/decisions/{recorded}/call-in/").status_code == 404
    assert client.get("/members/portal/call-ins/999999/").status_code == 404


def test_what_may_be_seen_but_not_changed_is_a_403(client, officer, councillor, decisions):
    client.force_login(officer)
    assert client.get(f"/officers/decisions/{decisions['open'].pk}/edit/").status_code == 403
    assert client.get(f"/officers/call-ins/{decisions['draft'].pk}/outcome/").status_code == 403
    client.force_login(councillor)
    referred = decisions["referred"].pk
    assert client.get(f"/members/portal/decisions/{referred}/call-in/").status_code == 403


def test_a_councillor_without_a_councillor_record_cannot_start_a_call_in(
    client, request, decisions
):
    from democracy.roles import Role
    from democracy.tests.factories import UserFactory

    unlinked = UserFactory(username="unlinked", roles=[Role.COUNCILLOR])
    client.force_login(unlinked)
    assert "not linked to a councillor" in client.get("/members/portal/decisions/").content.decode()
    url = f"/members/portal/decisions/{decisions['open'].pk}/call-in/"
    assert client.get(url).status_code == 403


# --- Recording and publishing -------------------------------------------------------------------


def decision_form(**overrides):
    day = today()
    data = {
        "kind": "executive",
        "title": "Adoption of the Local Cycling and Walking Infrastructure Plan",
        "decided_on_0": str(day.day),
        "decided_on_1": str(day.month),
        "decided_on_2": str(day.year),
        "decision": "To adopt the plan.",
        "reasons": "Funding bids need it.",
        "alternatives_considered": "None.",
    }
    return data | overrides


def test_recording_with_missing_parts_names_each_and_saves_nothing(client, officer, db):
    client.force_login(officer)
    response = client.post(
        "/officers/decisions/record/",
        decision_form(title="", reasons="", decided_on_0="", decided_on_1="", decided_on_2=""),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record a decision" in text
    assert "Enter the title" in text
    assert "Enter the reasons for the decision" in text
    assert "Enter the date of the decision" in text
    assert not Decision.all_objects.exists()


def test_the_services_rules_reach_the_form_fields(client, officer, db):
    cabinet()
    client.force_login(officer)
    response = client.post("/officers/decisions/record/", decision_form(kind="officer_key"))
    assert response.status_code == 200
    assert response.context["form"].errors["decision_maker_name"] == [
        "Enter the post of the officer who made the decision."
    ]


def test_record_then_publish_opens_the_window(client, officer, db):
    executive = cabinet()
    client.force_login(officer)
    response = client.post(
        "/officers/decisions/record/",
        decision_form(decision_maker_committee=str(executive.pk)),
    )
    decision = Decision.all_objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/officers/decisions/{decision.pk}/"
    assert decision.recorded_by == officer and decision.status == Decision.Status.RECORDED
    page = client.get(response["Location"]).content.decode()
    assert "Publish the decision" in page
    response = client.post(f"/officers/decisions/{decision.pk}/publish/", follow=True)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.OPEN
    assert f"called in until the end of {decision.call_in_deadline:%-d %B %Y}" in (
        response.content.decode()
    )


def test_correcting_an_unpublished_decision(client, officer, db):
    decision = record_decision()
    client.force_login(officer)
    form = client.get(f"/officers/decisions/{decision.pk}/edit/").context["form"]
    assert form.initial["title"] == decision.title
    data = decision_form(
        title="Corrected title", decision_maker_committee=str(decision.decision_maker_committee_id)
    )
    response = client.post(f"/officers/decisions/{decision.pk}/edit/", data)
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.title == "Corrected title"


def test_urgency_consent_through_the_form(client, officer, decisions):
    client.force_login(officer)
    day = today()
    url = f"/officers/decisions/{decisions['open'].pk}/urgent/"
    response = client.post(url, {"agreed_by": "", "reasons": ""})
    assert response.status_code == 200
    assert "Enter who agreed that the decision is urgent" in response.content.decode()
    response = client.post(
        url,
        {
            "agreed_by": "Cllr Lee, Chair of the Council",
            "agreed_on_0": day.day,
            "agreed_on_1": day.month,
            "agreed_on_2": day.year,
            "reasons": "The grant lapses.",
        },
    )
    assert response.status_code == 302
    decisions["open"].refresh_from_db()
    assert decisions["open"].status == Decision.Status.URGENT
    decisions["draft"].refresh_from_db()
    assert decisions["draft"].status == CallIn.Status.LAPSED


def test_recording_a_call_in_outcome(client, officer, decisions):
    client.force_login(officer)
    day = today()
    accepted = decisions["accepted"]
    response = client.post(
        f"/officers/call-ins/{accepted.pk}/outcome/",
        {
            "outcome": "no_further_action",
            "decided_on_0": day.day,
            "decided_on_1": day.month,
            "decided_on_2": day.year,
        },
    )
    assert response.status_code == 302
    assert Decision.all_objects.get(pk=accepted.decision_id).status == (
        Decision.Status.IMPLEMENTABLE
    )


def test_adding_an_accepted_call_in_without_a_scrutiny_meeting_says_so(client, officer, decisions):
    client.force_login(officer)
    response = client.post(f"/officers/call-ins/{decisions['accepted'].pk}/schedule/", follow=True)
    assert "There is no scheduled meeting of an overview and scrutiny committee" in (
        response.content.decode()
    )


def test_the_register_filters(client, officer, decisions):
    client.force_login(officer)
    text = client.get("/officers/decisions/?status=recorded").content.decode()
    assert "Unpublished decision" in text and "Open decision" not in text
    text = client.get("/officers/decisions/?q=called").content.decode()
    assert "Called-in decision" in text and "Referred decision" not in text


# --- The member portal --------------------------------------------------------------------------


def test_the_call_in_journey_in_the_portal(client, councillor, other_councillor, settings, db):
    set_constitution(call_in_signatories=2)
    decision = open_decision()
    client.force_login(councillor)
    listing = client.get("/members/portal/decisions/").content.decode()
    assert decision.title in listing and "A call-in needs 2 councillors" in listing
    response = client.post(f"/members/portal/decisions/{decision.pk}/call-in/", {"grounds": ""})
    assert "Enter the grounds for the call-in" in response.content.decode()
    response = client.post(
        f"/members/portal/decisions/{decision.pk}/call-in/",
        {"grounds": "The ward members were not consulted."},
    )
    call_in = CallIn.all_objects.get()
    assert response["Location"] == f"/members/portal/call-ins/{call_in.pk}/"
    client.force_login(other_councillor)
    assert decision.title in client.get("/members/portal/decisions/").content.decode()
    page = client.get(f"/members/portal/call-ins/{call_in.pk}/").content.decode()
    assert "Sign this call-in" in page and "Submit the call-in" not in page
    assert client.post(f"/members/portal/call-ins/{call_in.pk}/submit/").status_code == 403
    client.post(f"/members/portal/call-ins/{call_in.pk}/sign/")
    client.force_login(councillor)
    response = client.post(f"/members/portal/call-ins/{call_in.pk}/submit/", follow=True)
    text = response.content.decode()
    assert "The call-in has been accepted" in text
    assert "There is no scheduled meeting" in text
    call_in.refresh_from_db()
    assert call_in.status == CallIn.Status.ACCEPTED
    # Councillors are ordered by name, and the factories' names are random: compare as sets.
    assert set(call_in.signatories.all()) == {councillor.councillor, other_councillor.councillor}


def test_a_submission_short_of_signatures_explains_why(client, councillor, db):
    decision = open_decision()
    call_in = call_in_services.call_in_start(
        decision=decision, lead=councillor.councillor, grounds="x", by=None
    )
    client.force_login(councillor)
    response = client.post(f"/members/portal/call-ins/{call_in.pk}/submit/", follow=True)
    assert "A call-in needs 5 councillors: it has 1, so 4 more councillors must sign it." in (
        response.content.decode()
    )


def test_exempt_details_never_reach_the_portal(client, councillor, db):
    decision = open_decision(
        title="Disposal of land at Mill Lane",
        decision="Sell to Acme Ltd for 1.2 million pounds.",
        reasons="Best consideration from Acme Ltd.",
        exempt_paragraphs=[3],
        public_interest_statement="Negotiations continue.",
    )
    call_in = call_in_services.call_in_start(
        decision=decision, lead=councillor.councillor, grounds="x", by=None
    )
    client.force_login(councillor)
    for url in [
        "/members/portal/decisions/",
        f"/members/portal/decisions/{decision.pk}/call-in/",
        f"/members/portal/call-ins/{call_in.pk}/",
    ]:
        text = client.get(url).content.decode()
        assert "Acme" not in text, url
    assert "paragraph 3 of Part 1 of Schedule 12A" in text


# --- Queries ------------------------------------------------------------------------------------


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_register_and_portal_run_a_fixed_number_of_queries(client, officer, councillor, db):
    def grow(n):
        others = scrutiny_members(2)
        for i in range(n):
            decision = open_decision(title=f"Decision {i}")
            call_in = call_in_services.call_in_start(
                decision=decision, lead=others[0], grounds="x", by=None
            )
            call_in_services.call_in_sign(call_in=call_in, councillor=others[1], by=None)
            if i % 2:
                call_in_services.call_in_sign(
                    call_in=call_in, councillor=councillor.councillor, by=None
                )

    grow(2)
    client.force_login(officer)
    small_register = queries(client, "/officers/decisions/")
    client.force_login(councillor)
    small_portal = queries(client, "/members/portal/decisions/")
    grow(8)
    client.force_login(officer)
    assert queries(client, "/officers/decisions/") == small_register
    client.force_login(councillor)
    assert queries(client, "/members/portal/decisions/") == small_portal


def test_the_decision_page_runs_a_fixed_number_of_queries(client, officer, db):
    decision = open_decision()
    councillors = scrutiny_members(8)

    def add_call_in(lead, signers):
        call_in = call_in_services.call_in_start(decision=decision, lead=lead, grounds="x", by=None)
        for signer in signers:
            call_in_services.call_in_sign(call_in=call_in, councillor=signer, by=None)

    add_call_in(councillors[0], councillors[1:2])
    client.force_login(officer)
    small = queries(client, f"/officers/decisions/{decision.pk}/")
    add_call_in(councillors[2], councillors[3:6])
    add_call_in(councillors[6], councillors[7:8])
    assert queries(client, f"/officers/decisions/{decision.pk}/") == small


# --- In a real browser --------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_decision_and_call_in_pages_pass_axe(live_page, password, officer, councillor):
    decision = open_decision(title="Adoption of the cycling plan")
    record_decision(title="Unpublished decision", decided_on=today() - timedelta(days=1))
    call_in = call_in_services.call_in_start(
        decision=decision, lead=councillor.councillor, grounds="Not consulted.", by=None
    )
    found = {}
    sign_in_with_browser(live_page, officer.username, password)
    for name, url in [
        ("register", "/officers/decisions/"),
        ("decision", f"/officers/decisions/{decision.pk}/"),
        ("urgent", f"/officers/decisions/{decision.pk}/urgent/"),
    ]:
        live_page.goto(f"{live_page.base}{url}")
        found[name] = axe_violations(live_page)
    live_page.goto(f"{live_page.base}/officers/decisions/record/")
    live_page.get_by_role("button", name="Record the decision").click()
    live_page.wait_for_load_state()
    expect(live_page).to_have_title(re.compile(r"^Error:"))
    found["record with errors"] = axe_violations(live_page)

    live_page.context.clear_cookies()
    sign_in_with_browser(live_page, councillor.username, password)
    for name, url in [
        ("portal", "/members/portal/decisions/"),
        ("call-in", f"/members/portal/call-ins/{call_in.pk}/"),
    ]:
        live_page.goto(f"{live_page.base}{url}")
        found[name] = axe_violations(live_page)
    other = open_decision(title="Another decision")
    live_page.goto(f"{live_page.base}/members/portal/decisions/{other.pk}/call-in/")
    live_page.get_by_role("button", name="Start the call-in").click()
    live_page.wait_for_load_state()
    assert (
        "Enter the grounds for the call-in"
        in live_page.locator(".govuk-error-summary").inner_text()
    )
    found["start with errors"] = axe_violations(live_page)
    assert {name: v for name, v in found.items() if v} == {}
