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
from members.tests.factories_views import COUNCILLORS_ONLY, PERSONAS, check_access

pytestmark = pytest.mark.django_db

OFFICERS_ONLY = {"officer": 200, "manager": 200}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    from members.public import search_text

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
    # Elected at an ordinary election: 28 days from polling day, four days before the term.
    assert term.start_reason == "ordinary"
    due = term.start_date - timedelta(days=4) + timedelta(days=27)
    page = client.get(reverse("members:portal-interests")).content.decode()
    assert f"by {due:%-d %B %Y}" in page
    assert "How the date is worked out: 28 days beginning with polling day" in page
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
    # One returned to the member and one awaiting review: the officer's page lists each apart.
    for donor in ("Returned Donor", "Waiting Donor"):
        other = services.gift_register(
            councillor=member,
            kind="hospitality",
            donor=donor,
            description="Dinner",
            estimated_value=Decimal("60"),
            received_on=date(2026, 5, 1),
            accepted=True,
            registered_on=date(2026, 5, 2),
            by=None,
        )
        if donor == "Returned Donor":
            services.gift_return(gift=other, reason="Say what the occasion was.", by=officer)
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
    member = TermFactory().councillor  # in office: a person never in office has no public page
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
        entry = services.gift_register(
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
        if n:
            services.gift_return(gift=entry, reason=f"Correct donor {n}.", by=officer)
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


# --- Gifts and hospitality returned for correction ----------------------------------------------


def _gift_of(user, donor: str = "Kingsmere Chamber of Commerce", **overrides):
    values = {
        "councillor": councillor_of(user),
        "kind": "hospitality",
        "donor": donor,
        "description": "Annual dinner",
        "estimated_value": Decimal("65.00"),
        "received_on": timezone.localdate() - timedelta(days=5),
        "accepted": True,
        "by": user,
    }
    return services.gift_register(**{**values, **overrides})


def _gift_form(gift, **overrides) -> dict:
    received = overrides.pop("received_on", gift.received_on)
    return {
        "kind": gift.kind,
        "donor": gift.donor,
        "description": gift.description,
        "estimated_value": str(gift.estimated_value),
        "received_on_0": str(received.day),
        "received_on_1": str(received.month),
        "received_on_2": str(received.year),
        "accepted": "yes" if gift.accepted else "no",
        "reason": gift.reason,
        **overrides,
    }


def test_officers_return_a_gift_and_members_correct_their_own(client, request, councillor, officer):
    gift = _gift_of(councillor)
    return_url = reverse("members:officer-gift-return", args=[gift.pk])
    check_access(client, request, return_url, OFFICERS_ONLY)
    services.gift_return(gift=gift, reason="Give the value per head.", by=officer)
    correct_url = reverse("members:portal-gift-correct", args=[gift.pk])
    client.logout()
    response = client.get(correct_url)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    # Only the member whose entry it is: any other member gets a 404, anyone else a 403.
    expected = {"councillor": 200, "other_councillor": 404, "co_opted_member": 404}
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        got = client.get(correct_url).status_code
        assert got == expected.get(persona, 403), (persona, got)
        if persona in ("other_councillor", "co_opted_member"):
            assert client.post(correct_url, _gift_form(gift)).status_code == 404
    gift.refresh_from_db()
    assert gift.status == "returned"
    # A returned entry cannot be returned again, nor one already published.
    client.force_login(officer)
    assert client.get(return_url).status_code == 403


@pytest.mark.parametrize("persona", ["officer", "manager"])
def test_an_officer_returns_a_gift_with_a_reason(client, request, councillor, persona):
    gift = _gift_of(councillor)
    client.force_login(request.getfixturevalue(persona))
    url = reverse("members:officer-gift-return", args=[gift.pk])
    page = client.get(url).content.decode()
    assert "Annual dinner" in page and "Why is the entry being returned?" in page
    response = client.post(url, {"return_reason": ""})
    assert response.status_code == 200
    assert "Say why the entry is being returned" in response.content.decode()
    assert 'href="#id_return_reason"' in response.content.decode()  # on the field
    gift.refresh_from_db()
    assert gift.status == "submitted"
    response = client.post(url, {"return_reason": "Give the value per head."})
    assert response.status_code == 302 and response["Location"] == reverse("members:officer-gifts")
    gift.refresh_from_db()
    assert (gift.status, gift.return_reason) == ("returned", "Give the value per head.")
    assert gift.returned_by == request.getfixturevalue(persona)


def test_a_published_gift_cannot_be_returned_or_corrected(client, councillor, officer):
    gift = services.gift_publish(gift=_gift_of(councillor), by=officer)
    client.force_login(officer)
    url = reverse("members:officer-gift-return", args=[gift.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"return_reason": "Change it."}).status_code == 403
    client.force_login(councillor)
    correct_url = reverse("members:portal-gift-correct", args=[gift.pk])
    assert client.get(correct_url).status_code == 403
    assert client.post(correct_url, _gift_form(gift, description="Changed")).status_code == 403
    gift.refresh_from_db()
    assert (gift.status, gift.description) == ("published", "Annual dinner")


def test_a_gift_awaiting_review_cannot_be_corrected(client, councillor):
    gift = _gift_of(councillor)
    client.force_login(councillor)
    url = reverse("members:portal-gift-correct", args=[gift.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _gift_form(gift, description="Changed")).status_code == 403
    gift.refresh_from_db()
    assert gift.description == "Annual dinner"


def test_the_member_sees_the_reason_corrects_and_resubmits(client, councillor, officer):
    gift = _gift_of(councillor)
    services.gift_return(gift=gift, reason="Give the value per head, not the table.", by=officer)
    client.force_login(councillor)
    page = client.get(reverse("members:portal-gifts")).content.decode()
    assert "Returned to you for correction" in page
    assert "Give the value per head, not the table." in page
    url = reverse("members:portal-gift-correct", args=[gift.pk])
    assert url in page
    form_page = client.get(url).content.decode()
    assert "Give the value per head, not the table." in form_page
    assert 'value="Kingsmere Chamber of Commerce"' in form_page  # the entry as registered
    response = client.post(url, _gift_form(gift, estimated_value="lots"))
    assert b"Estimated value must be an amount of money" in response.content
    response = client.post(url, _gift_form(gift, estimated_value="85.00"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("members:portal-gifts")
    assert "Resubmitted. Democratic services will publish it." in response.content.decode()
    gift.refresh_from_db()
    assert (gift.status, gift.estimated_value) == ("submitted", Decimal("85.00"))
    assert "Returned to you for correction" not in response.content.decode()
    client.force_login(officer)
    page = client.get(reverse("members:officer-gifts")).content.decode()
    assert (
        page.index("Awaiting review")
        < page.index("Kingsmere Chamber")
        < page.index("Returned to the member for correction")
    )
    assert "Previously returned: Give the value per head, not the table." in page


def test_a_late_resubmission_is_flagged_as_a_late_first_submission_is(client, councillor, officer):
    """``registered_on`` is the first registration: a correction of the date received to more
    than 28 days before it is flagged late, with the same message as a late first one."""
    today = timezone.localdate()
    client.force_login(councillor)
    received = today - timedelta(days=40)
    late_first = {
        **_gift_form(_gift_of(councillor, donor="Placeholder")),
        "donor": "Late Donor",
        "received_on_0": str(received.day),
        "received_on_1": str(received.month),
        "received_on_2": str(received.year),
    }
    response = client.post(reverse("members:portal-gift-new"), late_first, follow=True)
    due = received + timedelta(days=27)
    assert f"Registered. It was due by {due:%-d %B %Y} (28 days from receipt)." in (
        response.content.decode()
    )
    gift = _gift_of(councillor, donor="On Time Donor", received_on=today - timedelta(days=3))
    services.gift_return(gift=gift, reason="It was the dinner in the spring.", by=officer)
    response = client.post(
        reverse("members:portal-gift-correct", args=[gift.pk]),
        _gift_form(gift, received_on=received),
        follow=True,
    )
    assert f"Resubmitted. It was due by {due:%-d %B %Y} (28 days from receipt)." in (
        response.content.decode()
    )
    gift.refresh_from_db()
    assert gift.registered_on == today and gift.received_on == received
    # Resubmitting on time (the date received unchanged) is not flagged.
    services.gift_return(gift=gift, reason="No, it was this month.", by=officer)
    response = client.post(
        reverse("members:portal-gift-correct", args=[gift.pk]),
        _gift_form(gift, received_on=today - timedelta(days=3)),
        follow=True,
    )
    assert "Resubmitted. Democratic services will publish it." in response.content.decode()


def test_the_officer_lists_returned_gifts_apart_from_those_awaiting_review(
    client, councillor, co_opted_member, officer
):
    waiting = _gift_of(councillor, donor="Waiting Donor")
    returned = _gift_of(co_opted_member, donor="Returned Donor")
    services.gift_return(gift=returned, reason="Which meeting was it?", by=officer)
    services.gift_publish(gift=_gift_of(councillor, donor="Published Donor"), by=officer)
    client.force_login(officer)
    page = client.get(reverse("members:officer-gifts")).content.decode()
    awaiting = page.index("Awaiting review")
    sent_back = page.index("Returned to the member for correction")
    published = page.index(">Published<", sent_back)
    assert awaiting < page.index("Waiting Donor") < sent_back
    assert sent_back < page.index("Returned Donor") < published < page.index("Published Donor")
    assert "Which meeting was it?" in page
    assert reverse("members:officer-gift-return", args=[waiting.pk]) in page
    assert reverse("members:officer-gift-return", args=[returned.pk]) not in page
    assert reverse("members:officer-gift-publish", args=[returned.pk]) not in page
    # A returned entry cannot be published until the member resubmits it.
    response = client.post(reverse("members:officer-gift-publish", args=[returned.pk]))
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.status == "returned"


def test_the_public_register_never_shows_returned_or_submitted_gifts(client, councillor, officer):
    member = councillor_of(councillor)
    services.gift_publish(gift=_gift_of(councillor, donor="Published Donor"), by=officer)
    _gift_of(councillor, donor="Waiting Donor")
    services.gift_return(
        gift=_gift_of(councillor, donor="Returned Donor"), reason="Private-Reason-42", by=officer
    )
    resubmitted = _gift_of(councillor, donor="Resubmitted Donor")
    services.gift_return(gift=resubmitted, reason="Private-Reason-43", by=officer)
    services.gift_resubmit(
        gift=resubmitted,
        kind="gift",
        donor="Resubmitted Donor",
        description="Book",
        estimated_value=Decimal("55"),
        received_on=resubmitted.received_on,
        accepted=True,
        by=councillor,
    )
    client.logout()
    for url in [
        reverse("members:gifts"),
        reverse("members:gifts-csv"),
        reverse("members:gifts-for", args=[member.slug]),
        reverse("councillor", args=[member.slug]),
    ]:
        body = client.get(url).content.decode()
        assert "Waiting Donor" not in body and "Returned Donor" not in body, url
        assert "Resubmitted Donor" not in body and "Private-Reason" not in body, url
        if "gifts" in url:
            assert "Published Donor" in body, url
