"""One rule says who is a public member (``members.public``), and every public route follows it.

Issue 10, defect 2: a person recorded but never in office (no term of office, no co-option) was
"not found" at ``/councillors/<slug>/`` but 200, with their name, at ``/members/<slug>/interests/``
and ``/members/<slug>/gifts/``, because the members pages read ``Councillor.all_objects.all()``.

Each person here is built through the services, as an officer would record them: a serving
councillor (the control: everything of theirs is public) and, with a published register of
interests, a published gift and a dispensation each, an elected member never given a term and a
co-opted member never given a co-option. Neither of the last two may appear on any public page,
export, API response, sitemap or Modern.Gov address, by slug, by id or by name.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from elections.services import ward_create
from members.services import councillors as councillor_services
from members.services import interests as interest_services
from members.tests.factories_interests import ORDINARY, publish_register

pytestmark = pytest.mark.django_db

NEVER_NAME = "Nevermore"  # the surname of both people never in office
START = date(2023, 5, 8)


def _published_records(person) -> None:
    """A published register, a published gift and a dispensation: all a member can have."""
    publish_register(person, [ORDINARY])
    gift = interest_services.gift_register(
        councillor=person,
        kind="gift",
        donor=f"{person.last_name} Donor Ltd",
        description="A bound atlas",
        estimated_value=Decimal("80"),
        received_on=date(2026, 5, 1),
        accepted=True,
        registered_on=date(2026, 5, 2),
        by=None,
    )
    interest_services.gift_publish(gift=gift, by=None)
    interest_services.dispensation_grant(
        councillor=person,
        granted_by="Standards Committee",
        granted_on=date(2026, 5, 19),
        expires_on=date(2027, 5, 18),
        ground="c",
        scope=f"Budget setting ({person.last_name})",
        reasons="Council tax setting affects every member.",
        by=None,
    )


@pytest.fixture
def people():
    ward = ward_create(name="Ashdown", seats=3, created_on=date(2019, 5, 2), by=None)
    serving = councillor_services.councillor_create(
        first_name="Alice", last_name="Serving", by=None
    )
    councillor_services.term_start(
        councillor=serving, ward=ward, start_date=START, start_reason="ordinary", by=None
    )
    never_elected = councillor_services.councillor_create(
        first_name="Nora", last_name=NEVER_NAME, by=None
    )
    never_co_opted = councillor_services.councillor_create(
        kind="coopted", title="Mr", first_name="Colin", last_name=NEVER_NAME, by=None
    )
    for person in (serving, never_elected, never_co_opted):
        _published_records(person)
    return serving, [never_elected, never_co_opted]


def _personal_urls(person) -> list[str]:
    """Every public address that names one person, by slug or by id."""
    return [
        f"/councillors/{person.slug}/",
        reverse("members:interests", args=[person.slug]),
        reverse("members:interests-version", args=[person.slug, 1]),
        reverse("members:interests-json", args=[person.slug]),
        reverse("members:gifts-for", args=[person.slug]),
        f"/mgUserInfo.aspx?UID={person.pk}",
        f"/mgRofI.aspx?UID={person.pk}",
        f"/api/v1/popolo/persons/{person.pk}",
        f"/api/v1/popolo/persons/{person.pk}/interests",
    ]


LISTS = [
    "/",
    "/councillors/",
    "/councillors/?by=ward",
    "/councillors/?by=group",
    "/councillors/?status=former",
    "/members/interests/",
    "/members/interests.csv",
    "/members/gifts/",
    "/members/gifts.csv",
    "/members/dispensations/",
    "/members/outside-bodies/",
    "/api/v1/popolo/persons?page_size=500",
    "/api/v1/popolo/memberships?page_size=500",
    "/sitemap.xml",
    "/mgWebService.asmx/GetCouncillorsByWard",
]


def test_a_person_never_in_office_is_not_found_at_any_address_that_names_them(client, people):
    serving, never = people
    for url in _personal_urls(serving):  # the control: the same addresses answer for a member
        assert client.get(url).status_code in (200, 301), url
    for person in never:
        for url in _personal_urls(person):
            assert client.get(url).status_code == 404, url


def test_a_person_never_in_office_appears_in_no_public_list_or_export(client, people):
    _serving, never = people
    for url in LISTS:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        text = body.decode()
        assert NEVER_NAME not in text, url
        for person in never:
            assert person.slug not in text, url
            assert f'person/{person.pk}"' not in text, url
    # The control: the serving councillor's gift and dispensation are published.
    for url in ["/members/gifts/", "/members/gifts.csv", "/members/dispensations/"]:
        assert "Serving" in client.get(url).content.decode(), url
    csv = client.get("/members/interests.csv").content.decode()
    assert "Alice Serving" in csv
