"""The officer pages for a committee's seats: who may use them, what the seats page shows
(current, future and past seats, political balance from the balance service), appointing to a
seat and ending one through the services, each refusal on its field with nothing saved, the
audit rows, a bounded number of queries, and the journey in a real browser with axe."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from democracy.models import AuditEvent
from democracy.tests.factories import (
    CommitteeFactory,
    CoOptionFactory,
    CouncillorFactory,
    PoliticalGroupFactory,
    TermFactory,
)
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from meetings.models import CommitteeMembership
from meetings.services.committees import committee_require_training
from members.models import GroupMembership
from members.services import training as training_services

TAKE_OFFICE = date(2023, 5, 8)
TODAY = timezone.localdate()
SINCE = TODAY - timedelta(days=30)
ALLOWED = ("officer", "manager")
REFUSED = ["councillor", "co_opted_member", "author"]


def elected(first: str, last: str, group=None, **term):
    person = CouncillorFactory(first_name=first, last_name=last)
    TermFactory(councillor=person, start_date=TAKE_OFFICE, **term)
    if group is not None:
        GroupMembership.objects.create(councillor=person, group=group, start_date=TAKE_OFFICE)
    return person


def co_opted(title: str, first: str, last: str, **co_option):
    person = CouncillorFactory(kind="coopted", title=title, first_name=first, last_name=last)
    CoOptionFactory(councillor=person, **co_option)
    return person


class Council:
    """Red Group 4, Blue Group 2; the Licensing Committee (3 seats, political balance applies,
    so Red 2 and Blue 1) with a chair from Red, a member from Blue, a name-only co-opted adviser,
    a Blue substitute from next month and a Red member who left in 2025."""

    def __init__(self):
        self.red = PoliticalGroupFactory(name="Red Group")
        self.blue = PoliticalGroupFactory(name="Blue Group")
        self.ann = elected("Ann", "Able", self.red)
        self.rob = elected("Rob", "Baker", self.red)
        self.cat = elected("Cat", "Cole", self.red)
        self.dan = elected("Dan", "Dale", self.red)
        self.eve = elected("Eve", "Earl", self.blue)
        self.fay = elected("Fay", "Ford", self.blue)
        self.helen = co_opted("Mrs", "Helen", "Marsh", voting=True)
        self.ruth = co_opted("Ms", "Ruth", "Ellison", voting=False)
        self.committee = CommitteeFactory(name="Licensing Committee", size=3, quorum=2)
        seat = CommitteeMembership.objects.create
        self.chair = seat(
            committee=self.committee, councillor=self.ann, role="chair", start_date=SINCE
        )
        self.member = seat(
            committee=self.committee, councillor=self.eve, role="member", start_date=SINCE
        )
        self.adviser = seat(
            committee=self.committee,
            coopted_name="Mr Name Only",
            role="coopted_non_voting",
            start_date=SINCE,
        )
        self.future = seat(
            committee=self.committee,
            councillor=self.fay,
            role="substitute",
            start_date=TODAY + timedelta(days=30),
        )
        self.past = seat(
            committee=self.committee,
            councillor=self.dan,
            role="member",
            start_date=date(2024, 5, 20),
            end_date=date(2025, 5, 19),
        )

    @property
    def page(self) -> str:
        return reverse("meetings:committee-seats", args=[self.committee.pk])

    @property
    def appoint(self) -> str:
        return reverse("meetings:committee-seat-appoint", args=[self.committee.pk])

    def end(self, seat) -> str:
        return reverse("meetings:committee-seat-end", args=[seat.pk])


@pytest.fixture
def fast_password_hashing(settings):
    """The browser signs in with a password; hashing it the production way costs a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def council(db):
    return Council()


def appoint_data(person, role: str, start: date = TODAY) -> dict:
    return {
        "councillor": str(person.pk),
        "role": role,
        "start_date_0": str(start.day),
        "start_date_1": str(start.month),
        "start_date_2": str(start.year),
    }


def end_data(end: date) -> dict:
    return {"end_date_0": str(end.day), "end_date_1": str(end.month), "end_date_2": str(end.year)}


