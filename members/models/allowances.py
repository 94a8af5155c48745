"""Members' allowances and expenses under the Local Authorities (Members' Allowances) (England)
Regulations 2003 (SI 2003/1021): the scheme for each year (reg 10), basic allowance (reg 4),
special responsibility allowances (reg 5), dependants' carers' allowance (reg 7), travelling and
subsistence (reg 8), co-optees' allowance (reg 9), and the record of payments (reg 15).

Payments, claims, renunciations, withholdings and payroll details are personal data: those
models have no plain ``objects`` manager; reg 15's published totals are derived from payments.

``SpecialResponsibility``/``SpecialResponsibilityHolding`` and ``AllowanceWithholding`` stand in
for positions and suspensions recorded elsewhere in the members app; they may later be linked.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from democracy.permissions import has_role
from democracy.roles import Role
from democracy.storage import private_storage
from democracy.text_limits import SHORT, LimitedTextField
from democracy.validity import PeriodMixin, ends_after_start, no_overlap
from members.models.councillors import Councillor

OFFICER_ROLES = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)
MONEY = {"max_digits": 10, "decimal_places": 2}
ZERO = Decimal("0.00")


def is_allowances_officer(user) -> bool:
    """Democratic services officers administer the scheme (no finance role exists)."""
    return has_role(user, *OFFICER_ROLES)


def year_label(year_start: date) -> str:
    """``2025-26`` for the year beginning 1 April 2025."""
    return f"{year_start.year}-{(year_start.year + 1) % 100:02d}"


class Head(models.TextChoices):
    """The heads of payment, as reg 15(2) publishes them."""

    BASIC = "basic", "Basic allowance"
    SRA = "sra", "Special responsibility allowance"
    CARERS = "carers", "Dependants' carers' allowance"
    TRAVEL = "travel", "Travelling allowance"
    SUBSISTENCE = "subsistence", "Subsistence allowance"
    CO_OPTEES = "co_optees", "Co-optees' allowance"


class AllowanceScheme(models.Model):
    """The members' allowances scheme for one year (1 April to 31 March), made before the year
    begins (reg 10); an amendment may be backdated to the start of the year (reg 10), which
    the payment schedule then catches up."""

    year_start = models.DateField(unique=True, help_text="1 April of the year the scheme covers.")
    adopted_on = models.DateField(help_text="When full council adopted the scheme.")
    irp_reference = models.CharField(
        "independent remuneration panel recommendation",
        max_length=300,
        blank=True,
        help_text="The panel's report the council had regard to in making the scheme.",
    )
    basic_allowance = models.DecimalField(
        **MONEY, help_text="A year's basic allowance, the same for every member (reg 4(1))."
    )
    co_optees_allowance = models.DecimalField(
        **MONEY, default=ZERO, help_text="A year's co-optees' allowance (reg 9)."
    )
    carers_hourly_rate = models.DecimalField(
        **MONEY, default=ZERO, help_text="Dependants' carers' allowance per hour (reg 7)."
    )
    carers_cap = models.DecimalField(
        **MONEY, default=ZERO, help_text="The most paid for care on one occasion (reg 7)."
    )
    subsistence_breakfast = models.DecimalField(**MONEY, default=ZERO)
    subsistence_lunch = models.DecimalField(**MONEY, default=ZERO)
    subsistence_evening_meal = models.DecimalField(**MONEY, default=ZERO)
    claim_time_limit_months = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="Claims for travel, subsistence and care must be made within this many months "
        "of the day the entitlement arose (a provision of the scheme).",
    )
    payment_day = models.PositiveSmallIntegerField(
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="The day of each month allowances are paid through payroll.",
    )
    totals_published_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the year's totals were published under reg 15(2); the public page "
        "shows them from then.",
    )

    class Meta:
        ordering = ["-year_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_start__month=4, year_start__day=1),
                name="allowance_scheme_starts_1_april",
            )
        ]

    def __str__(self) -> str:
        return f"Members' allowances scheme {self.label}"

    def clean(self) -> None:
        super().clean()
        if self.year_start and (self.year_start.month, self.year_start.day) != (4, 1):
            raise ValidationError({"year_start": "A scheme year begins on 1 April."})

    @property
    def label(self) -> str:
        return year_label(self.year_start)

    @property
    def year_end(self) -> date:
        """The first day after the year (1 April of the next year)."""
        return date(self.year_start.year + 1, 4, 1)


class MileageRate(models.Model):
    """HMRC approved mileage allowance payments rates for a scheme: car/van 45p a mile for the
    first 10,000 business miles in the tax year and 25p after, motorcycles 24p, bicycles 20p,
    5p per passenger per mile (ITEPA 2003 ss229-236)."""

    class Vehicle(models.TextChoices):
        CAR = "car", "Car or van"
        MOTORCYCLE = "motorcycle", "Motorcycle"
        BICYCLE = "bicycle", "Bicycle"
        PASSENGER = "passenger", "Passenger (per passenger)"

    scheme = models.ForeignKey(AllowanceScheme, on_delete=models.CASCADE, related_name="mileage")
    vehicle = models.CharField(max_length=20, choices=Vehicle.choices)
    rate = models.DecimalField(max_digits=6, decimal_places=3, help_text="Pounds per mile.")
    threshold_miles = models.PositiveIntegerField(
        null=True, blank=True, help_text="Business miles in a tax year paid at the rate above."
    )
    rate_above_threshold = models.DecimalField(
        max_digits=6, decimal_places=3, null=True, blank=True
    )

    class Meta:
        ordering = ["scheme", "vehicle"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "vehicle"], name="mileage_rate_unique"),
            models.CheckConstraint(
                condition=Q(threshold_miles__isnull=True, rate_above_threshold__isnull=True)
                | Q(threshold_miles__isnull=False, rate_above_threshold__isnull=False),
                name="mileage_threshold_has_rate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_vehicle_display()} at £{self.rate} a mile"


class SpecialResponsibility(models.Model):
    """A special responsibility specified in the scheme (reg 5(1)), e.g. Leader of the Council."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    positions = models.ManyToManyField(
        "members.Position",
        blank=True,
        related_name="special_responsibilities",
        help_text="Holding any of these positions carries this responsibility, for as long as "
        "it is held (members' positions and their dates).",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "special responsibilities"

    def __str__(self) -> str:
        return self.name


