"""The political balance pages: who may use them, what they show, the review and s17 variation
forms, a bounded number of queries, and accessibility in a real browser."""

from __future__ import annotations

from datetime import date
from itertools import cycle

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from democracy.tests.factories import (
    PERSONAS,
    CommitteeFactory,
    PoliticalGroupFactory,
    TermFactory,
    WardFactory,
)
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from meetings.models import BalanceReview, BalanceVariation, CommitteeMembership
from meetings.rules.balance import NON_ALIGNED
from meetings.services.balance import balance_review_record, balance_variation_record
from members.models import GroupMembership

TAKE_OFFICE = date(2023, 5, 8)
ANNUAL_MEETING = date(2026, 5, 19)
ON = f"?on={ANNUAL_MEETING.isoformat()}"
PAGE = reverse("meetings:balance")
REVIEW = reverse("meetings:balance-review")
VARIATION = reverse("meetings:balance-variation")
ALLOWED = {"officer", "manager"}


class Council:
    """Grows a council in place: councillors in four groups and some independents, committees
    with members appointed at the annual meeting."""

    def __init__(self):
        self.groups = [
            PoliticalGroupFactory(name=f"{colour} Group", short_name=colour)
            for colour in ("Red", "Blue", "Yellow", "Green")
        ]
        self.labels = cycle([*self.groups, *self.groups[:2], None])
        self.councillors: list = []
        self.committees: list = []

    def grow(self, *, councillors: int, committees: int) -> None:
        while len(self.councillors) < councillors:
            ward = WardFactory(created_on=date(2023, 5, 4))
            councillor = TermFactory(ward=ward, start_date=TAKE_OFFICE).councillor
            group = next(self.labels)
            if group is not None:
                GroupMembership.objects.create(
                    councillor=councillor, group=group, start_date=TAKE_OFFICE
                )
            self.councillors.append(councillor)
        while len(self.committees) < committees:
            committee = CommitteeFactory(size=min(7, len(self.councillors)), quorum=2)
            start = len(self.committees)
            for index in range(committee.size):
                councillor = self.councillors[(start + index) % len(self.councillors)]
                CommitteeMembership.objects.create(
                    committee=committee,
                    councillor=councillor,
                    role="chair" if index == 0 else "member",
                    start_date=ANNUAL_MEETING,
                )
            self.committees.append(committee)


@pytest.fixture
def council(db):
    council = Council()
    council.grow(councillors=14, committees=2)
    return council


