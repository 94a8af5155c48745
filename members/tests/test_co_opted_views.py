"""Officer pages for co-opted members (Localism Act 2011 s27(4)): the permission matrix, adding
a co-opted member with their first co-option in one step (nothing half-saved on an error),
recording and ending co-options (ending one ends the person's committee seats), the councillor
list leaving them out, and a fixed number of queries on the list."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from democracy.models import AuditEvent
from democracy.tests.factories import (
    PERSONAS,
    CommitteeFactory,
    CoOptionFactory,
    PoliticalGroupFactory,
    TermFactory,
)
from meetings.models import CommitteeMembership
from meetings.services import membership_appoint
from members.models import CoOption, Councillor, GroupMembership, PrivateContact
from members.services import group_join

OFFICERS = {"officer", "manager"}
CO_OPTED_ON = date(2025, 6, 2)  # Mon 2 June 2025, the fixture's co-option


@pytest.fixture
def helen(db):
    """Mrs Helen Marsh, independent member of an audit committee, with a voting seat."""
    co_option = CoOptionFactory(
        councillor__title="Mrs",
        councillor__first_name="Helen",
        councillor__last_name="Marsh",
        start_date=CO_OPTED_ON,
    )
    person = co_option.councillor
    PrivateContact.private_objects.create(councillor=person, home_address="3 Orchard Lane")
    audit = CommitteeFactory(name="Audit and Governance Committee")
    membership_appoint(
        committee=audit,
        councillor=person,
        role=CommitteeMembership.Role.COOPTED_VOTING,
        start_date=CO_OPTED_ON,
        by=None,
    )
    return person


def officer_urls(person: Councillor) -> list[str]:
    co_option = person.co_options.get()
    return [
        reverse("members:officer-co-opted-members"),
        reverse("members:officer-co-opted-create"),
        reverse("members:officer-co-opted-member", args=[person.pk]),
        reverse("members:officer-co-option-add", args=[person.pk]),
        reverse("members:officer-co-option-end", args=[co_option.pk]),
    ]


@pytest.mark.parametrize("persona", [*PERSONAS, "co_opted_member"])
def test_only_democratic_services_see_the_co_opted_pages(client, request, helen, persona):
    client.force_login(request.getfixturevalue(persona))
    expected = 200 if persona in OFFICERS else 403
    for url in officer_urls(helen):
        assert client.get(url).status_code == expected, url


def test_anonymous_visitors_are_sent_to_sign_in(client, helen):
    for url in officer_urls(helen):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_a_councillor_is_not_a_co_opted_member_404(client, officer):
    cllr = TermFactory().councillor
    client.force_login(officer)
    for name in ("members:officer-co-opted-member", "members:officer-co-option-add"):
        assert client.get(reverse(name, args=[cllr.pk])).status_code == 404
    assert client.get(reverse("members:officer-co-option-end", args=[999999])).status_code == 404


def test_the_list_shows_appointment_since_vote_and_committees(client, officer, helen):
    former = CoOptionFactory(
        councillor__first_name="Olive",
        councillor__last_name="Former",
        start_date=date(2020, 6, 1),
        end_date=date(2024, 6, 1),
        end_reason=CoOption.EndReason.TERM_ENDED,
        voting=False,
    ).councillor
    client.force_login(officer)
    page = client.get(reverse("members:officer-co-opted-members")).content.decode()
    in_office, past = page.split("Former and future co-opted members")
    assert "Mrs Helen Marsh" in in_office
    assert "Independent member of the Audit and Governance Committee" in in_office
    assert "2 June 2025" in in_office and "Voting" in in_office
    row = in_office.split("Mrs Helen Marsh")[1].split("</tr>")[0]
    assert row.count("Audit and Governance Committee") == 2  # the appointment and the seat
    assert former.formal_name in past and "1 June 2024" in past and "Non-voting" in past
    assert former.formal_name not in in_office


def test_co_opted_since_follows_a_renewal_back_to_the_first_day(client, officer, db):
    person = CoOptionFactory(
        start_date=date(2021, 6, 1),
        end_date=date(2025, 6, 1),
        end_reason=CoOption.EndReason.TERM_ENDED,
    ).councillor
    CoOptionFactory(councillor=person, start_date=date(2025, 6, 1), appointment="Renewed")
    client.force_login(officer)
    page = client.get(reverse("members:officer-co-opted-members")).content.decode()
    row = page.split(person.formal_name)[1].split("</tr>")[0]
    assert "Renewed" in row and "1 June 2021" in row


def test_the_councillor_list_leaves_co_opted_members_out_and_links_to_them(client, officer, helen):
    cllr = TermFactory().councillor
    client.force_login(officer)
    page = client.get(reverse("members:officer-councillors")).content.decode()
    assert cllr.full_name in page
    assert "Helen Marsh" not in page
    assert reverse("members:officer-co-opted-members") in page


def test_the_councillor_page_of_a_co_opted_member_leads_to_their_own_page(client, officer, helen):
    client.force_login(officer)
    response = client.get(reverse("members:officer-councillor", args=[helen.pk]))
    assert response.status_code == 302
    assert response.url == reverse("members:officer-co-opted-member", args=[helen.pk])
    group = client.get(reverse("members:officer-group-change", args=[helen.pk]))
    assert group.status_code == 404


def test_a_co_opted_member_joins_no_political_group(helen):
    with pytest.raises(ValidationError) as caught:
        group_join(councillor=helen, group=PoliticalGroupFactory(), start_date=CO_OPTED_ON, by=None)
    assert list(caught.value.message_dict) == ["councillor"]
    assert not GroupMembership.objects.filter(councillor=helen).exists()


def test_the_record_page_shows_co_options_seats_private_details_and_links(client, officer, helen):
    client.force_login(officer)
    page = client.get(reverse("members:officer-co-opted-member", args=[helen.pk])).content.decode()
    assert "Mrs Helen Marsh" in page and "Councillor Helen Marsh" not in page
    assert "co-opted since 2 June 2025" in page
    assert "Audit and Governance Committee" in page and "Co-opted member (voting)" in page
    assert "3 Orchard Lane" in page
    assert reverse("members:officer-private", args=[helen.pk]) in page
    assert reverse("members:officer-allowances") in page
    assert reverse("members:officer-co-option-end", args=[helen.co_options.get().pk]) in page
    # An open co-option: a new one is recorded after ending it.
    assert reverse("members:officer-co-option-add", args=[helen.pk]) not in page


def test_editing_a_co_opted_member_returns_to_their_page(client, officer, helen):
    client.force_login(officer)
    response = client.post(
        reverse("members:officer-private", args=[helen.pk]), {"home_address": "9 New Road"}
    )
    assert response.url == reverse("members:officer-co-opted-member", args=[helen.pk])


def add_form(**overrides) -> dict:
    data = {
        "title": "Mr",
        "first_name": "David",
        "last_name": "Okoro",
        "council_email": "david.okoro@kingsmere.example.org",
        "council_phone": "",
        "home_address": "4 Orchard Lane",
        "personal_email": "david@example.com",
        "personal_phone": "",
        "appointment": "Parent governor representative on the Overview and Scrutiny Committee",
        "appointed_by": "Election of parent governors, 8 July 2026",
        "start_date_0": "1",
        "start_date_1": "9",
        "start_date_2": "2026",
        "voting": "yes",
        "allowance_payable": "no",
    }
    return {**data, **overrides}


def test_an_officer_adds_a_co_opted_member_with_their_first_co_option(client, officer):
    client.force_login(officer)
    response = client.post(reverse("members:officer-co-opted-create"), add_form())
    person = Councillor.all_objects.get(last_name="Okoro")
    assert response.url == reverse("members:officer-co-opted-member", args=[person.pk])
    assert person.is_co_opted and person.formal_name == "Mr David Okoro"
    co_option = person.co_options.get()
    assert co_option.start_date == date(2026, 9, 1)
    assert co_option.voting and not co_option.allowance_payable
    contact = PrivateContact.private_objects.get(councillor=person)
    assert contact.home_address == "4 Orchard Lane"
    assert AuditEvent.private_objects.filter(action="members.co_option.start").count() == 1
    assert AuditEvent.private_objects.filter(action="members.councillor.create").count() == 1


def test_a_bad_add_names_the_field_and_saves_nothing(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("members:officer-co-opted-create"),
        add_form(appointment="", voting="", personal_email="not-an-email"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter what they are co-opted as" in page
    assert "Select whether they have a vote" in page
    assert "Enter the personal email address in the right format" in page
    assert not Councillor.all_objects.filter(last_name="Okoro").exists()


def test_a_service_refusal_of_the_co_option_leaves_no_person_behind(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("members:officer-co-opted-create"), add_form(appointment="x" * 201)
    )
    assert response.status_code == 200
    assert not Councillor.all_objects.filter(last_name="Okoro").exists()
    assert not CoOption.objects.exists()


def test_ending_a_co_option_ends_the_committee_seats_and_says_so(client, officer, helen):
    co_option = helen.co_options.get()
    client.force_login(officer)
    response = client.post(
        reverse("members:officer-co-option-end", args=[co_option.pk]),
        {
            "end_date_0": "1",
            "end_date_1": "3",
            "end_date_2": "2026",
            "end_reason": CoOption.EndReason.RESIGNED,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "The co-option of Mrs Helen Marsh ends on 1 March 2026." in page
    assert "Their seat on Audit and Governance Committee ends the same day." in page
    co_option.refresh_from_db()
    assert co_option.end_date == date(2026, 3, 1) and co_option.end_reason == "resigned"
    seat = CommitteeMembership.objects.get(councillor=helen)
    assert seat.end_date == date(2026, 3, 1)


def test_ending_before_the_start_is_refused_on_the_date(client, officer, helen):
    co_option = helen.co_options.get()
    client.force_login(officer)
    response = client.post(
        reverse("members:officer-co-option-end", args=[co_option.pk]),
        {"end_date_0": "1", "end_date_1": "1", "end_date_2": "2025", "end_reason": "resigned"},
    )
    assert response.status_code == 200
    assert "The end date must be after the start date (2 June 2025)" in response.content.decode()
    co_option.refresh_from_db()
    assert co_option.end_date is None
    assert CommitteeMembership.objects.get(councillor=helen).end_date is None


def test_a_new_co_option_is_recorded_and_an_overlap_refused(client, officer, helen):
    co_option = helen.co_options.get()
    client.force_login(officer)
    url = reverse("members:officer-co-option-add", args=[helen.pk])
    form = {
        "appointment": "Independent person (standards)",
        "appointed_by": "Council, 2 April 2026",
        "start_date_0": "1",
        "start_date_1": "4",
        "start_date_2": "2026",
        "voting": "no",
        "allowance_payable": "yes",
    }
    overlapping = client.post(url, form)
    assert "already a co-opted member for part of that period" in overlapping.content.decode()
    assert helen.co_options.count() == 1
    co_option.end_date, co_option.end_reason = date(2026, 4, 1), "term_ended"
    co_option.save()
    response = client.post(url, form)
    assert response.status_code == 302
    new = helen.co_options.get(start_date=date(2026, 4, 1))
    assert not new.voting and new.appointment == "Independent person (standards)"


def grow(n: int) -> None:
    committee = CommitteeFactory()
    for _ in range(n):
        person = CoOptionFactory().councillor
        CommitteeMembership.objects.create(
            committee=committee,
            councillor=person,
            role=CommitteeMembership.Role.COOPTED_VOTING,
            start_date=CO_OPTED_ON,
        )
        CoOptionFactory(
            start_date=date(2020, 1, 1), end_date=date(2021, 1, 1), end_reason="resigned"
        )


def test_the_list_runs_a_fixed_number_of_queries(client, officer, django_assert_num_queries):
    grow(2)
    client.force_login(officer)
    url = reverse("members:officer-co-opted-members")
    with django_assert_num_queries(7):
        client.get(url)
    grow(6)
    with django_assert_num_queries(7):
        client.get(url)


def test_the_record_page_runs_a_fixed_number_of_queries(
    client, officer, helen, django_assert_num_queries
):
    client.force_login(officer)
    url = reverse("members:officer-co-opted-member", args=[helen.pk])
    with django_assert_num_queries(9):
        client.get(url)
    for _ in range(4):
        CommitteeMembership.objects.create(
            committee=CommitteeFactory(),
            councillor=helen,
            role=CommitteeMembership.Role.COOPTED_VOTING,
            start_date=CO_OPTED_ON,
        )
    with django_assert_num_queries(9):
        client.get(url)