class SRARate(models.Model):
    """The year's special responsibility allowance for a responsibility (reg 5)."""

    scheme = models.ForeignKey(AllowanceScheme, on_delete=models.CASCADE, related_name="sra_rates")
    responsibility = models.ForeignKey(
        SpecialResponsibility, on_delete=models.PROTECT, related_name="rates"
    )
    annual_amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["scheme", "-annual_amount"]
        verbose_name = "SRA rate"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "responsibility"], name="sra_rate_unique")
        ]

    def __str__(self) -> str:
        return f"{self.responsibility}: £{self.annual_amount:,}"


class SpecialResponsibilityHolding(PeriodMixin, models.Model):
    """A councillor holding a special responsibility; ``end_date`` is the first day no longer
    held (the periods of ``democracy.validity``)."""

    councillor = models.ForeignKey(
        Councillor, on_delete=models.CASCADE, related_name="responsibility_holdings"
    )
    responsibility = models.ForeignKey(
        SpecialResponsibility, on_delete=models.PROTECT, related_name="holdings"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=ends_after_start(), name="sra_holding_ends_after_start"
            ),
            no_overlap(
                "sra_holding_no_overlap",
                "councillor",
                "responsibility",
                message="This councillor already holds that responsibility for part of the period.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.councillor.full_name}, {self.responsibility}"


class PrivateQuerySet(models.QuerySet):
    """Rows about one councillor: officers see all, a councillor their own, others nothing."""

    councillor_path = "councillor__user"

    def visible_to(self, user):
        if is_allowances_officer(user):
            return self
        if getattr(user, "is_authenticated", False):
            return self.filter(**{self.councillor_path: user})
        return self.none()


class AllowanceWithholding(PeriodMixin, models.Model):
    """Allowances withheld while a member is suspended (reg 4(3)); the scheme withholds SRA and
    the co-optees' allowance likewise."""

    councillor = models.ForeignKey(
        Councillor, on_delete=models.CASCADE, related_name="allowance_withholdings"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="The first day paid again.")
    reason = models.CharField(max_length=300)

    private_objects = PrivateQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=ends_after_start(), name="withholding_ends_after_start"
            ),
            no_overlap(
                "withholding_no_overlap",
                "councillor",
                message="Allowances are already withheld for part of that period.",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"Allowances of {self.councillor.full_name} withheld from {self.start_date:%-d %B %Y}"
        )


class Renunciation(PeriodMixin, models.Model):
    """A member's written notice electing to forgo all or part of an entitlement from a date
    (the renunciation provision council schemes make; regulation number unverified). A co-opted
    member may forgo their co-optees' allowance (reg 9) the same way; "all" covers it too."""

    class Scope(models.TextChoices):
        BASIC = "basic", "Basic allowance"
        SRA = "sra", "Special responsibility allowance"
        CO_OPTEES = "co_optees", "Co-optees' allowance"
        ALL = "all", "Basic, special responsibility and co-optees' allowances"

    councillor = models.ForeignKey(
        Councillor, on_delete=models.CASCADE, related_name="renunciations"
    )
    scope = models.CharField(max_length=10, choices=Scope.choices)
    percentage = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
        help_text="The part of the entitlement forgone, as a percentage.",
    )
    notice_given_on = models.DateField()
    start_date = models.DateField(help_text="The first day forgone.")
    end_date = models.DateField(null=True, blank=True, help_text="The first day claimed again.")

    private_objects = PrivateQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=ends_after_start(), name="renunciation_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.councillor.full_name} forgoes {self.percentage}% ({self.get_scope_display()})"
        )


