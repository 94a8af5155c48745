"""Writes to members' allowances: schemes and rates, special responsibilities, withholding and
renunciation, payroll details, expense claims and their approval, monthly payments; plus the
reads that several pages share (entitlement schedules, the reg 15 totals, the payroll export).

Every write is keyword-only, atomic, validated and audited. Payment rows are never edited: a
change of entitlement after a month was paid shows up as an adjustment row the next time a
month is generated.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.text import slugify

from democracy import audit, pdf_safety, spreadsheet
from democracy.constitution import constitution
from democracy.services import create_audited, update_audited
from members.models import (
    AllowancePayment,
    AllowanceScheme,
    AllowancesProfile,
    AllowanceWithholding,
    ClaimLine,
    CoOption,
    Councillor,
    ExpenseClaim,
    Head,
    MileageRate,
    PositionHolding,
    Renunciation,
    SpecialResponsibility,
    SpecialResponsibilityHolding,
    SRARate,
    Suspension,
    Term,
)
from members.models.allowances import year_label
from members.rules import allowances as rules

ZERO = Decimal("0.00")
MAX_RECEIPT_BYTES = 5 * 1024 * 1024
RECEIPT_TYPES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}

# HMRC approved mileage allowance payments rates (ITEPA 2003 s230; rates unchanged since
# 2011/12): the defaults for a new scheme, each changeable per scheme.
HMRC_MILEAGE = [
    (MileageRate.Vehicle.CAR, Decimal("0.45"), 10000, Decimal("0.25")),
    (MileageRate.Vehicle.MOTORCYCLE, Decimal("0.24"), None, None),
    (MileageRate.Vehicle.BICYCLE, Decimal("0.20"), None, None),
    (MileageRate.Vehicle.PASSENGER, Decimal("0.05"), None, None),
]


def fmt_date(day: date) -> str:
    return f"{day:%-d %B %Y}"


def money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


# --- Schemes and rates ------------------------------------------------------------------------


@transaction.atomic
def scheme_create(
    *,
    year_start: date,
    adopted_on: date,
    basic_allowance: Decimal,
    irp_reference: str = "",
    co_optees_allowance: Decimal = ZERO,
    carers_hourly_rate: Decimal = ZERO,
    carers_cap: Decimal = ZERO,
    subsistence_breakfast: Decimal = ZERO,
    subsistence_lunch: Decimal = ZERO,
    subsistence_evening_meal: Decimal = ZERO,
    claim_time_limit_months: int = 3,
    payment_day: int = 15,
    by,
) -> AllowanceScheme:
    """Make the scheme for a year, with HMRC's mileage rates. Reg 10(1): a scheme is made
    before the beginning of the year it covers."""
    if adopted_on >= year_start:
        raise ValidationError(
            {
                "adopted_on": "The scheme must be made before the year begins (SI 2003/1021 "
                f"reg 10): adopt it before {fmt_date(year_start)}, or amend the current "
                "scheme instead."
            }
        )
    if AllowanceScheme.objects.filter(year_start=year_start).exists():
        raise ValidationError(
            {"year_start": f"There is already a scheme for {rules.scheme_year_start(year_start)}."}
        )
    scheme = AllowanceScheme(
        year_start=year_start,
        adopted_on=adopted_on,
        irp_reference=irp_reference,
        basic_allowance=basic_allowance,
        co_optees_allowance=co_optees_allowance,
        carers_hourly_rate=carers_hourly_rate,
        carers_cap=carers_cap,
        subsistence_breakfast=subsistence_breakfast,
        subsistence_lunch=subsistence_lunch,
        subsistence_evening_meal=subsistence_evening_meal,
        claim_time_limit_months=claim_time_limit_months,
        payment_day=payment_day,
    )
    create_audited(
        scheme,
        "members.allowance_scheme.create",
        by=by,
        fields=["year_start", "adopted_on", "basic_allowance", "claim_time_limit_months"],
    )
    for vehicle, rate, threshold, above in HMRC_MILEAGE:
        MileageRate(
            scheme=scheme,
            vehicle=vehicle,
            rate=rate,
            threshold_miles=threshold,
            rate_above_threshold=above,
        ).save()
    return scheme


@transaction.atomic
def scheme_amend(*, scheme: AllowanceScheme, values: dict, by, note: str = "") -> AllowanceScheme:
    """Amend a scheme at any time in its year (reg 10); an amendment may be backdated to the
    start of the year (reg 10), so later instalments catch up the difference."""
    return update_audited(scheme, values, "members.allowance_scheme.amend", by=by, note=note)


@transaction.atomic
def mileage_rate_set(
    *,
    scheme: AllowanceScheme,
    vehicle: str,
    rate: Decimal,
    threshold_miles: int | None = None,
    rate_above_threshold: Decimal | None = None,
    by,
) -> MileageRate:
    existing = MileageRate.objects.filter(scheme=scheme, vehicle=vehicle).first()
    values = {
        "rate": rate,
        "threshold_miles": threshold_miles,
        "rate_above_threshold": rate_above_threshold,
    }
    if existing:
        return update_audited(existing, values, "members.mileage_rate.update", by=by)
    return create_audited(
        MileageRate(scheme=scheme, vehicle=vehicle, **values),
        "members.mileage_rate.create",
        by=by,
        fields=["scheme", "vehicle", *values],
    )


@transaction.atomic
def responsibility_create(*, name: str, by) -> SpecialResponsibility:
    return create_audited(
        SpecialResponsibility(name=name, slug=slugify(name)),
        "members.special_responsibility.create",
        by=by,
        fields=["name"],
    )


@transaction.atomic
def sra_rate_set(
    *, scheme: AllowanceScheme, responsibility: SpecialResponsibility, annual_amount: Decimal, by
) -> SRARate:
    """The year's special responsibility allowance for a responsibility (reg 5)."""
    existing = SRARate.objects.filter(scheme=scheme, responsibility=responsibility).first()
    if existing:
        return update_audited(
            existing, {"annual_amount": annual_amount}, "members.sra_rate.update", by=by
        )
    return create_audited(
        SRARate(scheme=scheme, responsibility=responsibility, annual_amount=annual_amount),
        "members.sra_rate.create",
        by=by,
        fields=["scheme", "responsibility", "annual_amount"],
    )


