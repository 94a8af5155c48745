"""``members.public``: one rule for who is a public member, applied in SQL exactly as the pure
rule says; models holding private rows have no plain ``objects``; and what the public read
functions leave out of a person never in office."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest

from democracy.models import AuditEvent
from elections.services import ward_create
from members import public
from members.models import (
    AllowancePayment,
    CoOption,
    Councillor,
    Dispensation,
    ExpenseClaim,
    GiftOrHospitality,
    Interest,
    InterestDeclaration,
    PrivateContact,
    Suspension,
    Term,
)
from members.rules.records import is_public_member
from members.services import allowances as allowance_services
from members.tests.factories_allowances import claim_with_lines, scheme


def test_the_rule_a_councillor_needs_a_term_and_a_co_opted_member_a_co_option():
    assert is_public_member(co_opted=False, has_term=True, has_co_option=False)
    assert not is_public_member(co_opted=False, has_term=False, has_co_option=False)
    assert not is_public_member(co_opted=False, has_term=False, has_co_option=True)
    assert is_public_member(co_opted=True, has_term=False, has_co_option=True)
    assert not is_public_member(co_opted=True, has_term=False, has_co_option=False)
    assert not is_public_member(co_opted=True, has_term=True, has_co_option=False)


@pytest.mark.django_db
def test_the_public_queryset_applies_the_rule_to_every_combination():
    """Every kind of person with and without a term and a co-option, written straight to the
    tables (the services refuse some of these combinations, but the rule must not depend on
    that): ``Councillor.public_objects`` holds exactly those the pure rule calls public."""
    ward = ward_create(name="Fenwick", seats=9, created_on=date(2019, 5, 2), by=None)
    expected = {}
    for n, (co_opted, has_term, has_co_option) in enumerate(
        itertools.product([False, True], repeat=3)
    ):
        person = Councillor.all_objects.create(
            kind=Councillor.Kind.COOPTED if co_opted else Councillor.Kind.ELECTED,
            first_name="Person",
            last_name=f"Number{n}",
            slug=f"person-{n}",
        )
        if has_term:
            Term.objects.create(
                councillor=person, ward=ward, start_date=date(2023, 5, 8), start_reason="ordinary"
            )
        if has_co_option:
            CoOption.objects.create(
                councillor=person, appointment="Adviser", start_date=date(2025, 6, 2)
            )
        expected[person.pk] = is_public_member(
            co_opted=co_opted, has_term=has_term, has_co_option=has_co_option
        )
    public_ids = set(public.public_members().values_list("pk", flat=True))
    assert public_ids == {pk for pk, is_public in expected.items() if is_public}
    assert len(public_ids) == 4  # elected with a term, co-opted with a co-option (either way)


@pytest.mark.parametrize(
    "model",
    [
        Councillor,
        PrivateContact,
        InterestDeclaration,
        Interest,
        Dispensation,
        GiftOrHospitality,
        ExpenseClaim,
        AllowancePayment,
        Suspension,
        AuditEvent,
    ],
)
def test_models_holding_private_rows_have_no_plain_objects(model):
    """Every query of them names a manager that says what it may see (ARCHITECTURE.md 4.5)."""
    assert not hasattr(model, "objects")
    assert model._default_manager.name != "objects"


@pytest.mark.django_db
def test_the_allowances_publication_names_only_public_members():
    """A person never in office who was paid (an approved expense claim) is in the officers'
    totals but not in the published totals (reg 15) or their CSV."""
    s = scheme()
    ward = ward_create(name="Fenwick", seats=3, created_on=date(2019, 5, 2), by=None)
    serving = Councillor.all_objects.create(first_name="Ann", last_name="Serving", slug="ann")
    Term.objects.create(
        councillor=serving, ward=ward, start_date=date(2023, 5, 8), start_reason="ordinary"
    )
    never = Councillor.all_objects.create(first_name="Ned", last_name="Nevermore", slug="ned")
    for person in (serving, never):
        claim = claim_with_lines(person)
        allowance_services.claim_submit(claim=claim, today=date(2025, 10, 1), by=None)
        allowance_services.claim_approve(claim=claim, by=None)
    for month in (date(2025, 9, 1), date(2025, 10, 1)):
        allowance_services.payments_generate(scheme=s, month=month, by=None)
    assert AllowancePayment.private_objects.filter(councillor=never).exists()
    officers = {row.name for row in allowance_services.year_totals(s)}
    assert {"Councillor Ann Serving", "Councillor Ned Nevermore"} <= officers
    published = {row.name for row in public.allowances_publication(s)}
    assert "Councillor Ann Serving" in published
    assert "Councillor Ned Nevermore" not in published
    assert "Nevermore" not in public.allowances_publication_csv(s)
    assert public.published_allowances(never) is None or not any(
        amount for _, amount in public.published_allowances(never)["lines"]
    )
    assert sum(row.total for row in public.allowances_publication(s)) > Decimal("0")