# --- Who may use the pages ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", [PAGE, VARIATION])
def test_only_democratic_services_may_see_the_pages(client, request, council, persona, url):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url + ON)
    assert response.status_code == (200 if persona in ALLOWED else 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_democratic_services_may_record_a_review(client, request, council, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(REVIEW, {"on": ANNUAL_MEETING.isoformat(), "reason": "other"})
    assert response.status_code == (302 if persona in ALLOWED else 403)
    assert BalanceReview.objects.exists() == (persona in ALLOWED)


@pytest.mark.parametrize("url", [PAGE, VARIATION, REVIEW])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url) if url != REVIEW else client.post(url, {})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_review_cannot_be_recorded_by_get(client, officer):
    client.force_login(officer)
    assert client.get(REVIEW).status_code == 405


def test_the_officer_home_page_links_to_political_balance(client, officer):
    client.force_login(officer)
    assert f'href="{PAGE}"' in client.get(reverse("meetings:officer-home")).content.decode()


# --- What the page shows -----------------------------------------------------------------------


def test_the_page_shows_entitlement_against_appointments_with_text_tags(client, officer, council):
    client.force_login(officer)
    response = client.get(PAGE + ON)
    html = response.content.decode()
    position = response.context["position"]
    assert [p.name for p in position.participants] == [
        "Blue Group",
        "Red Group",
        "Green Group",
        "Yellow Group",
        NON_ALIGNED,
    ]
    assert "Aggregate: all seats on ordinary committees" in html
    for committee in council.committees:
        assert f'id="committee-{committee.pk}"' in html
    # Every status is words in a tag, never colour alone.
    assert "govuk-tag--green" in html and "As entitled" in html
    for breach in position.breaches:
        assert breach.split(": ", 1)[1] in html
    assert "A review is due: no review of political balance has been recorded." in html


def test_the_page_names_the_change_of_group_that_makes_a_review_due(client, officer, council):
    balance_review_record(reviewed_on=ANNUAL_MEETING, reason="annual_meeting", by=officer)
    client.force_login(officer)
    assert "A review is due" not in client.get(PAGE + ON).content.decode()
    leaver = council.councillors[0]
    GroupMembership.objects.filter(councillor=leaver).update(end_date=date(2026, 7, 1))
    html = client.get(f"{PAGE}?on=2026-07-02").content.decode()
    assert f"A review is due: {leaver.full_name} left Red Group on 1 July 2026" in html


def test_ties_needing_a_decision_are_listed_and_offered_in_the_review_form(client, officer, db):
    # 4 councillors, Red 3 and one independent; a 2-seat panel... is too small, so: Red 2,
    # Blue 1, one independent and a 2-seat panel: Red 1.0, Blue 0.5, independent 0.5.
    red, blue = PoliticalGroupFactory(name="Red Group"), PoliticalGroupFactory(name="Blue Group")
    for group in (red, red, blue, None):
        councillor = TermFactory(start_date=TAKE_OFFICE).councillor
        if group:
            GroupMembership.objects.create(
                councillor=councillor, group=group, start_date=TAKE_OFFICE
            )
    CommitteeFactory(name="Appeals Panel", size=2, quorum=2)
    client.force_login(officer)
    response = client.get(PAGE + ON)
    html = response.content.decode()
    assert "Needs a decision" in html
    assert f"Blue Group or {NON_ALIGNED}" in html
    assert "Aggregate: who gets the seat?" in html
    # The officer gives the half seat to the independent member.
    response = client.post(
        REVIEW,
        {"on": ANNUAL_MEETING.isoformat(), "reason": "annual_meeting", "tie_0": NON_ALIGNED},
    )
    assert response.status_code == 302
    review = BalanceReview.objects.get()
    assert review.tie_decisions == {f"Aggregate: Blue Group / {NON_ALIGNED}": [NON_ALIGNED]}
    html = client.get(response.url).content.decode()
    assert "Review recorded as at 19 May 2026" in html
    assert "Decided" in html


def test_a_review_without_a_reason_names_the_field(client, officer, council):
    client.force_login(officer)
    response = client.post(REVIEW, {"on": ANNUAL_MEETING.isoformat()})
    assert response.status_code == 400
    assert b"Select why the allocation is being reviewed" in response.content
    assert response.content.decode().count("There is a problem") == 1
    assert not BalanceReview.objects.exists()


# --- s17 variations ----------------------------------------------------------------------------


def variation_data(council, committee, votes_against="0", **seats):
    data = {
        "on": ANNUAL_MEETING.isoformat(),
        "committees": [str(committee.pk)],
        "resolved_on_0": "19",
        "resolved_on_1": "5",
        "resolved_on_2": "2026",
        "minute_reference": "C/12",
        "description": "One seat for each group and the independents.",
        "votes_against": votes_against,
    }
    for c in council.committees:
        for group in council.groups:
            data[f"seats_{c.pk}_group_{group.pk}"] = "1"
        data[f"seats_{c.pk}_non_aligned"] = "3"
    data.update(seats)
    return data


def test_a_variation_with_votes_against_is_refused_on_the_form(client, officer, council):
    client.force_login(officer)
    committee = council.committees[0]
    response = client.post(VARIATION, variation_data(council, committee, votes_against="1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "no member votes against" in html
    assert 'href="#id_votes_against"' in html
    assert not BalanceVariation.objects.exists()


def test_a_variation_that_does_not_fill_the_committee_is_refused(client, officer, council):
    client.force_login(officer)
    committee = council.committees[0]
    data = variation_data(council, committee, **{f"seats_{committee.pk}_non_aligned": "1"})
    response = client.post(VARIATION, data)
    assert f"{committee.name} has 7 seats; the agreed allocation gives 5." in (
        response.content.decode()
    )
    assert not BalanceVariation.objects.exists()


def test_recording_a_variation_shows_it_in_force(client, officer, council):
    client.force_login(officer)
    committee = council.committees[0]
    response = client.post(VARIATION, variation_data(council, committee))
    assert response.status_code == 302
    variation = BalanceVariation.objects.get()
    assert list(variation.committees.all()) == [committee]
    assert variation.recorded_by == officer
    html = client.get(PAGE + ON).content.decode()
    assert "Resolved on 19 May 2026, minute C/12" in html
    assert "entitlement from the s17 variation of 19 May 2026" in html


# --- Bounded queries ---------------------------------------------------------------------------


def queries_for(client, url: str) -> list[str]:
    client.get(url)  # warm per-process caches before measuring
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("url", [PAGE + ON, VARIATION + ON])
def test_the_pages_run_the_same_queries_whatever_the_size(client, officer, council, url):
    balance_review_record(reviewed_on=date(2026, 1, 1), reason="other", by=officer)
    balance_variation_record(
        committees=[council.committees[0]],
        resolved_on=date(2026, 5, 1),
        description="Agreed.",
        allocation={council.committees[0]: {"non_aligned": 2, f"group:{council.groups[0].pk}": 5}},
        votes_against=0,
        by=officer,
    )
    client.force_login(officer)
    small = queries_for(client, url)
    council.grow(councillors=60, committees=9)
    for councillor in council.councillors[20:40]:
        GroupMembership.objects.filter(councillor=councillor).update(end_date=date(2026, 3, 1))
    large = queries_for(client, url)
    assert len(large) == len(small), [sql for sql in large if sql not in small][:3]
    assert len(client.get(url).context["position"].committees) == 9


# --- In a real browser -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_demo_councils_balance_pages_pass_axe(live_page, password):
    """The demo council on 19 May 2026 (breaches, a review due) and the variation form with an
    error: no WCAG 2.2 AA violations."""
    from democracy.roles import Role
    from democracy.tests.factories import UserFactory
    from democracy.tests.factories_demo import demo_council

    demo_council()
    user = UserFactory(username="balance-officer", roles=[Role.DEMOCRATIC_SERVICES_OFFICER])
    sign_in_with_browser(live_page, user.username, password)
    live_page.goto(f"{live_page.base}{PAGE}{ON}")
    assert live_page.locator("h1").inner_text() == "Political balance"
    assert "A review is due" in live_page.locator("#review-due").inner_text()
    assert axe_violations(live_page) == []

    live_page.goto(f"{live_page.base}{VARIATION}{ON}")
    live_page.get_by_label("How many members voted against?").fill("2")
    live_page.get_by_role("button", name="Record the variation").click()
    live_page.wait_for_load_state()
    assert "There is a problem" in live_page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(live_page) == []