@transaction.atomic
def responsibility_assign(
    *,
    councillor: Councillor,
    responsibility: SpecialResponsibility,
    start_date: date,
    end_date: date | None = None,
    by,
) -> SpecialResponsibilityHolding:
    holding = SpecialResponsibilityHolding(
        councillor=councillor,
        responsibility=responsibility,
        start_date=start_date,
        end_date=end_date,
    )
    return create_audited(
        holding,
        "members.responsibility_holding.start",
        by=by,
        fields=["councillor", "responsibility", "start_date", "end_date"],
    )


@transaction.atomic
def responsibility_end(
    *, holding: SpecialResponsibilityHolding, end_date: date, by
) -> SpecialResponsibilityHolding:
    """``end_date`` is the first day the responsibility is no longer held."""
    return update_audited(
        holding, {"end_date": end_date}, "members.responsibility_holding.end", by=by
    )


@transaction.atomic
def withholding_record(
    *, councillor: Councillor, start_date: date, end_date: date | None, reason: str, by
) -> AllowanceWithholding:
    """Withhold a member's allowances for a period of suspension: basic allowance (reg 4(3)),
    and by the scheme's like provision SRA and the co-optees' allowance."""
    return create_audited(
        AllowanceWithholding(
            councillor=councillor, start_date=start_date, end_date=end_date, reason=reason
        ),
        "members.allowance_withholding.create",
        by=by,
        fields=["councillor", "start_date", "end_date", "reason"],
    )


@transaction.atomic
def renunciation_record(
    *,
    councillor: Councillor,
    scope: str,
    notice_given_on: date,
    start_date: date,
    percentage: Decimal = Decimal("100"),
    end_date: date | None = None,
    by,
) -> Renunciation:
    """Record a member's written notice forgoing all or part of an entitlement from a date.
    A notice cannot forgo what was already paid: it takes effect no earlier than it was given."""
    if start_date < notice_given_on:
        raise ValidationError(
            {
                "start_date": "A renunciation takes effect no earlier than the notice: "
                f"{fmt_date(notice_given_on)} or later."
            }
        )
    return create_audited(
        Renunciation(
            councillor=councillor,
            scope=scope,
            percentage=percentage,
            notice_given_on=notice_given_on,
            start_date=start_date,
            end_date=end_date,
        ),
        "members.renunciation.create",
        by=by,
        fields=["councillor", "scope", "percentage", "notice_given_on", "start_date", "end_date"],
    )


@transaction.atomic
def profile_set(
    *, councillor: Councillor, payroll_number: str, cost_centre: str = "", by
) -> AllowancesProfile:
    profile = AllowancesProfile.private_objects.filter(councillor=councillor).first()
    values = {"payroll_number": payroll_number, "cost_centre": cost_centre}
    if profile:
        return update_audited(profile, values, "members.allowances_profile.update", by=by)
    return create_audited(
        AllowancesProfile(councillor=councillor, **values),
        "members.allowances_profile.create",
        by=by,
        fields=["councillor", *values],
    )


# --- Entitlement ------------------------------------------------------------------------------


def _overlapping(year_start: date) -> Q:
    year_end = rules.next_year_start(year_start)
    return Q(start_date__lt=year_end) & (Q(end_date__isnull=True) | Q(end_date__gt=year_start))


@dataclass
class Entitlement:
    """A member's schedules for the year, by head: basic and sra for a councillor, co_optees
    for a co-opted member."""

    councillor_id: int
    schedules: dict[str, list[rules.Instalment]] = field(default_factory=dict)
    components: dict[str, list[rules.Component]] = field(default_factory=dict)

    def annual(self, head: str) -> Decimal:
        schedule = self.schedules.get(head)
        return schedule[-1].cumulative if schedule else ZERO

    def due_to(self, head: str, month: date) -> Decimal:
        schedule = self.schedules.get(head)
        return rules.due_to_date(schedule, month) if schedule else ZERO


