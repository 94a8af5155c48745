"""Pages of the register of interests, dispensations and gifts: who may open them, that a
councillor reaches only their own declarations, that a sensitive interest's details reach no
public route, and that lists run a fixed number of queries whatever the data size."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from democracy.tests.factories import CoOptionFactory, CouncillorFactory, TermFactory
from members.models import Interest, InterestDeclaration
from members.rules.interests import WITHHELD
from members.services import interests as services
from members.tests.factories_interests import (
    LAND,
    ORDINARY,
    SECRET,
    SECRET_ORG,
    SENSITIVE,
    councillor_of,
    publish_register,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    "officer",
    "manager",
    "author",
    "councillor",
    "other_councillor",
    "co_opted_member",
    "clerk",
]
OFFICERS_ONLY = {"officer": 200, "manager": 200}
# The member portal: councillors and co-opted members (democracy.roles.MEMBER_ROLES).
COUNCILLORS_ONLY = {"councillor": 200, "other_councillor": 200, "co_opted_member": 200}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def check_access(client, request, url: str, allowed: dict[str, int]) -> None:
    """Anonymous visitors are sent to sign in; each persona gets ``allowed`` or a 403."""
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        got = client.get(url).status_code
        assert got == allowed.get(persona, 403), (url, persona, got)
    client.logout()


@pytest.fixture
def published(councillor, officer):
    """The ``councillor`` persona's register: version 1 with an ordinary and a sensitive
    interest, version 2 adding a partner's land."""
    member = councillor_of(councillor)
    first = publish_register(member, [ORDINARY, SENSITIVE], by=officer)
    second = publish_register(member, [LAND], by=officer)
    return member, first, second


def submitted(user):
    member = councillor_of(user)
    declaration = services.declaration_start(councillor=member, by=user)
    services.interest_add(declaration=declaration, **ORDINARY, by=user)
    services.declaration_submit(declaration=declaration, by=user)
    return declaration


# --- Who may open what --------------------------------------------------------------------------


def test_the_public_registers_need_no_sign_in(client, published):
    member, first, _ = published
    for url in [
        reverse("members:interests", args=[member.slug]),
        reverse("members:interests-version", args=[member.slug, first.version]),
        reverse("members:interests-json", args=[member.slug]),
        reverse("members:interests-csv"),
        reverse("members:gifts"),
        reverse("members:gifts-csv"),
        reverse("members:gifts-for", args=[member.slug]),
        reverse("members:dispensations"),
    ]:
        assert client.get(url).status_code == 200, url


def test_unknown_councillors_and_versions_are_404(client, published):
    member, _, _ = published
    assert client.get(reverse("members:interests", args=["nobody"])).status_code == 404
    assert (
        client.get(reverse("members:interests-version", args=[member.slug, 9])).status_code == 404
    )
    assert client.get(reverse("members:interests-json", args=["nobody"])).status_code == 404


def test_portal_pages_are_for_councillors(client, request):
    check_access(client, request, reverse("members:portal-interests"), COUNCILLORS_ONLY)
    check_access(client, request, reverse("members:portal-gifts"), COUNCILLORS_ONLY)
    check_access(client, request, reverse("members:portal-gift-new"), COUNCILLORS_ONLY)


def test_officer_pages_are_for_officers(client, request, councillor):
    declaration = submitted(councillor)
    line = declaration.interests.get()
    for url in [
        reverse("members:officer-interests"),
        reverse("members:officer-declaration", args=[declaration.pk]),
        reverse("members:officer-declaration-return", args=[declaration.pk]),
        reverse("members:officer-interest-sensitive", args=[declaration.pk, line.pk]),
        reverse("members:officer-dispensations"),
        reverse("members:officer-dispensation-new"),
        reverse("members:officer-gifts"),
    ]:
        check_access(client, request, url, OFFICERS_ONLY)


def check_post(client, request, url: str, allowed: dict[str, int]) -> None:
    """As ``check_access`` for a POST-only action (a GET is refused with 405)."""
    client.logout()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    for persona in PERSONAS:
        if persona in allowed:
            continue
        client.force_login(request.getfixturevalue(persona))
        got = client.post(url).status_code
        assert got == 403, (url, persona, got)
    client.force_login(request.getfixturevalue(next(iter(allowed))))
    assert client.get(url).status_code == 405
    client.logout()


