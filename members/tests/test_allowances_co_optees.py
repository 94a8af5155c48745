"""Co-opted members in members' allowances, against PostgreSQL: the co-optees' allowance (SI
2003/1021 reg 9) paid monthly by days co-opted, only where the co-option carries it, never basic
allowance or SRA; withheld and forgone like the other allowances; travelling and subsistence
claims (reg 8) through the member portal; a co-opted member's own statement and claims only;
the reg 15 totals naming them formally and equal to the payments to the penny.

The pinned amounts are worked in members/tests/test_allowances_rules.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from democracy.tests.factories import TermFactory
from members.models import AllowancePayment, ExpenseClaim
from members.rules.allowances import add_months, scheme_year_start
from members.services import allowances as services
from members.services import councillors as councillor_services
from members.services import records
from members.tests.factories_allowances import (
    PDF,
    Y2025,
    claim_with_lines,
    co_optee,
    leader_post,
    receipt,
    scheme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def generate(s, months: int = 12, start: int = 0):
    for n in range(start, months):
        services.payments_generate(scheme=s, month=add_months(s.year_start, n), by=None)


def paid(person, head=None) -> D:
    rows = AllowancePayment.private_objects.filter(councillor=person)
    if head:
        rows = rows.filter(head=head)
    return sum((p.amount for p in rows), D("0"))


# --- Entitlement and monthly payments -----------------------------------------------------------


def test_a_co_optee_is_paid_the_co_optees_allowance_monthly_by_days_co_opted():
    s = scheme()  # co-optees' allowance £1,200 a year
    marsh = co_optee(first_name="Helen", last_name="Marsh")  # from Mon 2 June 2025
    entitlement = services.entitlements(s, [marsh.pk])[marsh.pk]
    # 1,200 x 303 / 365 = £996.16; a co-opted member holds no term: no basic allowance.
    assert set(entitlement.schedules) == {"co_optees"}
    assert entitlement.annual("co_optees") == D("996.16")
    assert entitlement.annual("basic") == entitlement.annual("sra") == D("0")
    generate(s)
    assert paid(marsh) == paid(marsh, "co_optees") == D("996.16")
    payments = list(AllowancePayment.private_objects.filter(councillor=marsh).order_by("pay_date"))
    assert len(payments) == 10  # June to March
    assert (payments[0].pay_date, payments[0].amount) == (date(2025, 6, 15), D("95.34"))
    assert {p.kind for p in payments} == {"scheduled"}
    before = AllowancePayment.private_objects.count()
    generate(s)
    assert AllowancePayment.private_objects.count() == before


def test_a_co_optee_gets_no_sra_even_if_a_responsibility_is_recorded_for_them():
    s = scheme()
    marsh = co_optee()
    services.responsibility_assign(
        councillor=marsh, responsibility=leader_post(s), start_date=Y2025, by=None
    )
    generate(s)
    assert paid(marsh, "sra") == D("0")
    assert paid(marsh) == D("996.16")


def test_a_co_option_without_the_allowance_or_a_scheme_without_one_pays_nothing():
    s = scheme()
    adviser = co_optee(payable=False, start=date(2025, 6, 15), title="Ms")
    assert adviser.pk not in services.entitlements(s)
    generate(s)
    assert paid(adviser) == D("0")
    # 2026/27 under a scheme paying no co-optees' allowance: a co-optee still in office gets
    # nothing.
    later = scheme(date(2026, 4, 1), co_optees_allowance=D("0.00"))
    marsh = co_optee()
    assert marsh.pk not in services.entitlements(later)


def test_a_co_option_ended_after_the_months_were_paid_is_recovered_by_an_adjustment():
    s = scheme()
    person = co_optee(start=date(2024, 1, 15))
    generate(s, months=10)  # April to January paid: 1,200 x 306 / 365 = £1,006.03
    assert paid(person) == D("1006.03")
    councillor_services.co_option_end(
        co_option=person.co_options.get(),
        end_date=date(2025, 12, 1),
        end_reason="resigned",
        by=None,
    )
    [adjustment] = services.payments_generate(scheme=s, month=date(2026, 1, 1), by=None)
    # Co-opted to 30 November: 1,200 x 244 / 365 = £802.19, so £203.84 is taken back.
    assert (adjustment.kind, adjustment.amount) == ("adjustment", D("-203.84"))
    generate(s)
    assert paid(person) == D("802.19")


def test_a_co_optee_may_forgo_the_allowance_and_all_covers_it_but_basic_does_not():
    s = scheme()
    half, everything, basic_only = co_optee(), co_optee(), co_optee()
    for person, scope, percentage in (
        (half, "co_optees", D("50")),
        (everything, "all", D("100")),
        (basic_only, "basic", D("100")),
    ):
        services.renunciation_record(
            councillor=person,
            scope=scope,
            percentage=percentage,
            notice_given_on=date(2025, 9, 20),
            start_date=date(2025, 10, 1),
            by=None,
        )
    generate(s)
    assert paid(half) == D("696.99")  # (121 + 182 / 2) / 365 of £1,200
    # Forgone in full from 1 October: 2 June-30 September is 121 days: 1,200 x 121 / 365.
    assert paid(everything) == D("397.81")
    assert paid(basic_only) == D("996.16")


def test_a_co_optees_allowance_is_withheld_during_a_suspension():
    s = scheme()
    marsh = co_optee()
    records.suspension_record(
        councillor=marsh,
        start_date=date(2025, 11, 1),
        end_date=date(2026, 1, 1),
        reason="Suspended by the standards committee",
        by=None,
    )
    generate(s)
    # 303 days co-opted less 61 withheld (November and December): 1,200 x 242 / 365 = £795.62.
    assert paid(marsh) == D("795.62")


def test_the_entitlements_run_a_fixed_number_of_queries():
    s = scheme()
    leader_post(s)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            services.entitlements(s)
        return len(captured)

    co_optee()
    TermFactory()
    small = count()
    for _ in range(4):
        co_optee(start=date(2025, 9, 1))
        TermFactory()
    assert count() == small == 9  # with the constitution (withholding during suspension)


# --- The reg 15 record and the payroll --------------------------------------------------------


def test_the_payroll_and_the_publication_carry_the_co_optee():
    s = scheme()
    marsh = co_optee(first_name="Helen", last_name="Marsh")
    services.profile_set(councillor=marsh, payroll_number="C0001", by=None)
    generate(s)
    integra = services.payroll_csv(scheme=s, month=date(2025, 6, 1), format_name="integra")
    assert integra.splitlines()[1] == "C0001,Marsh,Helen,,MA06,95.34,15/06/2025"
    [row] = services.year_totals(s)
    assert (row.name, row.co_optees, row.basic, row.total) == (
        "Mrs Helen Marsh",
        D("996.16"),
        D("0"),
        D("996.16"),
    )
    assert "Mrs Helen Marsh,0.00,0.00,0.00,0.00,996.16,996.16" in services.publication_csv(s)


# --- Portal and officer pages -------------------------------------------------------------------


def test_a_co_opted_member_opens_the_portal_pages_but_not_the_officers(client, co_opted_member):
    scheme()
    client.force_login(co_opted_member)
    for name in ("members:portal-allowances", "members:portal-claims"):
        assert client.get(reverse(name)).status_code == 200
    for name in ("members:officer-allowances", "members:officer-claims"):
        assert client.get(reverse(name)).status_code == 403


def test_the_statement_of_a_co_opted_member_shows_the_co_optees_allowance(
    client, co_opted_member, councillor
):
    s = scheme()
    services.renunciation_record(
        councillor=co_opted_member.councillor,
        scope="co_optees",
        percentage=D("50"),
        notice_given_on=date(2025, 9, 20),
        start_date=date(2025, 10, 1),
        by=None,
    )
    generate(s, months=3)  # April to June: the co-optee's first instalment, in June
    client.force_login(co_opted_member)
    response = client.get(reverse("members:portal-allowances"), {"year": "2025-26"})
    assert response.status_code == 200
    text = response.text
    assert "Co-optees&#x27; allowance" in text
    assert "£1,200.00 a year" in text
    assert "£696.99" in text  # the year's entitlement, half forgone from October
    assert "£95.34" in text  # June's instalment
    assert text.count("Monthly instalment") == 1
    assert "50% of your co-optees&#x27; allowance from 1 October 2025" in text
    # Not the councillor's heads, nor their payments.
    assert "Basic allowance" not in text and "Special responsibility allowance" not in text
    assert "£443.84" not in text  # the councillor's April basic allowance


def test_a_co_opted_member_claims_travel_and_an_officer_approves_it(
    client, co_opted_member, officer
):
    today = timezone.localdate()
    s = scheme(scheme_year_start(today))
    client.force_login(co_opted_member)
    first = today.replace(day=1)
    response = client.post(
        reverse("members:portal-claims"),
        {
            "period_start_0": first.day,
            "period_start_1": first.month,
            "period_start_2": first.year,
            "period_end_0": today.day,
            "period_end_1": today.month,
            "period_end_2": today.year,
        },
    )
    claim = ExpenseClaim.private_objects.get()
    assert claim.councillor == co_opted_member.councillor
    url = reverse("members:portal-claim", args=[claim.pk])
    assert response["Location"] == url
    day = {"line-date_0": today.day, "line-date_1": today.month, "line-date_2": today.year}
    response = client.post(
        url,
        {
            **day,
            "line-kind": "mileage",
            "line-purpose": "Audit and Governance Committee",
            "line-vehicle": "car",
            "line-from_place": "Home",
            "line-to_place": "Kingsmere House",
            "line-miles": "11.4",
        },
    )
    assert response.status_code == 302
    response = client.post(
        url,
        {
            **day,
            "line-kind": "subsistence",
            "line-purpose": "Audit and Governance Committee",
            "line-meal": "evening_meal",
            "line-amount": "12.50",
        },
    )
    assert response.status_code == 302
    client.post(reverse("members:portal-claim-submit", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == "submitted"

    client.force_login(officer)
    queue = client.get(reverse("members:officer-claims")).text
    assert co_opted_member.councillor.formal_name in queue
    response = client.post(reverse("members:officer-claim", args=[claim.pk]), {"approve": "1"})
    assert response.status_code == 302
    client.post(
        reverse("members:officer-allowance-generate", args=[s.label]),
        {"generate-month": f"{today:%Y-%m}"},
    )
    claim.refresh_from_db()
    assert claim.status == "paid"
    by_head = dict(
        AllowancePayment.private_objects.filter(claim=claim).values_list("head", "amount")
    )
    # 11.4 miles at 45p = £5.13 (reg 8 travel); an evening meal £12.50 (reg 8 subsistence).
    assert by_head == {"travel": D("5.13"), "subsistence": D("12.50")}
    payments = client.get(reverse("members:officer-payments", args=[s.label])).text
    assert co_opted_member.councillor.formal_name in payments
    assert "Co-optees&#x27; allowance" in payments


def test_a_co_opted_member_sees_only_their_own_claims(
    client, year_2025, co_opted_member, councillor, officer
):
    theirs = claim_with_lines(councillor.councillor)
    services.claim_line_add(
        claim=theirs,
        date=theirs.period_start,
        kind="other_travel",
        purpose="Train",
        amount=D("9.10"),
        receipt=receipt("ticket.pdf", PDF),
        by=None,
    )
    mine = claim_with_lines(co_opted_member.councillor)
    client.force_login(co_opted_member)
    their_line = theirs.lines.get(kind="other_travel")
    for response in (
        client.get(reverse("members:portal-claim", args=[theirs.pk])),
        client.post(reverse("members:portal-claim-submit", args=[theirs.pk])),
        client.post(reverse("members:portal-claim-line-remove", args=[theirs.pk, their_line.pk])),
        client.get(reverse("members:allowance-receipt", args=[their_line.pk])),
    ):
        assert response.status_code == 404
    assert theirs.lines.count() == 2
    listing = client.get(reverse("members:portal-claims"))
    assert [c.pk for c in listing.context["claims"]] == [mine.pk]
    assert client.get(reverse("members:portal-claim", args=[mine.pk])).status_code == 200

    client.force_login(councillor)
    assert client.get(reverse("members:portal-claim", args=[mine.pk])).status_code == 404
    client.force_login(officer)
    for pk in (mine.pk, theirs.pk):
        assert client.get(reverse("members:officer-claim", args=[pk])).status_code == 200


def test_the_published_page_names_co_optees_formally(client, year_2025, co_opted_member):
    generate(year_2025)
    services.publication_publish(scheme=year_2025, on=date(2026, 5, 20), by=None)
    page = client.get(reverse("members:allowances-published", args=["2025-26"])).text
    name = co_opted_member.councillor.formal_name
    assert name.startswith("Mrs ") and name in page
    assert "£996.16" in page


@pytest.fixture
def year_2025(db):
    return scheme()