def entitlements(
    scheme: AllowanceScheme, councillor_ids: Iterable[int] | None = None
) -> dict[int, Entitlement]:
    """Basic allowance and SRA schedules for every councillor in office during the year, and
    co-optees' allowance schedules for every co-opted member co-opted during it with the
    allowance payable (or those in ``councillor_ids``), in a fixed number of queries: eight,
    one fewer each when suspensions do not withhold and when the scheme pays no co-optees'
    allowance.

    A co-opted member is not a councillor: they hold no term, so no basic allowance (reg 4) and
    no SRA (reg 5); the scheme's co-optees' allowance (reg 9) is paid pro rata by days co-opted,
    as reg 4(2)(b) does for basic allowance, withheld and forgone in the same way."""
    overlapping = _overlapping(scheme.year_start)
    terms = Term.objects.filter(overlapping)
    co_options = CoOption.objects.filter(overlapping, allowance_payable=True)
    holdings = SpecialResponsibilityHolding.objects.filter(overlapping)
    # A position linked to a responsibility carries it while held (members.PositionHolding).
    held_posts = PositionHolding.objects.filter(
        overlapping, position__special_responsibilities__isnull=False
    )
    withholdings = AllowanceWithholding.private_objects.filter(overlapping)
    # Reg 4(3): the scheme may withhold allowances while a member is suspended.
    suspensions = (
        Suspension.all_objects.filter(overlapping)
        if constitution().allowances_withhold_during_suspension
        else Suspension.all_objects.none()
    )
    renunciations = Renunciation.private_objects.filter(overlapping)
    if councillor_ids is not None:
        ids = list(councillor_ids)
        terms, holdings, held_posts = (
            terms.filter(councillor_id__in=ids),
            holdings.filter(councillor_id__in=ids),
            held_posts.filter(councillor_id__in=ids),
        )
        co_options = co_options.filter(councillor_id__in=ids)
        withholdings = withholdings.filter(councillor_id__in=ids)
        suspensions = suspensions.filter(councillor_id__in=ids)
        renunciations = renunciations.filter(councillor_id__in=ids)
    rates = dict(
        SRARate.objects.filter(scheme=scheme).values_list("responsibility_id", "annual_amount")
    )

    held: dict[int, list[rules.Period]] = defaultdict(list)
    for councillor_id, start, end in terms.values_list("councillor_id", "start_date", "end_date"):
        held[councillor_id].append(rules.Period(start, end))
    co_opted: dict[int, list[rules.Period]] = defaultdict(list)
    if scheme.co_optees_allowance > 0:
        for councillor_id, start, end in co_options.values_list(
            "councillor_id", "start_date", "end_date"
        ):
            co_opted[councillor_id].append(rules.Period(start, end))
    posts: dict[int, list[rules.Component]] = defaultdict(list)
    explicit = list(
        holdings.values_list("councillor_id", "responsibility_id", "start_date", "end_date")
    )
    assigned = {
        (councillor_id, responsibility_id) for councillor_id, responsibility_id, *_ in explicit
    }
    # A responsibility recorded directly for a councillor in the year wins over the same
    # responsibility reached through a position, so it is never paid twice.
    through_posts = [
        row
        for row in held_posts.values_list(
            "councillor_id", "position__special_responsibilities", "start_date", "end_date"
        )
        if (row[0], row[1]) not in assigned
    ]
    for councillor_id, responsibility_id, start, end in sorted(set(explicit + through_posts)):
        if responsibility_id in rates:
            posts[councillor_id].append(
                rules.Component(annual=rates[responsibility_id], held=(rules.Period(start, end),))
            )
    withheld: dict[int, list[rules.Period]] = defaultdict(list)
    for councillor_id, start, end in [
        *withholdings.values_list("councillor_id", "start_date", "end_date"),
        *suspensions.values_list("councillor_id", "start_date", "end_date"),
    ]:
        withheld[councillor_id].append(rules.Period(start, end))
    forgone: dict[tuple[int, str], list[rules.Forgone]] = defaultdict(list)
    for councillor_id, scope, percentage, start, end in renunciations.values_list(
        "councillor_id", "scope", "percentage", "start_date", "end_date"
    ):
        notice = rules.Forgone(rules.Period(start, end), percentage / 100)
        for head in (Head.BASIC, Head.SRA, Head.CO_OPTEES):
            if scope in (head, Renunciation.Scope.ALL):
                forgone[councillor_id, head].append(notice)

    result = {}
    for councillor_id in set(held) | set(posts) | set(co_opted):
        entitlement = Entitlement(councillor_id)
        # SRA is paid only while in office: a post is held within a term.
        terms_held = held.get(councillor_id, [])
        entitlement.components[Head.BASIC] = (
            [rules.Component(annual=scheme.basic_allowance, held=tuple(terms_held))]
            if terms_held
            else []
        )
        entitlement.components[Head.SRA] = posts.get(councillor_id, [])
        # Reg 9: the co-optees' allowance, by days co-opted with the allowance payable.
        periods = co_opted.get(councillor_id, [])
        entitlement.components[Head.CO_OPTEES] = (
            [rules.Component(annual=scheme.co_optees_allowance, held=tuple(periods))]
            if periods
            else []
        )
        for head, components in entitlement.components.items():
            if not components:
                continue
            withheld_days = list(withheld.get(councillor_id, []))
            if head == Head.SRA:
                withheld_days += _gaps(terms_held, scheme.year_start)
            entitlement.schedules[head] = rules.monthly_schedule(
                year_start=scheme.year_start,
                components=components,
                withheld=withheld_days,
                forgone=forgone.get((councillor_id, head), []),
                payment_day=scheme.payment_day,
            )
        result[councillor_id] = entitlement
    return result