def test_post_only_actions_refuse_everyone_else(client, request, councillor, officer):
    declaration = submitted(councillor)
    line = declaration.interests.get()
    gift = services.gift_register(
        councillor=councillor_of(councillor),
        kind="gift",
        donor="Donor",
        description="Book",
        estimated_value=Decimal("55"),
        received_on=date(2026, 5, 1),
        accepted=True,
        registered_on=date(2026, 5, 2),
        by=None,
    )
    for url in [
        reverse("members:officer-declaration-publish", args=[declaration.pk]),
        reverse("members:officer-gift-publish", args=[gift.pk]),
    ]:
        check_post(client, request, url, OFFICERS_ONLY)
    for url in [
        reverse("members:portal-interests-start"),
        reverse("members:portal-declaration-submit", args=[declaration.pk]),
        reverse("members:portal-interest-remove", args=[declaration.pk, line.pk]),
    ]:
        check_post(client, request, url, COUNCILLORS_ONLY)
    declaration.refresh_from_db()
    assert declaration.status == "submitted" and declaration.interests.count() == 1
    client.force_login(officer)
    assert client.post(reverse("members:officer-gift-publish", args=[99999])).status_code == 404


def test_the_search_text_is_built_from_the_public_rows(published):
    from members.views.interests_public import search_text

    member, _, _ = published
    text = search_text(member)
    assert "Kingsmere Housing Association" in text and WITHHELD in text
    assert SECRET not in text and SECRET_ORG not in text


