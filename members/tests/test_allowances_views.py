"""Allowances pages: who may open each (anonymous, every persona, 403, 404), a councillor's own
claims only, receipts for their owner and officers only, the claim journey through the forms,
approval, generating payments, the payroll export, the reg 15 publication with no private data,
and bounded queries with two data sizes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from democracy.models import AuditEvent
from democracy.tests.factories import TermFactory
from members.models import (
    AllowancePayment,
    AllowanceScheme,
    AllowanceWithholding,
    ExpenseClaim,
    Renunciation,
)
from members.rules.allowances import add_months, scheme_year_start
from members.services import allowances as services
from members.tests.factories_allowances import (
    PDF,
    Y2025,
    claim_with_lines,
    co_optee,
    leader_post,
    receipt,
    scheme,
)

PERSONAS = [
    "officer",
    "manager",
    "author",
    "councillor",
    "other_councillor",
    "electoral_officer",
    "clerk",
    "panel_member",
]
OFFICERS = {"officer", "manager"}
COUNCILLORS = {"councillor", "other_councillor"}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def check_access(client, request, url, allowed: set[str], *, ok=200, denied=403):
    """Anonymous visitors are sent to sign in; personas in ``allowed`` get ``ok``, others
    ``denied``."""
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        got = client.get(url).status_code
        assert got == (ok if persona in allowed else denied), (url, persona, got)
    client.logout()


@pytest.fixture
def year(db):
    """The 2025/26 scheme."""
    return scheme()


def own_claim(user, **kwargs) -> ExpenseClaim:
    claim = claim_with_lines(user.councillor, **kwargs)
    services.claim_line_add(
        claim=claim,
        date=claim.period_start,
        kind="other_travel",
        purpose="Train to the LGA conference",
        amount=D("28.40"),
        receipt=receipt("ticket.pdf", PDF),
        by=None,
    )
    return claim


def test_portal_pages_are_for_councillors(client, request, year, councillor, other_councillor):
    for name in ("members:portal-allowances", "members:portal-claims"):
        check_access(client, request, reverse(name), COUNCILLORS)


def test_officer_pages_are_for_officers(client, request, year, councillor):
    claim = own_claim(councillor)
    services.claim_submit(claim=claim, today=date(2025, 10, 1), by=None)
    for url in (
        reverse("members:officer-allowances"),
        reverse("members:officer-claims"),
        reverse("members:officer-claim", args=[claim.pk]),
        reverse("members:officer-allowance-scheme", args=["2025-26"]),
        reverse("members:officer-payments", args=["2025-26"]),
        reverse("members:officer-allowance-payroll", args=["2025-26"])
        + "?payroll-month=2025-04&payroll-format=integra",
    ):
        check_access(client, request, url, OFFICERS)
    client.force_login(request.getfixturevalue("officer"))
    assert (
        client.get(reverse("members:officer-allowance-scheme", args=["2031-32"])).status_code == 404
    )
    assert client.get(reverse("members:officer-claim", args=[claim.pk + 99])).status_code == 404


@pytest.mark.parametrize("label", ["0000-01", "9999-00", "2025-27"])
def test_a_year_that_cannot_be_is_a_404_on_every_page_for_a_year(
    client, year, officer, councillor, label
):
    """Issue 11 item 12: /members/allowances/0000-01/ (the page, the CSV and the officer pages)
    failed with "year 0 is out of range"."""
    public = ["members:allowances-published", "members:allowances-published-csv"]
    for name in public:
        assert client.get(reverse(name, args=[label])).status_code == 404, name
    client.force_login(officer)
    for name in [
        *public,
        "members:officer-allowance-scheme",
        "members:officer-allowance-scheme-amend",
        "members:officer-sra-rate",
        "members:officer-payments",
        "members:officer-allowance-payroll",
        "members:officer-allowance-generate",
        "members:officer-allowance-publish",
    ]:
        url = reverse(name, args=[label])
        assert client.get(url).status_code in {404, 405}, name
        assert client.post(url).status_code == 404, name
    client.force_login(councillor)
    response = client.get(reverse("members:portal-allowances") + f"?year={label}")
    assert response.status_code in {200, 404}


def test_a_councillor_sees_only_their_own_claim(client, year, councillor, other_councillor):
    claim = own_claim(councillor)
    url = reverse("members:portal-claim", args=[claim.pk])
    client.force_login(other_councillor)
    assert client.get(url).status_code == 404
    line = claim.lines.first()
    assert client.post(reverse("members:portal-claim-submit", args=[claim.pk])).status_code == 404
    remove = reverse("members:portal-claim-line-remove", args=[claim.pk, line.pk])
    assert client.post(remove).status_code == 404
    assert claim.lines.count() == 2
    client.force_login(councillor)
    response = client.get(url)
    assert response.status_code == 200
    assert "Train to the LGA conference" in response.text


def test_a_receipt_is_served_only_to_its_owner_and_officers(client, request, year, councillor):
    claim = own_claim(councillor)
    line = claim.lines.get(kind="other_travel")
    url = reverse("members:allowance-receipt", args=[line.pk])
    check_access(client, request, url, OFFICERS | {"councillor"}, denied=404)
    client.force_login(councillor)
    response = client.get(url)
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    # A line without a receipt is a 404 too.
    no_receipt = claim.lines.get(kind="mileage")
    assert client.get(reverse("members:allowance-receipt", args=[no_receipt.pk])).status_code == 404


def test_the_claim_journey_through_the_pages(client, councillor, officer):
    today = timezone.localdate()
    s = scheme(scheme_year_start(today))
    client.force_login(councillor)
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
    assert response.status_code == 302 and response["Location"] == reverse(
        "members:portal-claim", args=[claim.pk]
    )
    url = reverse("members:portal-claim", args=[claim.pk])
    line = {
        "line-date_0": today.day,
        "line-date_1": today.month,
        "line-date_2": today.year,
        "line-kind": "other_travel",
        "line-purpose": "Train to the LGA",
        "line-amount": "28.40",
    }
    # No receipt: the error names the field; nothing saved.
    response = client.post(url, line)
    assert response.status_code == 200
    assert "Upload the receipt or ticket for this journey." in response.text
    assert claim.lines.count() == 0
    response = client.post(url, {**line, "line-receipt": receipt("ticket.png")})
    assert response.status_code == 302
    response = client.post(
        url,
        {
            **line,
            "line-kind": "mileage",
            "line-vehicle": "car",
            "line-from_place": "Home",
            "line-to_place": "Kingsmere House",
            "line-miles": "12",
            "line-amount": "",
        },
    )
    assert response.status_code == 302
    assert [x.amount for x in claim.lines.order_by("position")] == [D("28.40"), D("5.40")]
    client.post(reverse("members:portal-claim-submit", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == "submitted"
    # Submitted: the councillor can no longer add lines.
    assert client.post(url, line).status_code == 405

    client.force_login(officer)
    queue = client.get(reverse("members:officer-claims"))
    assert f"Claim {claim.pk}" in queue.text
    officer_url = reverse("members:officer-claim", args=[claim.pk])
    response = client.post(officer_url, {"approve": "1"})
    assert response.status_code == 302
    month = f"{today:%Y-%m}"
    response = client.post(
        reverse("members:officer-allowance-generate", args=[s.label]), {"generate-month": month}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "paid"
    assert AllowancePayment.private_objects.filter(claim=claim).get().amount == D("33.80")
    ahead = f"{add_months(today, 1):%Y-%m}"
    if add_months(today, 1) < s.year_end:
        response = client.post(
            reverse("members:officer-allowance-generate", args=[s.label]),
            {"generate-month": ahead},
        )
        assert response.status_code == 400
        assert "cannot be paid before the month begins" in response.text
    export = client.get(
        reverse("members:officer-allowance-payroll", args=[s.label]),
        {"payroll-month": month, "payroll-format": "agresso"},
    )
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert "33.80" in export.content.decode()


def test_a_late_line_is_reported_by_number_on_the_claim_page(client, year, councillor):
    claim = claim_with_lines(councillor.councillor, lines=1)  # journey on 1 September 2025
    client.force_login(councillor)
    client.post(reverse("members:portal-claim-submit", args=[claim.pk]))
    response = client.get(reverse("members:portal-claim", args=[claim.pk]))
    assert "Line 1: the journey on 1 September 2025 is more than 3 months before this claim" in (
        response.text
    )
    assert response.context["submit_errors"]
    claim.refresh_from_db()
    assert claim.status == "draft"


def test_rejecting_needs_a_reason_which_the_councillor_then_sees(client, year, officer, councillor):
    claim = own_claim(councillor)
    services.claim_submit(claim=claim, today=date(2025, 10, 1), by=None)
    client.force_login(officer)
    url = reverse("members:officer-claim", args=[claim.pk])
    response = client.post(url, {"rejection_reason": ""})
    assert "Enter the reason for rejecting the claim" in response.text
    client.post(url, {"rejection_reason": "The conference was not an approved duty."})
    client.force_login(councillor)
    response = client.get(reverse("members:portal-claim", args=[claim.pk]))
    assert "The conference was not an approved duty." in response.text


def _publishable_year(councillor):
    s = scheme()
    services.profile_set(councillor=councillor.councillor, payroll_number="PAY-SECRET-1", by=None)
    claim = own_claim(councillor)
    services.claim_submit(claim=claim, today=date(2025, 9, 20), by=None)
    services.claim_approve(claim=claim, by=None)
    for n in range(12):
        services.payments_generate(scheme=s, month=add_months(Y2025, n), by=None)
    return s


def test_the_publication_is_public_once_published_and_carries_no_private_data(
    client, councillor, officer, other_councillor
):
    s = _publishable_year(councillor)
    url = reverse("members:allowances-published", args=["2025-26"])
    csv_url = reverse("members:allowances-published-csv", args=["2025-26"])
    assert client.get(url).status_code == 404  # not yet published
    client.force_login(other_councillor)
    assert client.get(url).status_code == 404
    client.force_login(officer)
    assert "Preview" in client.get(url).text
    services.publication_publish(scheme=s, on=date(2026, 5, 20), by=None)
    client.logout()
    page = client.get(url).text
    text = client.get(csv_url).content.decode()
    name = councillor.councillor.formal_name
    assert name.startswith("Councillor ") and name in page and name in text
    for private in ("PAY-SECRET-1", "Train to the LGA conference", "Kingsmere House", "receipt"):
        assert private not in page and private not in text
    row = next(line for line in text.splitlines() if line.startswith(name))
    # 5,400 basic, and travel 5.40 + 28.40 = 33.80, total 5,433.80.
    assert row == f"{name},5400.00,0.00,0.00,33.80,0.00,5433.80"
    assert client.get(reverse("members:allowances-published", args=["2019-20"])).status_code == 404


def test_publishing_is_refused_before_the_year_ends(client, officer):
    s = scheme(scheme_year_start(timezone.localdate()))
    client.force_login(officer)
    response = client.post(
        reverse("members:officer-allowance-publish", args=[s.label]), follow=True
    )
    assert "can be published once the year has ended" in response.text
    s.refresh_from_db()
    assert s.totals_published_on is None


def test_the_statement_shows_entitlement_payments_and_renunciations(client, councillor):
    s = scheme()
    services.responsibility_assign(
        councillor=councillor.councillor,
        responsibility=leader_post(s),
        start_date=date(2025, 5, 20),
        by=None,
    )
    services.renunciation_record(
        councillor=councillor.councillor,
        scope="sra",
        percentage=D("25"),
        notice_given_on=date(2025, 5, 1),
        start_date=date(2025, 5, 20),
        by=None,
    )
    for n in range(3):
        services.payments_generate(scheme=s, month=add_months(Y2025, n), by=None)
    client.force_login(councillor)
    response = client.get(reverse("members:portal-allowances"), {"year": "2025-26"})
    assert response.status_code == 200
    # SRA from 20 May 2025: 316 days of 365 at 75%: 10,800 x 237 / 365 = 7,012.60.
    assert "£7,012.60" in response.text
    assert "£5,400.00" in response.text
    assert "25% of your special responsibility allowance from 20 May 2025" in response.text
    assert response.text.count("Monthly instalment") == 5  # SRA starts in May


# --- Bounded queries ----------------------------------------------------------------------------


def queries(client, url, data=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
        assert response.status_code == 200, url
    return len(captured)


def test_pages_run_a_fixed_number_of_queries(client, councillor, officer, co_opted_member):
    s = scheme()
    post = leader_post(s)
    services.responsibility_assign(
        councillor=councillor.councillor, responsibility=post, start_date=Y2025, by=None
    )

    def grow(n: int, offset: int) -> None:
        for i in range(n):
            other = TermFactory().councillor
            claim = claim_with_lines(other, lines=2)
            services.claim_submit(claim=claim, today=date(2025, 10, 1), by=None)
            # Co-opted members: paid the co-optees' allowance, and claiming.
            claim = claim_with_lines(co_optee(start=date(2025, 4, 1 + i)), lines=2)
            services.claim_submit(claim=claim, today=date(2025, 10, 1), by=None)
            theirs = claim_with_lines(co_opted_member.councillor, lines=1)
            services.claim_submit(claim=theirs, today=date(2025, 10, 1), by=None)
            mine = claim_with_lines(councillor.councillor, lines=2)
            services.claim_submit(claim=mine, today=date(2025, 10, 1), by=None)
            services.renunciation_record(
                councillor=councillor.councillor,
                scope="basic",
                percentage=D("1"),
                notice_given_on=date(2025, 6, 1),
                start_date=date(2025, 6, 1 + offset + i),
                end_date=date(2025, 7, 1 + offset + i),
                by=None,
            )
        services.payments_generate(scheme=s, month=add_months(Y2025, offset), by=None)
        services.publication_publish(scheme=s, on=date(2026, 5, 1), by=None)

    pages = [
        (councillor, reverse("members:portal-allowances"), {"year": "2025-26"}),
        (councillor, reverse("members:portal-claims"), None),
        (officer, reverse("members:officer-claims"), None),
        (officer, reverse("members:allowances-published", args=["2025-26"]), None),
        (officer, reverse("members:officer-payments", args=["2025-26"]), None),
        (officer, reverse("members:officer-renunciation"), None),
        (co_opted_member, reverse("members:portal-allowances"), {"year": "2025-26"}),
        (co_opted_member, reverse("members:portal-claims"), None),
    ]
    grow(1, 0)
    small = []
    for user, url, data in pages:
        client.force_login(user)
        small.append(queries(client, url, data))
    grow(4, 1)
    large = []
    for user, url, data in pages:
        client.force_login(user)
        large.append(queries(client, url, data))
    assert small == large


# --- Schemes and rates --------------------------------------------------------------------------

SCHEME_FORM = {
    "irp_reference": "IRP report, December 2026",
    "basic_allowance": "5729.00",
    "carers_hourly_rate": "12.60",
    "claim_time_limit_months": "3",
    "payment_day": "15",
}


def test_scheme_pages_are_for_officers(client, request, year):
    for url in (
        reverse("members:officer-allowance-scheme-new"),
        reverse("members:officer-allowance-scheme-amend", args=["2025-26"]),
        reverse("members:officer-sra-rate", args=["2025-26"]),
    ):
        check_access(client, request, url, OFFICERS)


def test_making_a_scheme_before_its_year(client, officer):
    client.force_login(officer)
    url = reverse("members:officer-allowance-scheme-new")
    late = {**SCHEME_FORM, "year": "2027", "adopted_on_0": "1", "adopted_on_1": "4"}
    response = client.post(url, {**late, "adopted_on_2": "2027"})
    assert response.status_code == 200
    assert "The scheme must be made before the year begins" in response.text
    assert not AllowanceScheme.objects.exists()
    response = client.post(url, {**late, "adopted_on_1": "2", "adopted_on_2": "2027"})
    assert response.status_code == 302
    made = AllowanceScheme.objects.get()
    assert (made.label, made.basic_allowance, made.carers_hourly_rate) == (
        "2027-28",
        D("5729.00"),
        D("12.60"),
    )
    assert made.mileage.count() == 4
    response = client.post(url, {**SCHEME_FORM, "year": "2027", "adopted_on_0": ""})
    assert "Enter the date the council adopted the scheme" in response.text


def test_amending_a_scheme_and_setting_an_sra(client, officer, year):
    client.force_login(officer)
    url = reverse("members:officer-allowance-scheme-amend", args=["2025-26"])
    assert client.get(url).context["form"].initial["basic_allowance"] == D("5400.00")
    response = client.post(url, {**SCHEME_FORM, "basic_allowance": "5600.00"})
    assert response.status_code == 302
    year.refresh_from_db()
    assert year.basic_allowance == D("5600.00")
    assert AuditEvent.private_objects.filter(action="members.allowance_scheme.amend").count() == 1
    url = reverse("members:officer-sra-rate", args=["2025-26"])
    response = client.post(url, {"responsibility": "Chair of the Planning Committee"})
    assert "Enter the allowance a year" in response.text
    client.post(url, {"responsibility": "Chair of the Planning Committee", "annual_amount": "3780"})
    client.post(url, {"responsibility": "chair of the planning committee", "annual_amount": "3900"})
    [rate] = year.sra_rates.all()
    assert (rate.responsibility.name, rate.annual_amount) == (
        "Chair of the Planning Committee",
        D("3900.00"),
    )


def test_every_form_action_refuses_the_wrong_people(client, request, year, councillor):
    claim = own_claim(councillor)
    line = claim.lines.first()
    portal_posts = [
        reverse("members:portal-claim", args=[claim.pk]),
        reverse("members:portal-claim-submit", args=[claim.pk]),
        reverse("members:portal-claim-line-remove", args=[claim.pk, line.pk]),
    ]
    officer_posts = [
        reverse("members:officer-allowance-generate", args=["2025-26"]),
        reverse("members:officer-allowance-publish", args=["2025-26"]),
        reverse("members:officer-claim", args=[claim.pk]),
    ]
    for url in portal_posts + officer_posts:
        client.logout()
        response = client.post(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/login/")
        for persona in PERSONAS:
            allowed = COUNCILLORS if url in portal_posts else OFFICERS
            if persona in allowed:
                continue
            client.force_login(request.getfixturevalue(persona))
            assert client.post(url).status_code == 403, (url, persona)
    # The other councillor has the role but not the claim: 404, and nothing changed.
    client.force_login(request.getfixturevalue("other_councillor"))
    for url in portal_posts:
        assert client.post(url).status_code == 404, url
    claim.refresh_from_db()
    assert (claim.status, claim.lines.count()) == ("draft", 2)
    assert not AllowancePayment.private_objects.exists()
    year.refresh_from_db()
    assert year.totals_published_on is None


def test_recording_renunciations_and_withholdings(client, request, officer, councillor, year):
    new_renunciation = reverse("members:officer-renunciation")
    new_withholding = reverse("members:officer-withholding")
    for url in (new_renunciation, new_withholding):
        check_access(client, request, url, OFFICERS)
    client.force_login(officer)
    member = councillor.councillor
    notice = {
        "councillor": member.pk,
        "scope": "sra",
        "percentage": "50",
        "notice_given_on_0": "1",
        "notice_given_on_1": "10",
        "notice_given_on_2": "2025",
        "start_date_0": "1",
        "start_date_1": "9",
        "start_date_2": "2025",
    }
    response = client.post(new_renunciation, notice)
    assert "A renunciation takes effect no earlier than the notice" in response.text
    response = client.post(new_renunciation, {**notice, "start_date_1": "11"})
    assert response.status_code == 302
    [recorded] = Renunciation.private_objects.all()
    assert (recorded.scope, recorded.percentage, recorded.start_date) == (
        "sra",
        D("50"),
        date(2025, 11, 1),
    )
    suspension = {
        "councillor": member.pk,
        "start_date_0": "1",
        "start_date_1": "12",
        "start_date_2": "2025",
        "end_date_0": "1",
        "end_date_1": "11",
        "end_date_2": "2025",
        "reason": "Suspended",
    }
    response = client.post(new_withholding, suspension)
    assert "The end date must be after the start date (1 December 2025)" in response.text
    response = client.post(new_withholding, {**suspension, "end_date_1": "2", "end_date_2": "2026"})
    assert response.status_code == 302
    open_ended = {**suspension, "end_date_0": "", "end_date_1": "", "end_date_2": ""}
    response = client.post(new_withholding, open_ended)
    assert "Allowances are already withheld for part of that period." in response.text
    assert AllowanceWithholding.private_objects.count() == 1
    assert (
        AuditEvent.private_objects.filter(action="members.allowance_withholding.create").count()
        == 1
    )