def _gaps(terms: list[rules.Period], year_start: date) -> list[rules.Period]:
    """The parts of the year not covered by ``terms`` (days out of office)."""
    gaps, cursor = [], year_start
    year_end = rules.next_year_start(year_start)
    for term in sorted(terms, key=lambda t: t.start):
        if term.start > cursor:
            gaps.append(rules.Period(cursor, term.start))
        if term.end is None:
            return gaps
        cursor = max(cursor, term.end)
    if cursor < year_end:
        gaps.append(rules.Period(cursor, year_end))
    return gaps


# --- Monthly payments -----------------------------------------------------------------------


# The heads paid monthly from the entitlement schedules, rather than by claim.
SCHEDULED_HEADS = (Head.BASIC, Head.SRA, Head.CO_OPTEES)


def pay_date_for(scheme: AllowanceScheme, month: date) -> date:
    return date(month.year, month.month, scheme.payment_day)


@transaction.atomic
def payments_generate(
    *, scheme: AllowanceScheme, month: date, by, today: date | None = None
) -> list[AllowancePayment]:
    """Create the month's payments: for basic allowance, SRA and the co-optees' allowance
    (reg 9), the cumulative entitlement to the end of the month less everything already paid (so a backdated change is caught up as an
    adjustment and the year sums exactly); and every approved expense claim, by head.

    Idempotent: a second run for the same month, with nothing changed, creates nothing. With
    ``today``, a month that has not begun is refused."""
    scheme = AllowanceScheme.objects.select_for_update().get(pk=scheme.pk)
    month = month.replace(day=1)
    if not scheme.year_start <= month < scheme.year_end:
        raise ValidationError({"month": f"{month:%B %Y} is not in the {scheme.label} scheme year."})
    pay_date = pay_date_for(scheme, month)
    if today is not None and month > today.replace(day=1):
        # Paying ahead would pay for days a member may not serve.
        raise ValidationError({"month": f"{month:%B %Y} cannot be paid before the month begins."})
    paid = defaultdict(lambda: ZERO)
    for councillor_id, head, amount in AllowancePayment.private_objects.filter(
        scheme=scheme, pay_date__lte=pay_date, head__in=SCHEDULED_HEADS
    ).values_list("councillor_id", "head", "amount"):
        paid[councillor_id, head] += amount
    scheduled = set(
        AllowancePayment.private_objects.filter(
            scheme=scheme, pay_date=pay_date, kind=AllowancePayment.Kind.SCHEDULED
        ).values_list("councillor_id", "head")
    )
    created = []
    for councillor_id, entitlement in sorted(entitlements(scheme).items()):
        for head in SCHEDULED_HEADS:
            difference = entitlement.due_to(head, month) - paid[councillor_id, head]
            if difference == 0:
                continue
            first = (councillor_id, head) not in scheduled
            created.append(
                AllowancePayment(
                    councillor_id=councillor_id,
                    scheme=scheme,
                    pay_date=pay_date,
                    head=head,
                    kind=(
                        AllowancePayment.Kind.SCHEDULED
                        if first
                        else AllowancePayment.Kind.ADJUSTMENT
                    ),
                    amount=difference,
                    note="" if first else "Entitlement changed after the month was generated",
                )
            )
    claims = list(
        ExpenseClaim.private_objects.filter(status=ExpenseClaim.Status.APPROVED)
        .select_for_update()
        .prefetch_related("lines")
    )
    for claim in claims:
        by_head = defaultdict(lambda: ZERO)
        for line in claim.lines.all():
            by_head[line.head] += line.amount
        for head, amount in sorted(by_head.items()):
            created.append(
                AllowancePayment(
                    councillor_id=claim.councillor_id,
                    scheme=scheme,
                    pay_date=pay_date,
                    head=head,
                    kind=AllowancePayment.Kind.CLAIM,
                    amount=amount,
                    claim=claim,
                    note=f"Claim {claim.pk}",
                )
            )
    for payment in created:
        # The related rows were just read; only the values need checking.
        payment.full_clean(exclude=["councillor", "scheme", "claim"], validate_constraints=False)
    AllowancePayment.private_objects.bulk_create(created)
    for claim in claims:
        update_audited(claim, {"status": ExpenseClaim.Status.PAID}, "members.claim.pay", by=by)
    if created:
        total = sum((p.amount for p in created), ZERO)
        audit.record(
            "members.allowance_payments.generate",
            scheme,
            by=by,
            note=f"{len(created)} payments totalling {money(total)} for {pay_date:%B %Y}",
        )
    return created