def audit_rows(action: str) -> int:
    return AuditEvent.private_objects.filter(action=action).count()


# --- Who may use the pages ---------------------------------------------------------------------


def _urls(council) -> list[str]:
    return [council.page, council.appoint, council.end(council.member)]


@pytest.mark.parametrize("persona", [*ALLOWED, *REFUSED])
@pytest.mark.parametrize("which", [0, 1, 2])
def test_only_democratic_services_may_see_the_pages(client, request, council, persona, which):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_urls(council)[which])
    assert response.status_code == (200 if persona in ALLOWED else 403)


@pytest.mark.parametrize("which", [0, 1, 2])
def test_anonymous_visitors_are_sent_to_sign_in(client, council, which):
    response = client.get(_urls(council)[which])
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", REFUSED)
def test_others_cannot_appoint_or_end_a_seat(client, request, council, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(council.appoint, appoint_data(council.rob, "member"))
    assert response.status_code == 403
    response = client.post(council.end(council.member), end_data(TODAY + timedelta(days=1)))
    assert response.status_code == 403
    assert not CommitteeMembership.objects.filter(councillor=council.rob).exists()
    council.member.refresh_from_db()
    assert council.member.end_date is None


def test_anonymous_posts_are_sent_to_sign_in_and_change_nothing(client, council):
    response = client.post(council.appoint, appoint_data(council.rob, "member"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not CommitteeMembership.objects.filter(councillor=council.rob).exists()


def test_an_unknown_committee_or_a_past_seat_is_not_found(client, officer, council):
    client.force_login(officer)
    assert client.get(reverse("meetings:committee-seats", args=[999999])).status_code == 404
    assert client.get(reverse("meetings:committee-seat-appoint", args=[999999])).status_code == 404
    assert client.get(council.end(council.past)).status_code == 404


def test_the_officer_home_and_balance_pages_link_to_the_seats(client, officer, council):
    client.force_login(officer)
    link = f'href="{council.page}"'
    assert link in client.get(reverse("meetings:officer-home")).content.decode()
    assert link in client.get(reverse("meetings:balance")).content.decode()


# --- What the seats page shows -----------------------------------------------------------------


def test_the_page_lists_current_future_and_past_seats(client, officer, council):
    client.force_login(officer)
    response = client.get(council.page)
    html = response.content.decode()
    current = [s.name for s in response.context["current"]]
    assert current == ["Councillor Ann Able", "Councillor Eve Earl", "Mr Name Only"]
    assert [s.affiliation for s in response.context["current"]] == [
        "Red Group",
        "Blue Group",
        "Co-opted member",
    ]
    assert [s.name for s in response.context["future"]] == ["Councillor Fay Ford"]
    assert [s.name for s in response.context["past"]] == ["Councillor Dan Dale"]
    assert f"{SINCE:%-d %B %Y}" in html
    assert 'id="future-seats"' in html and "Future appointments" in html
    assert '<details class="govuk-details" id="past-seats">' in html
    assert "Past seats (1)" in html and "19 May 2025" in html
    assert "3 voting seats for councillors" in html
    assert '<dd class="govuk-summary-list__value" id="voting-filled">2 of 3</dd>' in html
    # Every open seat can be ended; the past one cannot.
    for seat in (council.chair, council.member, council.adviser, council.future):
        assert f'href="{council.end(seat)}"' in html
    assert f'href="{council.end(council.past)}"' not in html
    assert f'href="{council.appoint}"' in html


def test_the_page_shows_each_groups_entitlement_and_warns_when_out_of_balance(
    client, officer, council
):
    client.force_login(officer)
    response = client.get(council.page)
    html = response.content.decode()
    rows = {r.participant.name: (r.entitled, r.appointed) for r in response.context["balance"].rows}
    assert rows == {"Red Group": (2, 1), "Blue Group": (1, 1)}
    assert 'id="out-of-balance"' in html
    assert "Licensing Committee is out of political balance" in html
    assert "Red Group hold 1 seat fewer than entitled" in html
    # Once Red have their second seat the warning goes.
    CommitteeMembership.objects.create(
        committee=council.committee, councillor=council.rob, role="member", start_date=SINCE
    )
    html = client.get(council.page).content.decode()
    assert 'id="out-of-balance"' not in html
    assert "As entitled" in html


def test_a_committee_without_political_balance_shows_no_balance(client, officer, council):
    council.committee.political_balance_applies = False
    council.committee.save()
    client.force_login(officer)
    response = client.get(council.page)
    assert response.context["balance"] is None
    assert 'id="political-balance"' not in response.content.decode()


def test_the_member_choice_is_grouped_and_offers_only_people_in_office(client, officer, council):
    gone = elected("Gil", "Gone", end_date=TODAY - timedelta(days=1), end_reason="resigned")
    lapsed = co_opted(
        "Mr", "Len", "Lapsed", end_date=TODAY - timedelta(days=1), end_reason="resigned"
    )
    coming = co_opted("Mr", "David", "Okoro", start_date=TODAY + timedelta(days=10))
    client.force_login(officer)
    html = client.get(council.appoint).content.decode()
    councillors = html.index('<optgroup label="Councillors">')
    co_opted_members = html.index('<optgroup label="Co-opted members">')
    assert councillors < html.index("Councillor Ann Able") < co_opted_members
    assert co_opted_members < html.index("Mrs Helen Marsh")
    assert f"Mr David Okoro (from {TODAY + timedelta(days=10):%-d %B %Y})" in html
    assert gone.full_name not in html and lapsed.full_name not in html
    assert coming.full_name in html


# --- Appointing --------------------------------------------------------------------------------


def test_an_officer_appoints_a_councillor_with_an_audit_row(client, officer, council):
    client.force_login(officer)
    response = client.post(council.appoint, appoint_data(council.rob, "member"), follow=True)
    assert response.redirect_chain[-1][0] == council.page
    seat = CommitteeMembership.objects.get(committee=council.committee, councillor=council.rob)
    assert (seat.role, seat.start_date, seat.end_date) == ("member", TODAY, None)
    event = AuditEvent.private_objects.for_object(seat).get()
    assert (event.action, event.actor) == ("meetings.membership.appoint", officer)
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    assert f"Councillor Rob Baker appointed as member from {TODAY:%-d %B %Y}" in html
    assert [s.name for s in response.context["current"]][1:3] == [
        "Councillor Rob Baker",
        "Councillor Eve Earl",
    ]


def test_a_co_opted_member_is_appointed_to_a_co_opted_seat(client, manager, council):
    client.force_login(manager)
    response = client.post(
        council.appoint, appoint_data(council.helen, "coopted_voting"), follow=True
    )
    assert "Mrs Helen Marsh appointed as co-opted member (voting)" in response.content.decode()
    seats = {s.name: s.affiliation for s in response.context["current"]}
    assert seats["Mrs Helen Marsh"] == "Co-opted member"
    assert audit_rows("meetings.membership.appoint") == 1


def test_the_missing_training_warning_is_shown_with_the_confirmation(client, officer, council):
    module = training_services.module_create(name="Licensing training", by=officer)
    committee_require_training(committee=council.committee, modules=[module], by=officer)
    client.force_login(officer)
    response = client.post(council.appoint, appoint_data(council.rob, "member"), follow=True)
    html = response.content.decode()
    assert "Councillor Rob Baker appointed as member" in html
    assert (
        "Rob Baker has not attended the training Licensing Committee requires: "
        "Licensing training." in html
    )
    assert CommitteeMembership.objects.filter(councillor=council.rob).exists()


def assert_refused(response, field: str, message: str) -> None:
    """The refusal is on ``field``, in the error summary and beside the field, and the page
    title says there is an error."""
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    html = response.content.decode()
    assert "There is a problem" in html and "<title>Error: " in html
    assert f'href="#id_{field}"' in html
    assert f'id="id_{field}_1_error"' in html
    assert html.count(message.replace("'", "&#x27;")) == 2


REFUSALS = {
    "seat taken": (
        lambda c: appoint_data(c.eve, "member"),
        "councillor",
        "This councillor already sits on the committee for part of that period.",
    ),
    "chair exists": (
        lambda c: appoint_data(c.rob, "chair"),
        "role",
        "Licensing Committee already has a chair.",
    ),
    "co-opted member in a councillor's seat": (
        lambda c: appoint_data(c.helen, "member"),
        "role",
        "Mrs Helen Marsh is a co-opted member: choose a co-opted member's seat.",
    ),
    "non-voting co-optee in a voting seat": (
        lambda c: appoint_data(c.ruth, "coopted_voting"),
        "role",
        "Ms Ruth Ellison is co-opted without a vote: choose a non-voting seat.",
    ),
    "councillor in a co-opted seat": (
        lambda c: appoint_data(c.rob, "coopted_voting"),
        "role",
        "Councillor Rob Baker is a councillor: a co-opted seat is for someone who is not.",
    ),
    "not yet co-opted": (
        lambda c: appoint_data(c.helen, "coopted_voting", date(2025, 6, 1)),
        "councillor",
        "Mrs Helen Marsh is not a co-opted member on 1 June 2025.",
    ),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_refused_appointment_names_the_field_and_saves_nothing(client, officer, council, case):
    data, field, message = REFUSALS[case]
    before = CommitteeMembership.objects.count()
    client.force_login(officer)
    response = client.post(council.appoint, data(council))
    assert_refused(response, field, message)
    assert CommitteeMembership.objects.count() == before
    assert audit_rows("meetings.membership.appoint") == 0


def test_a_full_committee_refuses_another_voting_seat(client, officer, council):
    CommitteeMembership.objects.create(
        committee=council.committee, councillor=council.rob, role="member", start_date=SINCE
    )
    client.force_login(officer)
    response = client.post(council.appoint, appoint_data(council.cat, "member"))
    assert_refused(response, "role", "All 3 seats on Licensing Committee are filled.")
    assert not CommitteeMembership.objects.filter(councillor=council.cat).exists()
    # A substitute is not a voting seat: still possible.
    response = client.post(council.appoint, appoint_data(council.cat, "substitute"))
    assert response.status_code == 302


def test_a_councillor_not_in_office_on_the_start_date_is_refused(client, officer, council):
    leaving = elected("Lee", "Leaving", end_date=TODAY + timedelta(days=10), end_reason="resigned")
    client.force_login(officer)
    start = TODAY + timedelta(days=20)
    response = client.post(council.appoint, appoint_data(leaving, "member", start))
    assert_refused(
        response,
        "councillor",
        f"Councillor Lee Leaving does not hold office on {start:%-d %B %Y}.",
    )
    assert not CommitteeMembership.objects.filter(councillor=leaving).exists()


def test_an_empty_appointment_form_names_each_field(client, officer, council):
    client.force_login(officer)
    response = client.post(council.appoint, {})
    assert response.context["form"].errors == {
        "councillor": ["Choose the member to appoint"],
        "role": ["Choose the seat"],
        "start_date": ["Enter the first day in the seat"],
    }
    assert audit_rows("meetings.membership.appoint") == 0


# --- Ending a seat -----------------------------------------------------------------------------


def test_an_officer_ends_a_seat_with_an_audit_row(client, officer, council):
    client.force_login(officer)
    end = TODAY + timedelta(days=1)
    response = client.post(council.end(council.member), end_data(end), follow=True)
    assert response.redirect_chain[-1][0] == council.page
    council.member.refresh_from_db()
    assert council.member.end_date == end
    event = AuditEvent.private_objects.for_object(council.member).get()
    assert (event.action, event.actor) == ("meetings.membership.end", officer)
    assert f"Councillor Eve Earl's seat as member ends on {end:%-d %B %Y}" in (
        response.content.decode().replace("&#x27;", "'")
    )


def test_a_name_only_co_opted_seat_can_be_ended_today(client, officer, council):
    client.force_login(officer)
    response = client.post(council.end(council.adviser), end_data(TODAY), follow=True)
    council.adviser.refresh_from_db()
    assert council.adviser.end_date == TODAY
    assert "Mr Name Only" in [s.name for s in response.context["past"]]


def test_ending_a_seat_before_it_began_is_refused_on_the_end_date(client, officer, council):
    client.force_login(officer)
    response = client.post(council.end(council.member), end_data(SINCE))
    assert response.status_code == 200
    message = f"The seat began on {SINCE:%-d %B %Y}: end it after that."
    assert response.context["form"].errors == {"end_date": [message]}
    html = response.content.decode()
    assert "There is a problem" in html and html.count(message) == 2
    council.member.refresh_from_db()
    assert council.member.end_date is None
    assert audit_rows("meetings.membership.end") == 0


def test_an_end_seat_form_without_a_date_names_the_field(client, officer, council):
    client.force_login(officer)
    response = client.post(council.end(council.member), {})
    assert response.context["form"].errors == {"end_date": ["Enter the end date"]}


# --- Bounded queries ---------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_seats_page_runs_a_fixed_number_of_queries(client, officer, council):
    client.force_login(officer)
    client.get(council.page)  # warm the session and roles
    small = _queries(client, council.page)
    small_form = _queries(client, council.appoint)
    committee = council.committee
    for index in range(12):
        person = elected("Past", f"Member{index}", council.red if index % 2 else council.blue)
        CommitteeMembership.objects.create(
            committee=committee,
            councillor=person,
            role="member",
            start_date=date(2023, 5, 20),
            end_date=date(2024, 5, 20),
        )
        CommitteeMembership.objects.create(
            committee=committee,
            councillor=person,
            role="substitute",
            start_date=SINCE,
        )
        adviser = co_opted("Ms", "Adviser", f"Number{index}", voting=bool(index % 2))
        CommitteeMembership.objects.create(
            committee=committee, councillor=adviser, role="coopted_non_voting", start_date=SINCE
        )
    response = client.get(council.page)
    assert len(response.context["past"]) == 13 and len(response.context["current"]) == 27
    assert _queries(client, council.page) == small
    assert _queries(client, council.appoint) == small_form


# --- In a real browser -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_appoints_and_ends_a_seat_in_the_browser(
    fast_password_hashing, live_page, officer, password
):
    council = Council()
    page = live_page
    violations: dict[str, list] = {}

    def check(name: str) -> None:
        violations[name] = axe_violations(page)

    sign_in_with_browser(page, officer.username, password)
    page.goto(f"{page.base}/officers/")
    page.get_by_role("link", name="Licensing Committee").click()
    assert "out of political balance" in page.locator("#out-of-balance").inner_text()
    check("seats")
    page.get_by_role("link", name="Appoint to a seat").click()
    page.get_by_role("button", name="Appoint to the seat").click()
    page.locator(".govuk-error-summary").wait_for()
    expect(page).to_have_title(re.compile(r"^Error:"))
    check("appoint with errors")
    page.get_by_label("Member").select_option(label="Councillor Rob Baker")
    page.get_by_label("Seat").select_option(label="Member")
    page.get_by_label("Day").fill(str(TODAY.day))
    page.get_by_label("Month").fill(str(TODAY.month))
    page.get_by_label("Year").fill(str(TODAY.year))
    page.get_by_role("button", name="Appoint to the seat").click()
    assert "Councillor Rob Baker appointed as member" in (
        page.locator(".govuk-notification-banner").inner_text()
    )
    assert page.locator("#out-of-balance").count() == 0
    check("seats after appointing")
    page.locator(f"#seat-{council.member.pk}").get_by_role("link", name="End seat").click()
    check("end a seat")
    end = TODAY + timedelta(days=1)
    page.get_by_label("Day").fill(str(end.day))
    page.get_by_label("Month").fill(str(end.month))
    page.get_by_label("Year").fill(str(end.year))
    page.get_by_role("button", name="End the seat").click()
    assert "seat as member ends on" in page.locator(".govuk-notification-banner").inner_text()
    page.locator("#past-seats summary").click()
    check("seats after ending one")
    council.member.refresh_from_db()
    assert council.member.end_date == end
    assert CommitteeMembership.objects.filter(councillor=council.rob).exists()
    assert {name: found for name, found in violations.items() if found} == {}
    assert len(violations) == 5