def test_a_councillor_reaches_only_their_own_declaration(client, councillor, other_councillor):
    declaration = services.declaration_start(councillor=councillor_of(councillor), by=None)
    line = services.interest_add(declaration=declaration, **ORDINARY, by=None)
    client.force_login(other_councillor)
    for name, args in [
        ("members:portal-declaration", [declaration.pk]),
        ("members:portal-interest-add", [declaration.pk]),
        ("members:portal-interest-edit", [declaration.pk, line.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name, args in [
        ("members:portal-interest-remove", [declaration.pk, line.pk]),
        ("members:portal-declaration-submit", [declaration.pk]),
    ]:
        assert client.post(reverse(name, args=args)).status_code == 404, name
    assert Interest.private_objects.filter(pk=line.pk).exists()
    client.force_login(councillor)
    assert (
        client.get(reverse("members:portal-declaration", args=[declaration.pk])).status_code == 200
    )


def test_a_submitted_declaration_is_seen_but_not_changed(client, councillor):
    declaration = submitted(councillor)
    line = declaration.interests.get()
    client.force_login(councillor)
    assert (
        client.get(reverse("members:portal-declaration", args=[declaration.pk])).status_code == 200
    )
    assert (
        client.get(reverse("members:portal-interest-add", args=[declaration.pk])).status_code == 403
    )
    assert (
        client.post(
            reverse("members:portal-interest-remove", args=[declaration.pk, line.pk])
        ).status_code
        == 403
    )


def test_officers_cannot_use_the_portal_to_edit(client, officer, councillor):
    declaration = services.declaration_start(councillor=councillor_of(councillor), by=None)
    client.force_login(officer)
    assert (
        client.get(reverse("members:portal-declaration", args=[declaration.pk])).status_code == 403
    )


# --- The councillor's journey through the portal -----------------------------------------------


def test_a_councillor_adds_lines_and_submits(client, councillor):
    client.force_login(councillor)
    response = client.post(reverse("members:portal-interests-start"))
    declaration = InterestDeclaration.all_objects.get()
    assert response["Location"] == reverse("members:portal-declaration", args=[declaration.pk])
    add = reverse("members:portal-interest-add", args=[declaration.pk])
    response = client.post(add, {"category": "unpaid_directorship", "whose": "partner"})
    body = response.content.decode()
    assert "Describe the interest" in body
    assert "Only disclosable pecuniary interests are registered for a spouse" in body
    assert not Interest.private_objects.exists()
    response = client.post(add, {"whose": "self", "description": "Director", **ORDINARY})
    assert response.status_code == 302
    client.post(reverse("members:portal-declaration-submit", args=[declaration.pk]))
    declaration.refresh_from_db()
    assert declaration.status == "submitted"
    page = client.get(reverse("members:portal-interests")).content.decode()
    assert "waiting for review" in page


def test_the_portal_shows_the_s30_deadline_and_returned_reasons(client, councillor, officer):
    member = councillor_of(councillor)
    term = member.terms.get()
    term.start_date = timezone.localdate() - timedelta(days=3)
    term.save()
    client.force_login(councillor)
    due = term.start_date + timedelta(days=27)
    page = client.get(reverse("members:portal-interests")).content.decode()
    assert f"by {due:%-d %B %Y}" in page
    declaration = submitted(councillor)
    services.declaration_return(declaration=declaration, reason="Name the employer.", by=officer)
    page = client.get(reverse("members:portal-interests")).content.decode()
    assert "Name the employer." in page


# --- Officers review and publish ----------------------------------------------------------------


def test_an_officer_records_the_agreement_and_publishes(client, officer, councillor):
    member = councillor_of(councillor)
    declaration = services.declaration_start(councillor=member, by=None)
    line = services.interest_add(declaration=declaration, **SENSITIVE, by=None)
    services.declaration_submit(declaration=declaration, by=None)
    client.force_login(officer)
    page = client.get(reverse("members:officer-declaration", args=[declaration.pk])).content
    assert SECRET.encode() in page  # officers see the details they are asked to withhold
    response = client.post(
        reverse("members:officer-declaration-publish", args=[declaration.pk]), follow=True
    )
    assert b"is marked sensitive" in response.content
    url = reverse("members:officer-interest-sensitive", args=[declaration.pk, line.pk])
    response = client.post(url, {"agreed_by": ""})
    assert b"Enter the monitoring officer&#x27;s name" in response.content
    client.post(
        url,
        {
            "agreed_by": "Alex Monitoring",
            "agreed_on_0": "20",
            "agreed_on_1": "5",
            "agreed_on_2": "2026",
        },
    )
    client.post(reverse("members:officer-declaration-publish", args=[declaration.pk]))
    declaration.refresh_from_db()
    assert declaration.version == 1


def test_an_officer_returns_with_a_reason(client, officer, councillor):
    declaration = submitted(councillor)
    client.force_login(officer)
    url = reverse("members:officer-declaration-return", args=[declaration.pk])
    assert b"Say why the declaration is being returned" in client.post(url, {"reason": ""}).content
    client.post(url, {"reason": "Give the employer's full name."})
    declaration.refresh_from_db()
    assert declaration.status == "returned"


def test_an_officer_records_a_dispensation_and_it_is_published(client, officer, councillor):
    member = councillor_of(councillor)
    client.force_login(officer)
    data = {
        "councillor": member.pk,
        "granted_by": "Standards Committee",
        "granted_on_0": "19",
        "granted_on_1": "5",
        "granted_on_2": "2026",
        "expires_on_0": "20",
        "expires_on_1": "5",
        "expires_on_2": "2030",
        "ground": "c",
        "scope": "Setting the council tax for 2027/28",
        "reasons": "Every member pays council tax.",
    }
    url = reverse("members:officer-dispensation-new")
    assert b"latest expiry is 19 May 2030" in client.post(url, data).content
    client.post(url, {**data, "expires_on_0": "19"})
    client.logout()
    assert (
        b"Setting the council tax for 2027/28"
        in client.get(reverse("members:dispensations")).content
    )


def test_a_councillor_registers_a_declined_gift_and_an_officer_publishes_it(
    client, councillor, officer
):
    client.force_login(councillor)
    received = timezone.localdate() - timedelta(days=2)
    data = {
        "kind": "gift",
        "donor": "Orchard Homes Ltd",
        "description": "Case of wine",
        "estimated_value": "120.00",
        "received_on_0": str(received.day),
        "received_on_1": str(received.month),
        "received_on_2": str(received.year),
        "accepted": "no",
        "reason": "",
    }
    url = reverse("members:portal-gift-new")
    assert b"Say why the offer was declined" in client.post(url, data).content
    assert (
        b"Estimated value must be an amount of money"
        in client.post(url, {**data, "estimated_value": "lots"}).content
    )
    client.post(url, {**data, "reason": "Orchard Homes has a bid before the council."})
    client.logout()
    assert b"Case of wine" not in client.get(reverse("members:gifts")).content
    client.force_login(officer)
    gift_id = councillor_of(councillor).gifts.get().pk
    client.post(reverse("members:officer-gift-publish", args=[gift_id]))
    client.logout()
    page = client.get(reverse("members:gifts")).content.decode()
    assert "Case of wine" in page and "£120.00" in page and "Declined" in page


# --- Sensitive interests reach no public route --------------------------------------------------


def test_a_sensitive_interest_is_withheld_everywhere_public(client, published):
    member, first, _second = published
    responses = {
        "page": client.get(reverse("members:interests", args=[member.slug])),
        "earlier version": client.get(
            reverse("members:interests-version", args=[member.slug, first.version])
        ),
        "json": client.get(reverse("members:interests-json", args=[member.slug])),
        "csv": client.get(reverse("members:interests-csv")),
    }
    for name, response in responses.items():
        body = response.content.decode()
        assert SECRET not in body and SECRET_ORG not in body, name
        assert "Secret Lane" not in body and "former partner" not in body, name
        assert WITHHELD in body, name
        assert "Kingsmere Housing Association" in body, name
    data = json.loads(responses["json"].content)
    withheld = [line for line in data["interests"] if line["withheld"]]
    assert withheld == [
        {
            "category": "land",
            "category_label": "Land",
            "withheld": True,
            "description": WITHHELD,
        }
    ]
    assert data["version"] == 2 and data["earlier_versions"][0]["version"] == 1
    rows = list(csv.reader(io.StringIO(responses["csv"].content.decode())))
    assert rows[0][0] == "Councillor" and len(rows) == 4  # header and version 2's three lines


def test_the_current_page_links_to_the_earlier_version(client, published):
    member, _first, _ = published
    page = client.get(reverse("members:interests", args=[member.slug])).content.decode()
    assert reverse("members:interests-version", args=[member.slug, 1]) in page
    assert "Freehold of a shop" in page
    earlier = client.get(reverse("members:interests-version", args=[member.slug, 1])).content
    assert b"Freehold of a shop" not in earlier
    assert b"This is an earlier version" in earlier


# --- Query bounds -------------------------------------------------------------------------------


def _councillors_with_registers(count: int, officer):
    """``count`` councillors and ``count`` co-opted members (voting and not, alternately), each
    with a published register, a published gift and a dispensation."""
    for n in range(count):
        elected = CouncillorFactory(last_name=f"Member{n:03d}")
        TermFactory(councillor=elected)
        co_opted = CoOptionFactory(
            councillor__last_name=f"CoOpted{n:03d}", voting=n % 2 == 0
        ).councillor
        for member in (elected, co_opted):
            _register_gift_and_dispensation(member, officer)


def _register_gift_and_dispensation(member, officer):
    publish_register(member, [ORDINARY, LAND, SENSITIVE], by=officer)
    gift = services.gift_register(
        councillor=member,
        kind="gift",
        donor="Donor",
        description="Book",
        estimated_value=Decimal("55"),
        received_on=date(2026, 5, 1),
        accepted=True,
        registered_on=date(2026, 5, 2),
        by=None,
    )
    services.gift_publish(gift=gift, by=officer)
    services.dispensation_grant(
        councillor=member,
        granted_by="Standards Committee",
        granted_on=date(2026, 5, 19),
        expires_on=date(2027, 5, 18),
        ground="c",
        scope="Budget",
        reasons="Reasons",
        by=None,
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "persona"),
    [
        ("members:interests-index", None),
        ("members:interests-csv", None),
        ("members:gifts", None),
        ("members:gifts-csv", None),
        ("members:dispensations", None),
        ("members:officer-interests", "officer"),
        ("members:officer-gifts", "officer"),
        ("members:officer-dispensations", "officer"),
    ],
)
def test_lists_run_the_same_queries_for_two_sizes(client, request, officer, name, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    _councillors_with_registers(1, officer)
    for declaration in InterestDeclaration.all_objects.all():
        submitted_copy = services.declaration_start(councillor=declaration.councillor, by=None)
        services.declaration_submit(declaration=submitted_copy, by=None)
    small = _queries(client, reverse(name))
    _councillors_with_registers(4, officer)
    assert _queries(client, reverse(name)) == small
    assert "CoOpted003" in client.get(reverse(name)).content.decode()  # co-opted rows count too


def test_a_register_page_runs_the_same_queries_for_two_sizes(client, officer):
    member = CouncillorFactory()
    publish_register(member, [ORDINARY], by=officer)
    small = {
        name: _queries(client, reverse(name, args=[member.slug]))
        for name in ("members:interests", "members:interests-json", "members:gifts-for")
    }
    small["version"] = _queries(client, reverse("members:interests-version", args=[member.slug, 1]))
    publish_register(member, [LAND, SENSITIVE, ORDINARY], by=officer)
    publish_register(member, [LAND], by=officer)
    for n in range(3):
        gift = services.gift_register(
            councillor=member,
            kind="gift",
            donor=f"Donor {n}",
            description="Book",
            estimated_value=Decimal("55"),
            received_on=date(2026, 5, 1),
            accepted=True,
            registered_on=date(2026, 5, 2),
            by=None,
        )
        services.gift_publish(gift=gift, by=officer)
    version = small.pop("version")
    for name, count in small.items():
        assert _queries(client, reverse(name, args=[member.slug])) == count, name
    assert _queries(client, reverse("members:interests-version", args=[member.slug, 2])) == version


def test_portal_pages_run_the_same_queries_for_two_sizes(client, councillor, officer):
    member = councillor_of(councillor)
    publish_register(member, [ORDINARY], by=officer)
    draft = services.declaration_start(councillor=member, by=None)
    client.force_login(councillor)
    pages = [
        reverse("members:portal-interests"),
        reverse("members:portal-declaration", args=[draft.pk]),
        reverse("members:portal-gifts"),
    ]
    small = [_queries(client, url) for url in pages]
    for line in (LAND, SENSITIVE, LAND):
        services.interest_add(declaration=draft, **line, by=None)
    services.declaration_submit(declaration=draft, by=None)
    for interest in draft.interests.filter(sensitive=True):
        services.interest_agree_sensitive(
            interest=interest, agreed_by="MO", agreed_on=date(2026, 5, 20), by=officer
        )
    services.declaration_publish(declaration=draft, by=officer)
    publish_register(member, [ORDINARY], by=officer)
    draft = services.declaration_start(councillor=member, by=None)
    for n in range(3):
        services.gift_register(
            councillor=member,
            kind="gift",
            donor=f"Donor {n}",
            description="Book",
            estimated_value=Decimal("55"),
            received_on=date(2026, 5, 1),
            accepted=True,
            registered_on=date(2026, 5, 2),
            by=None,
        )
    pages[1] = reverse("members:portal-declaration", args=[draft.pk])
    assert [_queries(client, url) for url in pages] == small


def test_an_officer_who_is_also_a_councillor_edits_only_their_own_in_the_portal(
    client, councillor, other_councillor
):
    from democracy.roles import Role
    from democracy.tests.factories import UserFactory

    both = UserFactory(username="both", roles=[Role.COUNCILLOR, Role.DEMOCRATIC_SERVICES_OFFICER])
    TermFactory(councillor=CouncillorFactory(user=both))
    declaration = services.declaration_start(councillor=councillor_of(councillor), by=None)
    client.force_login(both)
    assert (
        client.get(reverse("members:portal-declaration", args=[declaration.pk])).status_code == 404
    )
    assert (
        client.get(reverse("members:officer-declaration", args=[declaration.pk])).status_code == 200
    )