# --- Expense claims ---------------------------------------------------------------------------


def _check_draft(claim: ExpenseClaim) -> None:
    if claim.status != ExpenseClaim.Status.DRAFT:
        raise ValidationError(
            f"This claim is {claim.get_status_display().lower()}: only a draft can be changed."
        )


@transaction.atomic
def claim_create(
    *, councillor: Councillor, period_start: date, period_end: date, by
) -> ExpenseClaim:
    year_start = rules.scheme_year_start(period_start)
    scheme = AllowanceScheme.objects.filter(year_start=year_start).first()
    if scheme is None:
        raise ValidationError(
            {"period_start": f"There is no allowances scheme for {year_label(year_start)} yet."}
        )
    if period_end >= scheme.year_end:
        raise ValidationError(
            {
                "period_end": "A claim covers one scheme year: end it by "
                f"{fmt_date(date(scheme.year_end.year, 3, 31))} and claim the rest separately."
            }
        )
    claim = ExpenseClaim(
        councillor=councillor, scheme=scheme, period_start=period_start, period_end=period_end
    )
    return create_audited(
        claim, "members.claim.create", by=by, fields=["councillor", "period_start", "period_end"]
    )


def check_receipt(upload: UploadedFile, *, field_name: str = "receipt") -> str:
    """A receipt is a PDF, JPEG or PNG of at most 5 MB, checked by its content, not its name.
    Returns the extension to store it under."""
    if upload.size > MAX_RECEIPT_BYTES:
        raise ValidationError({field_name: f"{upload.name} is larger than 5 MB."})
    head = upload.read(16)
    upload.seek(0)
    for magic, extension in RECEIPT_TYPES.items():
        if head.startswith(magic):
            if extension == "pdf":
                # Officers open receipts: a PDF that runs anything is refused (pdf_safety), and
                # so is one locked by a password, which cannot be checked.
                data = upload.read()
                upload.seek(0)
                if pdf_safety.unreadable(data) == pdf_safety.LOCKED:
                    raise ValidationError(
                        {
                            field_name: f"{upload.name} is protected by a password: upload a "
                            "copy without one."
                        }
                    )
                found = pdf_safety.active_content(data)
                if found:
                    raise ValidationError({field_name: pdf_safety.refusal(upload.name, found)})
            return extension
    raise ValidationError({field_name: f"{upload.name} is not a PDF, JPEG or PNG file."})


def _subsistence_cap(scheme: AllowanceScheme, meal: str) -> Decimal:
    return {
        ClaimLine.Meal.BREAKFAST: scheme.subsistence_breakfast,
        ClaimLine.Meal.LUNCH: scheme.subsistence_lunch,
        ClaimLine.Meal.EVENING_MEAL: scheme.subsistence_evening_meal,
    }[meal]


def _bands(scheme: AllowanceScheme) -> dict[str, MileageRate]:
    return {rate.vehicle: rate for rate in scheme.mileage.all()}


