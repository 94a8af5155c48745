"""Allowance services against PostgreSQL: schemes, monthly payments (idempotent, exact to the
penny, corrections as adjustments), expense claims through submission and approval (time limit,
mileage threshold across claims, receipts), the reg 15 totals and the payroll export."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from democracy.models import AuditEvent
from democracy.tests.factories import CouncillorFactory, TermFactory, set_constitution
from members.models import AllowancePayment, ClaimLine, ExpenseClaim, MileageRate
from members.rules.allowances import add_months
from members.services import allowances as services
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


def generate_year(s, months: int = 12):
    for n in range(months):
        services.payments_generate(scheme=s, month=add_months(s.year_start, n), by=None)


def paid(councillor, head=None) -> D:
    rows = AllowancePayment.private_objects.filter(councillor=councillor)
    if head:
        rows = rows.filter(head=head)
    return sum((p.amount for p in rows), D("0"))


def paid_head(head: str) -> D:
    rows = AllowancePayment.private_objects.filter(head=head)
    return sum((p.amount for p in rows), D("0"))


def test_a_scheme_is_made_before_its_year_with_hmrc_mileage_rates():
    with pytest.raises(ValidationError) as error:
        services.scheme_create(
            year_start=Y2025, adopted_on=date(2025, 4, 1), basic_allowance=D("5400"), by=None
        )
    assert "reg 10)" in error.value.message_dict["adopted_on"][0]
    s = scheme()
    rates = {r.vehicle: (r.rate, r.threshold_miles) for r in s.mileage.all()}
    assert rates == {
        MileageRate.Vehicle.CAR: (D("0.450"), 10000),
        MileageRate.Vehicle.MOTORCYCLE: (D("0.240"), None),
        MileageRate.Vehicle.BICYCLE: (D("0.200"), None),
        MileageRate.Vehicle.PASSENGER: (D("0.050"), None),
    }
    assert AuditEvent.private_objects.filter(action="members.allowance_scheme.create").count() == 1


def test_a_year_of_payments_sums_exactly_and_regenerating_creates_nothing():
    s = scheme()
    # Elected at the May 2023 ordinary election: in office the whole of 2025/26.
    whole = TermFactory().councillor
    # Elected at a by-election, taking office 14 October 2025: 14 Oct-31 Mar is 169 days:
    # 5,400 x 169 / 365 = 2,500.27.
    late = TermFactory(start_date=date(2025, 10, 14), start_reason="by_election").councillor
    leader = whole
    services.responsibility_assign(
        councillor=leader, responsibility=leader_post(s), start_date=date(2023, 5, 16), by=None
    )
    generate_year(s)
    assert paid(whole, "basic") == D("5400.00")
    assert paid(whole, "sra") == D("10800.00")
    assert paid(late, "basic") == D("2500.27")
    assert AllowancePayment.private_objects.filter(kind="adjustment").count() == 0
    before = AllowancePayment.private_objects.count()
    generate_year(s)
    assert AllowancePayment.private_objects.count() == before


def test_a_suspension_recorded_late_is_corrected_by_an_adjustment_never_an_edit():
    s = scheme()
    councillor = TermFactory().councillor
    generate_year(s, months=8)  # April to November paid in full
    first_rows = {p.pk: p.amount for p in AllowancePayment.private_objects.all()}
    # Then a suspension from 1 November 2025 to 31 December 2025 is recorded.
    services.withholding_record(
        councillor=councillor,
        start_date=date(2025, 11, 1),
        end_date=date(2026, 1, 1),
        reason="Suspended by the standards committee",
        by=None,
    )
    # Re-running November creates an adjustment taking back November's instalment.
    [adjustment] = services.payments_generate(scheme=s, month=date(2025, 11, 1), by=None)
    assert adjustment.kind == "adjustment" and adjustment.amount < 0
    generate_year(s)
    # Nothing already paid was edited.
    assert {
        p.pk: p.amount for p in AllowancePayment.private_objects.filter(pk__in=first_rows)
    } == first_rows
    # 5,400 x 304 / 365 = 4,497.53 for the year (61 days withheld).
    assert paid(councillor) == D("4497.53")


def test_a_backdated_amendment_is_caught_up_and_the_year_still_sums_exactly():
    s = scheme()
    councillor = TermFactory().councillor
    generate_year(s, months=6)
    services.scheme_amend(scheme=s, values={"basic_allowance": D("5600.00")}, by=None)
    generate_year(s)
    assert paid(councillor) == D("5600.00")


def test_renunciation_reduces_the_payments_and_cannot_predate_the_notice():
    s = scheme()
    councillor = TermFactory().councillor
    with pytest.raises(ValidationError) as error:
        services.renunciation_record(
            councillor=councillor,
            scope="basic",
            notice_given_on=date(2025, 10, 1),
            start_date=date(2025, 9, 1),
            by=None,
        )
    assert "start_date" in error.value.message_dict
    services.renunciation_record(
        councillor=councillor,
        scope="all",
        percentage=D("50"),
        notice_given_on=date(2025, 9, 20),
        start_date=date(2025, 10, 1),
        by=None,
    )
    generate_year(s)
    assert paid(councillor) == D("4053.70")  # as in the rules test: (183 + 91) / 365


def test_a_late_line_is_refused_by_number_and_nothing_changes(officer):
    s = scheme()
    councillor = TermFactory().councillor
    claim = services.claim_create(
        councillor=councillor, period_start=date(2026, 1, 1), period_end=date(2026, 3, 31), by=None
    )
    for day in (date(2026, 3, 10), date(2026, 2, 3), date(2026, 1, 2)):
        services.claim_line_add(
            claim=claim,
            date=day,
            kind="mileage",
            purpose="Council",
            vehicle="car",
            from_place="Home",
            to_place="Kingsmere House",
            miles=D("10"),
            by=None,
        )
    with pytest.raises(ValidationError) as error:
        services.claim_submit(claim=claim, today=date(2026, 4, 3), by=None)
    assert error.value.messages == [
        "Line 3: the journey on 2 January 2026 is more than 3 months before this claim (the "
        "last day to claim for it was 2 April 2026). Remove the line to submit the rest."
    ]
    claim.refresh_from_db()
    assert claim.status == "draft" and claim.submitted_on is None
    assert s.claim_time_limit_months == 3
    services.claim_line_remove(line=claim.lines.get(position=3), by=None)
    services.claim_submit(claim=claim, today=date(2026, 4, 3), by=None)
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_the_10000_mile_threshold_is_counted_across_claims_in_the_tax_year():
    scheme()
    councillor = TermFactory().councillor
    first = services.claim_create(
        councillor=councillor, period_start=date(2025, 6, 1), period_end=date(2025, 6, 30), by=None
    )
    services.claim_line_add(
        claim=first,
        date=date(2025, 6, 2),
        kind="mileage",
        purpose="Outside bodies",
        vehicle="car",
        from_place="Home",
        to_place="County Hall",
        miles=D("9990"),
        by=None,
    )
    services.claim_submit(claim=first, today=date(2025, 7, 1), by=None)
    second = services.claim_create(
        councillor=councillor, period_start=date(2025, 7, 1), period_end=date(2025, 7, 31), by=None
    )
    line = services.claim_line_add(
        claim=second,
        date=date(2025, 7, 2),
        kind="mileage",
        purpose="Cabinet",
        vehicle="car",
        from_place="Home",
        to_place="Kingsmere House",
        miles=D("25"),
        passengers=1,
        by=None,
    )
    assert line.amount == D("12.50")  # provisional: 25 x 45p + 25 x 5p
    services.claim_submit(claim=second, today=date(2025, 7, 3), by=None)
    line.refresh_from_db()
    # 10 miles at 45p (4.50) + 15 at 25p (3.75) + passenger 25 x 5p (1.25).
    assert line.amount == D("9.50")


def test_lines_are_checked_field_by_field(councillor):
    scheme()
    claim = claim_with_lines(councillor.councillor, lines=0)
    with pytest.raises(ValidationError) as error:
        services.claim_line_add(
            claim=claim, date=date(2025, 10, 1), kind="other_travel", purpose="Train", by=None
        )
    assert set(error.value.message_dict) == {"date", "amount", "receipt"}
    with pytest.raises(ValidationError) as error:
        services.claim_line_add(
            claim=claim,
            date=date(2025, 9, 2),
            kind="other_travel",
            purpose="Train",
            amount=D("8.40"),
            receipt=receipt("ticket.exe", b"MZ\x90\x00"),
            by=None,
        )
    assert error.value.message_dict == {"receipt": ["ticket.exe is not a PDF, JPEG or PNG file."]}
    with pytest.raises(ValidationError) as error:
        services.claim_line_add(
            claim=claim,
            date=date(2025, 9, 2),
            kind="subsistence",
            purpose="Lunch at the LGA conference",
            meal="lunch",
            amount=D("12.00"),
            by=None,
        )
    assert error.value.message_dict == {"amount": ["The scheme pays up to £10.00 for lunch."]}
    care = services.claim_line_add(
        claim=claim,
        date=date(2025, 9, 3),
        kind="carers",
        purpose="Care for a child during Council",
        hours=D("3.5"),
        by=None,
    )
    assert care.amount == D("42.74")
    ticket = services.claim_line_add(
        claim=claim,
        date=date(2025, 9, 4),
        kind="other_travel",
        purpose="Train to the LGA",
        amount=D("28.40"),
        receipt=receipt("ticket.pdf", PDF),
        by=None,
    )
    assert ticket.receipt.name == f"allowances/receipts/{claim.pk}/2.pdf"
    assert ClaimLine.private_objects.filter(claim=claim).count() == 2


def test_approval_rejection_and_payment_of_claims(officer):
    s = scheme()
    councillor = TermFactory().councillor
    approved = claim_with_lines(councillor, lines=2)
    rejected = claim_with_lines(councillor, start=date(2025, 10, 1), end=date(2025, 10, 31))
    for claim in (approved, rejected):
        services.claim_submit(claim=claim, today=date(2025, 11, 1), by=None)
    with pytest.raises(ValidationError):
        services.claim_reject(claim=rejected, reason="  ", by=officer)
    services.claim_reject(claim=rejected, reason="The meeting was cancelled.", by=officer)
    services.claim_approve(claim=approved, by=officer)
    with pytest.raises(ValidationError):
        services.claim_approve(claim=approved, by=officer)
    created = services.payments_generate(scheme=s, month=date(2025, 11, 1), by=officer)
    [travel] = [p for p in created if p.kind == "claim"]
    assert (travel.head, travel.amount, travel.claim_id) == ("travel", D("10.80"), approved.pk)
    approved.refresh_from_db()
    rejected.refresh_from_db()
    assert (approved.status, rejected.status) == ("paid", "rejected")
    assert services.payments_generate(scheme=s, month=date(2025, 11, 1), by=officer) == []
    actions = set(AuditEvent.private_objects.values_list("action", flat=True))
    assert {"members.claim.approve", "members.claim.reject", "members.claim.pay"} <= actions


def test_the_published_totals_equal_the_payments_to_the_penny():
    s = scheme()
    councillors = [TermFactory().councillor for _ in range(5)]
    councillors.append(
        TermFactory(start_date=date(2025, 8, 19), start_reason="by_election").councillor
    )
    post = leader_post(s)
    services.responsibility_assign(
        councillor=councillors[0],
        responsibility=post,
        start_date=date(2023, 5, 16),
        end_date=date(2025, 9, 17),
        by=None,
    )
    services.responsibility_assign(
        councillor=councillors[1], responsibility=post, start_date=date(2025, 9, 17), by=None
    )
    services.withholding_record(
        councillor=councillors[2],
        start_date=date(2025, 6, 3),
        end_date=date(2025, 7, 29),
        reason="Suspended",
        by=None,
    )
    claim = claim_with_lines(councillors[3], lines=3)
    services.claim_submit(claim=claim, today=date(2025, 10, 1), by=None)
    services.claim_approve(claim=claim, by=None)
    # Co-opted members: one from Mon 2 June 2025 who claims travel too, one whose co-option
    # ended on 1 December 2025, one whose co-option carries no allowance (never a recipient).
    marsh = co_optee(first_name="Helen", last_name="Marsh")
    left = co_optee(start=date(2024, 1, 15), end=date(2025, 12, 1), title="Mr")
    co_optee(payable=False, title="Ms")
    claim = claim_with_lines(marsh, lines=2)
    services.claim_submit(claim=claim, today=date(2025, 10, 1), by=None)
    services.claim_approve(claim=claim, by=None)
    generate_year(s)
    totals = {row.name: row for row in services.year_totals(s)}
    assert len(totals) == 8
    for councillor in [*councillors, marsh, left]:
        row = totals[councillor.formal_name]
        assert row.total == paid(councillor)
        assert row.basic == paid(councillor, "basic")
        assert row.sra == paid(councillor, "sra")
        assert row.travel_subsistence == paid(councillor, "travel")
        assert row.co_optees == paid(councillor, "co_optees")
    assert totals[councillors[0].formal_name].sra + totals[councillors[1].formal_name].sra == D(
        "10800.00"
    )
    assert totals["Mrs Helen Marsh"].co_optees == D("996.16")  # 303 days of 365
    assert totals["Mrs Helen Marsh"].travel_subsistence == D("10.80")  # 2 x 12 miles at 45p
    assert totals[left.formal_name].co_optees == D("802.19")  # 244 days of 365
    assert sum(r.co_optees for r in totals.values()) == paid_head("co_optees")
    assert sum(r.total for r in totals.values()) == sum(
        AllowancePayment.private_objects.values_list("amount", flat=True)
    )
    csv_text = services.publication_csv(s)
    assert csv_text.splitlines()[0].startswith("Name,Basic allowance,")
    assert "Mrs Helen Marsh,0.00,0.00,0.00,10.80,996.16,1006.96" in csv_text.splitlines()
    with pytest.raises(ValidationError):
        services.publication_publish(scheme=s, on=date(2026, 3, 31), by=None)
    services.publication_publish(scheme=s, on=date(2026, 5, 20), by=None)


def test_the_payroll_export_uses_the_chosen_layout_and_element_codes(settings):
    s = scheme()
    councillor = CouncillorFactory(first_name="Ada", last_name="=Lovelace")
    TermFactory(councillor=councillor)
    services.profile_set(
        councillor=councillor, payroll_number="M0042", cost_centre="DEM01", by=None
    )
    services.payments_generate(scheme=s, month=date(2025, 4, 1), by=None)
    integra = services.payroll_csv(scheme=s, month=date(2025, 4, 1), format_name="integra")
    assert integra.splitlines() == [
        "Employee No,Surname,Forenames,Cost Centre,Pay Element,Value,Effective Date",
        "M0042,'=Lovelace,Ada,DEM01,MA01,443.84,15/04/2025",  # 5,400 x 30 / 365
    ]
    agresso = services.payroll_csv(scheme=s, month=date(2025, 4, 1), format_name="agresso")
    assert agresso.splitlines()[1] == "M0042,Ada =Lovelace,DEM01,4101,443.84,2025-04-15"
    settings.ALLOWANCES_PAYROLL_FORMATS = {
        "itrent": {"columns": [["Pay number", "payroll_number"], ["Pay", "amount"]]}
    }
    assert services.payroll_csv(
        scheme=s, month=date(2025, 4, 1), format_name="itrent"
    ).splitlines() == ["Pay number,Pay", "M0042,443.84"]
    settings.ALLOWANCES_PAYROLL_FORMATS = {"bad": {"columns": [["NI number", "ni_number"]]}}
    with pytest.raises(ImproperlyConfigured, match="ni_number"):
        services.payroll_formats()


def test_a_member_without_a_cost_centre_takes_the_constitutions():
    set_constitution(allowances_cost_centre="DEM99")
    s = scheme()
    councillor = CouncillorFactory(first_name="Ada", last_name="Lovelace")
    TermFactory(councillor=councillor)
    services.profile_set(councillor=councillor, payroll_number="M0042", cost_centre="", by=None)
    services.payments_generate(scheme=s, month=date(2025, 4, 1), by=None)
    integra = services.payroll_csv(scheme=s, month=date(2025, 4, 1), format_name="integra")
    assert integra.splitlines()[1] == "M0042,Lovelace,Ada,DEM99,MA01,443.84,15/04/2025"


def test_a_claim_is_for_one_scheme_year_that_has_a_scheme():
    scheme()
    councillor = TermFactory().councillor
    with pytest.raises(ValidationError) as error:
        services.claim_create(
            councillor=councillor,
            period_start=date(2026, 4, 1),
            period_end=date(2026, 4, 30),
            by=None,
        )
    assert error.value.message_dict["period_start"] == [
        "There is no allowances scheme for 2026-27 yet."
    ]
    with pytest.raises(ValidationError) as error:
        services.claim_create(
            councillor=councillor,
            period_start=date(2026, 3, 1),
            period_end=date(2026, 4, 30),
            by=None,
        )
    assert "31 March 2026" in error.value.message_dict["period_end"][0]
    assert ExpenseClaim.private_objects.count() == 0


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Suspensions and positions from the members' records ---------------------------------------


def test_a_suspension_on_the_members_record_withholds_allowances(settings):
    """Reg 4(3): the scheme may withhold allowances for a period of suspension. The standards
    committee's suspension recorded on the member's record (members.Suspension) is enough."""
    s = scheme()
    councillor = TermFactory().councillor
    records.suspension_record(
        councillor=councillor,
        start_date=date(2025, 11, 1),
        end_date=date(2026, 1, 1),
        reason="Suspended by the standards committee",
        by=None,
    )
    generate_year(s)
    # 5,400 x 304 / 365 = 4,497.53 for the year (61 days withheld), as in the case above.
    assert paid(councillor) == D("4497.53")


def test_a_council_that_does_not_withhold_pays_through_a_suspension():
    set_constitution(allowances_withhold_during_suspension=False)
    s = scheme()
    councillor = TermFactory().councillor
    records.suspension_record(
        councillor=councillor,
        start_date=date(2025, 11, 1),
        end_date=date(2026, 1, 1),
        reason="Suspended",
        by=None,
    )
    generate_year(s)
    assert paid(councillor) == D("5400.00")


def test_a_position_linked_to_a_responsibility_carries_its_sra_once():
    s = scheme()
    responsibility = leader_post(s)  # £10,800 a year
    leader = records.position_create(title="Leader of the Council", kind="leader", by=None)
    responsibility.positions.add(leader)
    councillor = TermFactory(start_date=date(2023, 5, 8)).councillor
    # Became Leader on Wed 17 September 2025: 196 days to 31 March 2026 inclusive.
    records.holding_start(
        position=leader, councillor=councillor, start_date=date(2025, 9, 17), by=None
    )
    generate_year(s)
    assert paid(councillor, "sra") == D("5799.45")  # 10,800 x 196 / 365
    # Recording the same responsibility directly as well does not pay it twice.
    services.responsibility_assign(
        councillor=councillor, responsibility=responsibility, start_date=date(2025, 9, 17), by=None
    )
    services.payments_generate(scheme=s, month=date(2026, 3, 1), by=None)
    assert paid(councillor, "sra") == D("5799.45")