class AllowancesProfile(models.Model):
    """A member's payroll details: private, never published."""

    councillor = models.OneToOneField(
        Councillor, on_delete=models.CASCADE, related_name="allowances_profile"
    )
    payroll_number = models.CharField(max_length=30, blank=True)
    cost_centre = models.CharField(max_length=30, blank=True)

    private_objects = PrivateQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return f"Payroll details of {self.councillor.full_name}"


class ExpenseClaimQuerySet(PrivateQuerySet):
    pass


class ExpenseClaim(models.Model):
    """A claim for travelling and subsistence (reg 8) or dependants' carers' allowance (reg 7)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        PAID = "paid", "Paid"

    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="claims")
    scheme = models.ForeignKey(AllowanceScheme, on_delete=models.PROTECT, related_name="claims")
    period_start = models.DateField()
    period_end = models.DateField(help_text="The last day the claim covers.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejection_reason = LimitedTextField(max_length=SHORT, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    private_objects = ExpenseClaimQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"
        base_manager_name = "private_objects"
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="claim_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="claim_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"Claim by {self.councillor.full_name} for {self.period_start:%-d %B %Y} "
            f"to {self.period_end:%-d %B %Y}"
        )

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": "The end of the period must not be before its start."}
            )


def receipt_upload_to(line: ClaimLine, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"allowances/receipts/{line.claim_id}/{line.position}.{extension}"


class ClaimLineQuerySet(PrivateQuerySet):
    councillor_path = "claim__councillor__user"


class ClaimLine(models.Model):
    """A line of a claim: a journey, a meal or a period of care, with its receipt if any."""

    class Kind(models.TextChoices):
        MILEAGE = "mileage", "Mileage"
        OTHER_TRAVEL = "other_travel", "Train, bus, taxi or parking"
        SUBSISTENCE = "subsistence", "Subsistence"
        CARERS = "carers", "Dependants' care"

    class Meal(models.TextChoices):
        BREAKFAST = "breakfast", "Breakfast"
        LUNCH = "lunch", "Lunch"
        EVENING_MEAL = "evening_meal", "Evening meal"

    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    purpose = models.CharField(max_length=300)
    meeting_reference = models.CharField(max_length=300, blank=True)
    vehicle = models.CharField(max_length=20, choices=MileageRate.Vehicle.choices, blank=True)
    from_place = models.CharField(max_length=200, blank=True)
    to_place = models.CharField(max_length=200, blank=True)
    miles = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    passengers = models.PositiveSmallIntegerField(default=0)
    meal = models.CharField(max_length=20, choices=Meal.choices, blank=True)
    hours = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(**MONEY)
    receipt = models.FileField(
        upload_to=receipt_upload_to, storage=private_storage, blank=True, max_length=200
    )

    private_objects = ClaimLineQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"
        base_manager_name = "private_objects"
        ordering = ["claim", "position"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "position"], name="claim_line_position"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="claim_line_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Line {self.position}: {self.get_kind_display()} on {self.date:%-d %B %Y}"

    @property
    def head(self) -> str:
        return {
            self.Kind.MILEAGE: Head.TRAVEL,
            self.Kind.OTHER_TRAVEL: Head.TRAVEL,
            self.Kind.SUBSISTENCE: Head.SUBSISTENCE,
            self.Kind.CARERS: Head.CARERS,
        }[self.kind]


class AllowancePaymentQuerySet(PrivateQuerySet):
    def in_year(self, year_start: date):
        return self.filter(pay_date__gte=year_start, pay_date__lt=date(year_start.year + 1, 4, 1))


class AllowancePayment(models.Model):
    """One payment through payroll: the reg 15(1) record (recipient, amount, nature).

    Rows are never edited: a correction is an adjustment row. A scheduled row is unique for its
    member, head and pay date, so generating a month twice creates nothing new."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", "Monthly instalment"
        ADJUSTMENT = "adjustment", "Adjustment"
        CLAIM = "claim", "Expense claim"

    councillor = models.ForeignKey(
        Councillor, on_delete=models.PROTECT, related_name="allowance_payments"
    )
    scheme = models.ForeignKey(AllowanceScheme, on_delete=models.PROTECT, related_name="payments")
    pay_date = models.DateField()
    head = models.CharField(max_length=20, choices=Head.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    amount = models.DecimalField(**MONEY)
    claim = models.ForeignKey(
        ExpenseClaim, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    private_objects = AllowancePaymentQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"
        base_manager_name = "private_objects"
        ordering = ["pay_date", "councillor", "head", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["councillor", "head", "pay_date"],
                condition=Q(kind="scheduled"),
                name="payment_one_instalment_per_month",
            ),
            models.UniqueConstraint(
                fields=["claim", "head"],
                condition=Q(kind="claim"),
                name="payment_claim_paid_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_head_display()} £{self.amount} to {self.councillor.full_name} on {self.pay_date:%-d %B %Y}"