@transaction.atomic
def claim_line_add(
    *,
    claim: ExpenseClaim,
    date: date,
    kind: str,
    purpose: str,
    meeting_reference: str = "",
    vehicle: str = "",
    from_place: str = "",
    to_place: str = "",
    miles: Decimal | None = None,
    passengers: int = 0,
    meal: str = "",
    hours: Decimal | None = None,
    amount: Decimal | None = None,
    receipt: UploadedFile | None = None,
    by,
) -> ClaimLine:
    """Add a line to a draft claim. Mileage and care are worked out from the scheme's rates
    (mileage provisionally: the 10,000-mile threshold is settled on submission); other travel
    and subsistence are entered, subsistence up to the scheme's rate for the meal."""
    claim = ExpenseClaim.private_objects.select_for_update().get(pk=claim.pk)
    _check_draft(claim)
    scheme = claim.scheme
    errors: dict[str, str] = {}
    if not claim.period_start <= date <= claim.period_end:
        errors["date"] = (
            f"The date must be within the claim's period, {fmt_date(claim.period_start)} "
            f"to {fmt_date(claim.period_end)}."
        )
    if kind == ClaimLine.Kind.MILEAGE:
        rates = _bands(scheme)
        if vehicle not in rates or vehicle == MileageRate.Vehicle.PASSENGER:
            errors["vehicle"] = "Select the vehicle you travelled in."
        if miles is None or miles <= 0:
            errors["miles"] = "Enter the miles travelled, more than 0."
        if not from_place or not to_place:
            errors["from_place" if not from_place else "to_place"] = (
                "Enter where the journey started and ended."
            )
        if not errors:
            amount = _mileage(scheme, vehicle, miles, passengers, already=Decimal(0)).amount
    elif kind == ClaimLine.Kind.CARERS:
        if hours is None or hours <= 0:
            errors["hours"] = "Enter the hours of care, more than 0."
        else:
            amount = rules.carers_amount(
                hours=hours, hourly_rate=scheme.carers_hourly_rate, cap=scheme.carers_cap
            )
    else:
        if amount is None or amount <= 0:
            errors["amount"] = "Enter the amount spent, more than £0."
        if kind == ClaimLine.Kind.OTHER_TRAVEL and receipt is None:
            errors["receipt"] = "Upload the receipt or ticket for this journey."
        if kind == ClaimLine.Kind.SUBSISTENCE:
            if not meal:
                errors["meal"] = "Select the meal."
            elif amount is not None and amount > _subsistence_cap(scheme, meal):
                errors["amount"] = (
                    f"The scheme pays up to {money(_subsistence_cap(scheme, meal))} for "
                    f"{ClaimLine.Meal(meal).label.lower()}."
                )
    if receipt is not None and "receipt" not in errors:
        try:
            check_receipt(receipt)
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    position = (
        claim.lines.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    line = ClaimLine(
        claim=claim,
        position=position,
        date=date,
        kind=kind,
        purpose=purpose,
        meeting_reference=meeting_reference,
        vehicle=vehicle if kind == ClaimLine.Kind.MILEAGE else "",
        from_place=from_place,
        to_place=to_place,
        miles=miles if kind == ClaimLine.Kind.MILEAGE else None,
        passengers=passengers if kind == ClaimLine.Kind.MILEAGE else 0,
        meal=meal if kind == ClaimLine.Kind.SUBSISTENCE else "",
        hours=hours if kind == ClaimLine.Kind.CARERS else None,
        amount=amount,
    )
    if receipt is not None:
        line.receipt = receipt
    return create_audited(
        line,
        "members.claim_line.create",
        by=by,
        fields=["claim", "position", "date", "kind", "amount", "receipt"],
    )


def _mileage(scheme, vehicle, miles, passengers, *, already) -> rules.Mileage:
    rates = _bands(scheme)
    rate = rates[vehicle]
    passenger = rates.get(MileageRate.Vehicle.PASSENGER)
    bands = rules.MileageBands(
        rate=rate.rate,
        threshold=Decimal(rate.threshold_miles) if rate.threshold_miles is not None else None,
        rate_above=rate.rate_above_threshold,
    )
    return rules.mileage_amount(
        miles=miles,
        bands=bands,
        already_this_tax_year=already,
        passengers=passengers,
        passenger_rate=passenger.rate if passenger else Decimal(0),
    )


@transaction.atomic
def claim_line_remove(*, line: ClaimLine, by) -> None:
    claim = ExpenseClaim.private_objects.select_for_update().get(pk=line.claim_id)
    _check_draft(claim)
    audit.record("members.claim_line.delete", line, by=by, note=str(line))
    if line.receipt:
        name = line.receipt.name
        storage = line.receipt.storage
        transaction.on_commit(lambda: storage.delete(name))
    line.delete()


@transaction.atomic
def claim_submit(*, claim: ExpenseClaim, today: date, by) -> ExpenseClaim:
    """Submit a draft claim. Every line must be within the scheme's time limit (a scheme
    provision: claims within N months of the day the entitlement arose); mileage
    is settled against the miles already claimed in each tax year, splitting a journey that
    crosses HMRC's 10,000-mile threshold."""
    claim = (
        ExpenseClaim.private_objects.select_for_update().select_related("scheme").get(pk=claim.pk)
    )
    _check_draft(claim)
    lines = list(claim.lines.order_by("date", "position"))
    if not lines:
        raise ValidationError("Add at least one line before submitting the claim.")
    months = claim.scheme.claim_time_limit_months
    late = rules.late_lines(
        [(line.position, line.date) for line in sorted(lines, key=lambda x: x.position)],
        submitted_on=today,
        months=months,
    )
    if late:
        noun = dict.fromkeys((ClaimLine.Kind.MILEAGE, ClaimLine.Kind.OTHER_TRAVEL), "journey")
        kinds = {line.position: line.kind for line in lines}
        raise ValidationError(
            [
                f"Line {number}: the {noun.get(kinds[number], 'expense')} on {fmt_date(day)} is "
                f"more than {months} months before this claim (the last day to claim for it "
                f"was {fmt_date(deadline)}). Remove the line to submit the rest."
                for number, day, deadline in late
            ]
        )
    _settle_mileage(claim, lines, by=by)
    return update_audited(
        claim,
        {"status": ExpenseClaim.Status.SUBMITTED, "submitted_on": today},
        "members.claim.submit",
        by=by,
    )


def _settle_mileage(claim: ExpenseClaim, lines: list[ClaimLine], *, by) -> None:
    mileage = [line for line in lines if line.kind == ClaimLine.Kind.MILEAGE]
    if not mileage:
        return
    tax_years = {rules.tax_year_start(line.date) for line in mileage}
    earlier = (
        ClaimLine.private_objects.filter(
            claim__councillor_id=claim.councillor_id,
            kind=ClaimLine.Kind.MILEAGE,
            claim__status__in=[
                ExpenseClaim.Status.SUBMITTED,
                ExpenseClaim.Status.APPROVED,
                ExpenseClaim.Status.PAID,
            ],
            date__gte=min(tax_years),
        )
        .exclude(claim=claim)
        .values_list("date", "vehicle", "miles")
    )
    claimed = defaultdict(lambda: Decimal(0))
    for day, vehicle, miles in earlier:
        claimed[rules.tax_year_start(day), vehicle] += miles
    for line in mileage:
        key = (rules.tax_year_start(line.date), line.vehicle)
        amount = _mileage(
            claim.scheme, line.vehicle, line.miles, line.passengers, already=claimed[key]
        ).amount
        claimed[key] += line.miles
        if amount != line.amount:
            update_audited(line, {"amount": amount}, "members.claim_line.settle", by=by)


@transaction.atomic
def claim_approve(*, claim: ExpenseClaim, by) -> ExpenseClaim:
    claim = ExpenseClaim.private_objects.select_for_update().get(pk=claim.pk)
    if claim.status != ExpenseClaim.Status.SUBMITTED:
        raise ValidationError("Only a submitted claim can be approved.")
    return update_audited(
        claim,
        {"status": ExpenseClaim.Status.APPROVED, "decided_at": timezone.now(), "decided_by": by},
        "members.claim.approve",
        by=by,
    )


@transaction.atomic
def claim_reject(*, claim: ExpenseClaim, reason: str, by) -> ExpenseClaim:
    claim = ExpenseClaim.private_objects.select_for_update().get(pk=claim.pk)
    if claim.status != ExpenseClaim.Status.SUBMITTED:
        raise ValidationError("Only a submitted claim can be rejected.")
    if not reason.strip():
        raise ValidationError({"rejection_reason": "Enter the reason for rejecting the claim."})
    return update_audited(
        claim,
        {
            "status": ExpenseClaim.Status.REJECTED,
            "rejection_reason": reason.strip(),
            "decided_at": timezone.now(),
            "decided_by": by,
        },
        "members.claim.reject",
        by=by,
    )


# --- Reg 15 publication -----------------------------------------------------------------------


@dataclass(frozen=True)
class YearTotals:
    """One recipient's totals for the year in the five categories of reg 15(2)."""

    name: str
    basic: Decimal
    sra: Decimal
    carers: Decimal
    travel_subsistence: Decimal
    co_optees: Decimal

    @property
    def total(self) -> Decimal:
        return self.basic + self.sra + self.carers + self.travel_subsistence + self.co_optees


PUBLICATION_COLUMNS = [
    "Name",
    "Basic allowance",
    "Special responsibility allowance",
    "Dependants' carers' allowance",
    "Travelling and subsistence allowance",
    "Co-optees' allowance",
    "Total",
]


def year_totals(scheme: AllowanceScheme, *, recipients=None) -> list[YearTotals]:
    """The total sum paid in the year to each recipient under each head (SI 2003/1021
    reg 15(2)), from the payment record: one query, whatever the number of payments.
    ``recipients`` (a Councillor QuerySet) limits it to them: the public publication passes
    ``members.public.public_members()``.

    Recipients are named formally, so a co-opted member ("Mrs Helen Marsh") is not mistaken
    for a councillor ("Councillor Ann Smith"); sorted by surname."""
    sums = defaultdict(lambda: defaultdict(lambda: ZERO))
    people: dict[int, Councillor] = {}
    payments = AllowancePayment.private_objects.in_year(scheme.year_start)
    if recipients is not None:
        payments = payments.filter(councillor__in=recipients.values("pk"))
    rows = (
        payments.values(
            "councillor_id",
            "councillor__kind",
            "councillor__title",
            "councillor__first_name",
            "councillor__last_name",
            "head",
        )
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        councillor_id = row["councillor_id"]
        people[councillor_id] = Councillor(
            kind=row["councillor__kind"],
            title=row["councillor__title"],
            first_name=row["councillor__first_name"],
            last_name=row["councillor__last_name"],
        )
        sums[councillor_id][row["head"]] += row["total"]
    result = []
    for councillor_id, person in sorted(
        people.items(), key=lambda item: (item[1].last_name, item[1].first_name, item[0])
    ):
        heads = sums[councillor_id]
        result.append(
            YearTotals(
                name=person.formal_name,
                basic=heads[Head.BASIC],
                sra=heads[Head.SRA],
                carers=heads[Head.CARERS],
                travel_subsistence=heads[Head.TRAVEL] + heads[Head.SUBSISTENCE],
                co_optees=heads[Head.CO_OPTEES],
            )
        )
    return result


def publication_csv(scheme: AllowanceScheme, *, recipients=None) -> str:
    out = io.StringIO()
    writer = spreadsheet.writer(out)
    writer.writerow(PUBLICATION_COLUMNS)
    for row in year_totals(scheme, recipients=recipients):
        writer.writerow(
            [
                row.name,
                row.basic,
                row.sra,
                row.carers,
                row.travel_subsistence,
                row.co_optees,
                row.total,
            ]
        )
    return out.getvalue()


@transaction.atomic
def publication_publish(*, scheme: AllowanceScheme, on: date, by) -> AllowanceScheme:
    """Publish the year's totals (reg 15(2): as soon as reasonably practicable after the end of
    the year)."""
    if on < scheme.year_end:
        raise ValidationError(
            f"The {scheme.label} totals can be published once the year has ended, from "
            f"{fmt_date(scheme.year_end)}."
        )
    return update_audited(
        scheme, {"totals_published_on": on}, "members.allowance_scheme.publish_totals", by=by
    )


# --- Payroll export -------------------------------------------------------------------------

PAYROLL_FIELDS = {
    "payroll_number",
    "name",
    "surname",
    "forenames",
    "cost_centre",
    "element_code",
    "head",
    "amount",
    "pay_date",
}

# Illustrative column layouts for two finance systems common in councils; a council sets its
# own in ALLOWANCES_PAYROLL_FORMATS.
PAYROLL_PRESETS: dict[str, dict] = {
    "integra": {
        "label": "Integra",
        "columns": [
            ["Employee No", "payroll_number"],
            ["Surname", "surname"],
            ["Forenames", "forenames"],
            ["Cost Centre", "cost_centre"],
            ["Pay Element", "element_code"],
            ["Value", "amount"],
            ["Effective Date", "pay_date"],
        ],
        "element_codes": {
            "basic": "MA01",
            "sra": "MA02",
            "carers": "MA03",
            "travel": "MA04",
            "subsistence": "MA05",
            "co_optees": "MA06",
        },
        "date_format": "%d/%m/%Y",
    },
    "agresso": {
        "label": "Agresso (Unit4 ERP)",
        "columns": [
            ["Resource ID", "payroll_number"],
            ["Resource name", "name"],
            ["Cost centre", "cost_centre"],
            ["Wage type", "element_code"],
            ["Amount", "amount"],
            ["Pay date", "pay_date"],
        ],
        "element_codes": {
            "basic": "4101",
            "sra": "4102",
            "carers": "4103",
            "travel": "4110",
            "subsistence": "4111",
            "co_optees": "4104",
        },
        "date_format": "%Y-%m-%d",
    },
}


def payroll_formats() -> dict[str, dict]:
    """The presets plus any the council defines in ``ALLOWANCES_PAYROLL_FORMATS`` (JSON: name
    to {label, columns: [[header, field]...], element_codes: {head: code}, date_format})."""
    formats = {**PAYROLL_PRESETS}
    for name, spec in (getattr(settings, "ALLOWANCES_PAYROLL_FORMATS", None) or {}).items():
        try:
            columns = [(str(header), str(name_)) for header, name_ in spec["columns"]]
            codes = {str(k): str(v) for k, v in spec.get("element_codes", {}).items()}
        except (KeyError, TypeError, ValueError) as exc:
            raise ImproperlyConfigured(f"ALLOWANCES_PAYROLL_FORMATS[{name!r}]: {exc}") from None
        unknown = {f for _, f in columns} - PAYROLL_FIELDS
        if unknown:
            raise ImproperlyConfigured(
                f"ALLOWANCES_PAYROLL_FORMATS[{name!r}]: unknown fields {sorted(unknown)}; "
                f"choose from {sorted(PAYROLL_FIELDS)}"
            )
        formats[name] = {
            "label": spec.get("label", name),
            "columns": columns,
            "element_codes": codes,
            "date_format": spec.get("date_format", "%d/%m/%Y"),
        }
    return formats


def payroll_csv(*, scheme: AllowanceScheme, month: date, format_name: str) -> str:
    """The month's payments for the payroll system, one row per payment, in a fixed number of
    queries. Personal data: for officers only."""
    spec = payroll_formats()[format_name]
    pay_date = pay_date_for(scheme, month.replace(day=1))
    payments = AllowancePayment.private_objects.filter(
        scheme=scheme, pay_date=pay_date
    ).select_related("councillor__allowances_profile")
    default_centre = constitution().allowances_cost_centre
    out = io.StringIO()
    writer = spreadsheet.writer(out)
    writer.writerow([header for header, _ in spec["columns"]])
    for payment in payments:
        councillor = payment.councillor
        profile = getattr(councillor, "allowances_profile", None)
        values = {
            "payroll_number": profile.payroll_number if profile else "",
            "name": councillor.full_name,
            "surname": councillor.last_name,
            "forenames": councillor.first_name,
            "cost_centre": (profile.cost_centre if profile else "") or default_centre,
            "element_code": spec["element_codes"].get(payment.head, payment.head),
            "head": payment.get_head_display(),
            "amount": payment.amount,
            "pay_date": payment.pay_date.strftime(spec["date_format"]),
        }
        writer.writerow([values[name] for _, name in spec["columns"]])
    return out.getvalue()
