"""Members' allowances and expenses.

Member portal (Councillor or Co-opted Member): "Your allowances" (entitlement, payments by
month, renunciations; a co-opted member's is the co-optees' allowance, SI 2003/1021 reg 9) and
"Your expense claims" (travel and subsistence, reg 8, and care, reg 7: draft a claim, add lines
and receipts, submit, follow it). A member sees only their own: anyone else's claim is a 404.

Officer pages (Democratic Services Officer or Manager) under ``officers/allowances/``: schemes
and rates, the claims queue with approval and rejection, generating a month's payments, the
payroll export and the reg 15 publication.

Public: the year's totals per member (SI 2003/1021 reg 15(2)) once published, as a page and a
CSV; they carry names and totals only, never payroll numbers or claim details.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from crispy_forms_gds.layout import Field, Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from democracy import spreadsheet
from democracy.forms import GovDateField, date_question, gov_helper
from democracy.permissions import role_required
from democracy.public_cache import public_conditional
from democracy.roles import MEMBER_ROLES, Role
from members import public
from members.models import (
    AllowancePayment,
    AllowanceScheme,
    AllowanceWithholding,
    ClaimLine,
    Councillor,
    ExpenseClaim,
    Head,
    MileageRate,
    Renunciation,
    SpecialResponsibility,
)
from members.models.allowances import is_allowances_officer
from members.rules import allowances as rules
from members.services import allowances as services

OFFICERS = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)
YEAR = r"(?P<year>\d{4}-\d{2})"

STATUS_TAGS = {
    ExpenseClaim.Status.DRAFT: "govuk-tag--grey",
    ExpenseClaim.Status.SUBMITTED: "govuk-tag--blue",
    ExpenseClaim.Status.APPROVED: "govuk-tag--green",
    ExpenseClaim.Status.REJECTED: "govuk-tag--red",
    ExpenseClaim.Status.PAID: "govuk-tag--purple",
}


# --- Fetching what the user may see -------------------------------------------------------------


def councillor_of(user) -> Councillor | None:
    return Councillor.all_objects.filter(user=user).first() if user.is_authenticated else None


def scheme_for_label(label: str) -> AllowanceScheme:
    year_start = rules.parse_year_label(label)
    scheme = AllowanceScheme.objects.filter(year_start=year_start).first() if year_start else None
    if scheme is None:
        raise Http404("No such scheme")
    return scheme


def claims_with_totals(queryset):
    return queryset.select_related("councillor", "scheme").annotate(
        total=Sum("lines__amount"), line_count=Count("lines")
    )


def get_own_claim(request: HttpRequest, pk: int) -> tuple[Councillor, ExpenseClaim]:
    """The claim if it is the signed-in member's own (councillor or co-opted member), else 404."""
    councillor = councillor_of(request.user)
    claim = (
        ExpenseClaim.private_objects.visible_to(request.user)
        .filter(pk=pk, councillor=councillor)
        .select_related("scheme", "councillor")
        .prefetch_related("lines")
        .first()
        if councillor
        else None
    )
    if claim is None:
        raise Http404("No such claim")
    return councillor, claim


def get_claim_for_officer(request: HttpRequest, pk: int) -> ExpenseClaim:
    claim = (
        ExpenseClaim.private_objects.visible_to(request.user)
        .select_related("scheme", "councillor", "decided_by")
        .prefetch_related("lines")
        .filter(pk=pk)
        .first()
    )
    if claim is None:
        raise Http404("No such claim")
    return claim


def service_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in ValidationError(errors).messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def current_scheme(today: date) -> AllowanceScheme | None:
    return AllowanceScheme.objects.filter(year_start=rules.scheme_year_start(today)).first()


# --- Forms --------------------------------------------------------------------------------------


class ClaimForm(forms.Form):
    period_start = GovDateField(
        label="First day the claim covers", help_text="For example, 1 9 2025"
    )
    period_end = GovDateField(label="Last day the claim covers", help_text="For example, 30 9 2025")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            date_question("period_start"),
            date_question("period_end"),
            Submit("start", "Start a claim"),
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The last day must be on or after the first day")
        return data


def _money_field(label: str, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"invalid": f"{label} must be an amount in pounds, like 12.50"},
        **kwargs,
    )


class ClaimLineForm(forms.Form):
    date = GovDateField(label="Date", help_text="The day of the journey, meal or care.")
    kind = forms.ChoiceField(
        label="What are you claiming for?",
        choices=ClaimLine.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are claiming for"},
    )
    purpose = forms.CharField(
        label="Purpose",
        max_length=300,
        help_text="The approved duty, for example Planning Committee.",
        error_messages={"required": "Enter the purpose"},
    )
    meeting_reference = forms.CharField(
        label="Meeting or event (optional)", max_length=300, required=False
    )
    vehicle = forms.ChoiceField(
        label="Vehicle (mileage only)",
        required=False,
        choices=[("", "Select a vehicle")]
        + [c for c in MileageRate.Vehicle.choices if c[0] != MileageRate.Vehicle.PASSENGER],
    )
    from_place = forms.CharField(label="From (mileage only)", max_length=200, required=False)
    to_place = forms.CharField(label="To (mileage only)", max_length=200, required=False)
    miles = forms.DecimalField(
        label="Miles (mileage only)",
        required=False,
        max_digits=7,
        decimal_places=1,
        min_value=Decimal("0.1"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"invalid": "Miles must be a number, like 12.5"},
    )
    passengers = forms.IntegerField(
        label="Passengers on council business (mileage only)",
        required=False,
        min_value=0,
        max_value=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    meal = forms.ChoiceField(
        label="Meal (subsistence only)",
        required=False,
        choices=[("", "Select a meal"), *ClaimLine.Meal.choices],
    )
    hours = forms.DecimalField(
        label="Hours of care (dependants' care only)",
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.25"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"invalid": "Hours must be a number, like 3.5"},
    )
    amount = _money_field(
        "Amount spent (train, bus, taxi, parking or subsistence)",
        help_text="Mileage and care are worked out from the scheme's rates.",
    )
    receipt = forms.FileField(
        label="Receipt or ticket",
        required=False,
        help_text="A PDF, JPEG or PNG up to 5 MB. Needed for train, bus, taxi and parking.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            date_question("date"),
            Field.radios("kind"),
            Field.text("purpose"),
            Field.text("meeting_reference"),
            Field.select("vehicle"),
            Field.text("from_place"),
            Field.text("to_place"),
            Field.text("miles", field_width=5),
            Field.text("passengers", field_width=2),
            Field.select("meal"),
            Field.text("hours", field_width=5),
            Field.text("amount", field_width=10),
            Field("receipt", accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"),
            Submit("add", "Add the line"),
        )


class SchemeForm(forms.Form):
    """The scheme's amounts; ``year`` only when making a new scheme."""

    year = forms.IntegerField(
        label="Year the scheme begins",
        min_value=2000,
        max_value=2100,
        help_text="The scheme runs from 1 April of this year to 31 March of the next. "
        "For example, 2027.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": "Enter the year the scheme begins"},
    )
    adopted_on = GovDateField(
        label="Date the council adopted the scheme", help_text="For example, 24 2 2027"
    )
    irp_reference = forms.CharField(
        label="Independent remuneration panel report (optional)", max_length=300, required=False
    )
    basic_allowance = _money_field("Basic allowance a year")
    co_optees_allowance = _money_field("Co-optees' allowance a year (optional)")
    carers_hourly_rate = _money_field("Dependants' carers' allowance an hour (optional)")
    carers_cap = _money_field("Most paid for care on one occasion (optional)")
    subsistence_breakfast = _money_field("Breakfast up to (optional)")
    subsistence_lunch = _money_field("Lunch up to (optional)")
    subsistence_evening_meal = _money_field("Evening meal up to (optional)")
    claim_time_limit_months = forms.IntegerField(
        label="Months allowed to claim expenses",
        min_value=1,
        max_value=24,
        initial=3,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": "Enter the months allowed to claim expenses"},
    )
    payment_day = forms.IntegerField(
        label="Day of the month allowances are paid",
        min_value=1,
        max_value=28,
        initial=15,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": "Enter the day of the month allowances are paid"},
    )

    AMOUNTS = [
        "co_optees_allowance",
        "carers_hourly_rate",
        "carers_cap",
        "subsistence_breakfast",
        "subsistence_lunch",
        "subsistence_evening_meal",
    ]

    def __init__(self, *args, new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basic_allowance"].required = True
        self.fields["basic_allowance"].error_messages["required"] = "Enter the basic allowance"
        layout = [
            Field.text("year", field_width=4) if new else None,
            date_question("adopted_on") if new else None,
            Field.text("irp_reference"),
            Field.text("basic_allowance", field_width=10),
            *(Field.text(name, field_width=10) for name in self.AMOUNTS),
            Field.text("claim_time_limit_months", field_width=2),
            Field.text("payment_day", field_width=2),
            Submit("save", "Make the scheme" if new else "Amend the scheme"),
        ]
        if not new:
            del self.fields["year"], self.fields["adopted_on"]
        self.helper = gov_helper(*[item for item in layout if item is not None])

    def values(self) -> dict:
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in ("irp_reference", "basic_allowance", "claim_time_limit_months")
        }
        values["payment_day"] = data["payment_day"]
        values.update({name: data[name] or Decimal("0.00") for name in self.AMOUNTS})
        return values


class SRARateForm(forms.Form):
    responsibility = forms.CharField(
        label="Special responsibility",
        max_length=200,
        help_text="As the scheme names it, for example Chair of the Planning Committee.",
        error_messages={"required": "Enter the special responsibility"},
    )
    annual_amount = _money_field("Allowance a year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annual_amount"].required = True
        self.fields["annual_amount"].error_messages["required"] = "Enter the allowance a year"
        self.helper = gov_helper(
            Field.text("responsibility"),
            Field.text("annual_amount", field_width=10),
            Submit("save", "Set the allowance"),
        )


def _councillor_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Member",
        help_text="A councillor or a co-opted member.",
        queryset=Councillor.all_objects.order_by("last_name", "first_name"),
        empty_label="Select a member",
        error_messages={"required": "Select the member"},
    )


class RenunciationForm(forms.Form):
    councillor = _councillor_field()
    scope = forms.ChoiceField(
        label="Allowance forgone",
        choices=Renunciation.Scope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the allowance forgone"},
    )
    percentage = forms.DecimalField(
        label="Percentage forgone",
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        decimal_places=2,
        initial=Decimal("100"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"required": "Enter the percentage forgone"},
    )
    notice_given_on = GovDateField(label="Date of the written notice")
    start_date = GovDateField(label="First day forgone")
    end_date = GovDateField(label="First day claimed again (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.select("councillor"),
            Field.radios("scope"),
            Field.text("percentage", field_width=5),
            date_question("notice_given_on"),
            date_question("start_date"),
            date_question("end_date"),
            Submit("save", "Record the notice"),
        )


class WithholdingForm(forms.Form):
    councillor = _councillor_field()
    start_date = GovDateField(label="First day withheld")
    end_date = GovDateField(label="First day paid again (optional)", required=False)
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        help_text="For example, the decision suspending the member.",
        error_messages={"required": "Enter the reason"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.select("councillor"),
            date_question("start_date"),
            date_question("end_date"),
            Field.text("reason"),
            Submit("save", "Withhold the allowances"),
        )


class RejectForm(forms.Form):
    rejection_reason = forms.CharField(
        label="Reason for rejecting the claim",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the reason for rejecting the claim"},
        help_text="The member sees this reason.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.textarea("rejection_reason"),
            Submit("reject", "Reject the claim", css_class="govuk-button--warning"),
        )


class MonthForm(forms.Form):
    month = forms.ChoiceField(label="Month", choices=())
    format = forms.ChoiceField(label="Payroll system", choices=(), required=False)

    def __init__(
        self,
        *args,
        scheme: AllowanceScheme,
        submit: str,
        with_format: bool = False,
        action: str | None = None,
        method: str = "post",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [
            (f"{m:%Y-%m}", f"{m:%B %Y}") for m in rules.months_of(scheme.year_start)
        ]
        layout = [Field.select("month")]
        if with_format:
            self.fields["format"].choices = [
                (name, spec["label"]) for name, spec in services.payroll_formats().items()
            ]
            self.fields["format"].required = True
            layout.append(Field.select("format"))
        else:
            del self.fields["format"]
        self.helper = gov_helper(*layout, Submit("go", submit), method=method, action=action)

    def month_start(self) -> date:
        year, month = self.cleaned_data["month"].split("-")
        return date(int(year), int(month), 1)


# --- Member portal ------------------------------------------------------------------------------


@role_required(*MEMBER_ROLES)
def statement(request: HttpRequest) -> HttpResponse:
    """Your allowances: the year's entitlement, entitlement and payments to date, payments by
    month, renunciations and any withholding. A councillor's heads are basic allowance and SRA;
    a co-opted member's the co-optees' allowance (reg 9)."""
    today = timezone.localdate()
    councillor = councillor_of(request.user)
    schemes = list(AllowanceScheme.objects.all())
    label = request.GET.get("year", "")
    wanted = rules.parse_year_label(label) if label else rules.scheme_year_start(today)
    scheme = next((s for s in schemes if s.year_start == wanted), None)
    context = {"councillor": councillor, "schemes": schemes, "scheme": scheme}
    if councillor and scheme:
        entitlement = services.entitlements(scheme, [councillor.pk]).get(councillor.pk)
        to_month = min(today, date(scheme.year_end.year, 3, 1)).replace(day=1)
        if today < scheme.year_start:
            to_month = None
        heads = []
        for head in (Head.CO_OPTEES,) if councillor.is_co_opted else (Head.BASIC, Head.SRA):
            heads.append(
                {
                    "label": Head(head).label,
                    "annual": entitlement.annual(head) if entitlement else Decimal("0"),
                    "to_date": (
                        entitlement.due_to(head, to_month)
                        if entitlement and to_month
                        else Decimal("0")
                    ),
                }
            )
        payments = list(
            AllowancePayment.private_objects.visible_to(request.user)
            .filter(councillor=councillor)
            .in_year(scheme.year_start)
            .select_related("claim")
        )
        context.update(
            heads=heads,
            payments=payments,
            paid_total=sum((p.amount for p in payments), Decimal("0")),
            renunciations=Renunciation.private_objects.visible_to(request.user).filter(
                councillor=councillor
            ),
            withholdings=AllowanceWithholding.private_objects.visible_to(request.user).filter(
                councillor=councillor
            ),
            to_month=to_month,
        )
    return render(request, "members/allowances/statement.html", context)


@role_required(*MEMBER_ROLES)
def claim_list(request: HttpRequest) -> HttpResponse:
    """Your expense claims, and the form to start one."""
    councillor = councillor_of(request.user)
    form = ClaimForm(request.POST or None)
    if councillor and request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_create(
                councillor=councillor,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                by=request.user,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Claim started. Add a line for each journey, meal or care.")
            return redirect("members:portal-claim", claim.pk)
    claims = (
        claims_with_totals(
            ExpenseClaim.private_objects.visible_to(request.user).filter(councillor=councillor)
        )
        if councillor
        else []
    )
    return render(
        request,
        "members/allowances/claims.html",
        {"councillor": councillor, "claims": claims, "form": form, "tags": STATUS_TAGS},
    )


@role_required(*MEMBER_ROLES)
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A claim of one's own: its lines; while a draft, the form to add a line."""
    _, claim = get_own_claim(request, pk)
    form = None
    if claim.status == ExpenseClaim.Status.DRAFT:
        form = ClaimLineForm(request.POST or None, request.FILES or None, prefix="line")
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.claim_line_add(
                    claim=claim,
                    date=data["date"],
                    kind=data["kind"],
                    purpose=data["purpose"],
                    meeting_reference=data["meeting_reference"],
                    vehicle=data["vehicle"],
                    from_place=data["from_place"],
                    to_place=data["to_place"],
                    miles=data["miles"],
                    passengers=data["passengers"] or 0,
                    meal=data["meal"],
                    hours=data["hours"],
                    amount=data["amount"],
                    receipt=data["receipt"],
                    by=request.user,
                )
            except ValidationError as error:
                service_errors(form, error)
            else:
                messages.success(request, "Line added.")
                return redirect("members:portal-claim", claim.pk)
    elif request.method == "POST":
        return HttpResponse(status=405)
    return render(
        request,
        "members/allowances/claim.html",
        {
            "claim": claim,
            "form": form,
            "portal": True,
            "tags": STATUS_TAGS,
            "total": sum((line.amount for line in claim.lines.all()), Decimal("0")),
            "submit_errors": request.session.pop(f"claim-{claim.pk}-errors", None),
        },
    )


@require_POST
@role_required(*MEMBER_ROLES)
def claim_line_remove(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    _, claim = get_own_claim(request, pk)
    target = next((x for x in claim.lines.all() if x.pk == line), None)
    if target is None:
        raise Http404("No such line")
    try:
        services.claim_line_remove(line=target, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Line {target.position} removed.")
    return redirect("members:portal-claim", claim.pk)


@require_POST
@role_required(*MEMBER_ROLES)
def claim_submit(request: HttpRequest, pk: int) -> HttpResponse:
    _, claim = get_own_claim(request, pk)
    try:
        services.claim_submit(claim=claim, today=timezone.localdate(), by=request.user)
    except ValidationError as error:
        request.session[f"claim-{claim.pk}-errors"] = error.messages
    else:
        messages.success(request, "Claim submitted to democratic services for approval.")
    return redirect("members:portal-claim", claim.pk)


def receipt(request: HttpRequest, line: int) -> HttpResponse:
    """A receipt, for the councillor who claimed it and for officers; a 404 for anyone else."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = (
        ClaimLine.private_objects.visible_to(request.user)
        .filter(pk=line)
        .exclude(receipt="")
        .first()
    )
    if found is None:
        raise Http404("No such receipt")
    extension = found.receipt.name.rsplit(".", 1)[-1]
    content_type = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
    response = FileResponse(
        found.receipt.open("rb"),
        content_type=content_type.get(extension, "application/octet-stream"),
        filename=f"receipt-claim-{found.claim_id}-line-{found.position}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Officer pages ------------------------------------------------------------------------------


@role_required(*OFFICERS)
def officer_home(request: HttpRequest) -> HttpResponse:
    schemes = AllowanceScheme.objects.annotate(
        waiting=Count("claims", filter=Q(claims__status=ExpenseClaim.Status.SUBMITTED))
    )
    waiting = ExpenseClaim.private_objects.filter(status=ExpenseClaim.Status.SUBMITTED).count()
    return render(
        request, "members/allowances/officer_home.html", {"schemes": schemes, "waiting": waiting}
    )


@role_required(*OFFICERS)
def officer_scheme(request: HttpRequest, year: str) -> HttpResponse:
    """A scheme's rates, with generating a month's payments, the payroll export and the reg 15
    publication."""
    scheme = scheme_for_label(year)
    return render(request, "members/allowances/officer_scheme.html", _scheme_context(scheme))


def _scheme_context(scheme: AllowanceScheme, **extra) -> dict:
    return {
        "scheme": scheme,
        "mileage": scheme.mileage.all(),
        "sra_rates": scheme.sra_rates.select_related("responsibility"),
        "generate_form": extra.pop("generate_form", None)
        or MonthForm(
            scheme=scheme,
            submit="Generate the month's payments",
            prefix="generate",
            action=reverse("members:officer-allowance-generate", args=[scheme.label]),
        ),
        "payroll_form": MonthForm(
            scheme=scheme,
            submit="Download the payroll file",
            with_format=True,
            prefix="payroll",
            method="get",
            action=reverse("members:officer-allowance-payroll", args=[scheme.label]),
        ),
        "year_ended": timezone.localdate() >= scheme.year_end,
        **extra,
    }


@role_required(*OFFICERS)
def officer_scheme_new(request: HttpRequest) -> HttpResponse:
    """Make next year's scheme (reg 10: before the year begins)."""
    form = SchemeForm(request.POST or None, new=True)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_create(
                year_start=date(form.cleaned_data["year"], 4, 1),
                adopted_on=form.cleaned_data["adopted_on"],
                by=request.user,
                **form.values(),
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"Scheme {scheme.label} made, with HMRC's mileage rates.")
            return redirect("members:officer-allowance-scheme", scheme.label)
    return render(
        request,
        "members/allowances/officer_form.html",
        {"form": form, "title": "Make a members' allowances scheme"},
    )


@role_required(*OFFICERS)
def officer_scheme_amend(request: HttpRequest, year: str) -> HttpResponse:
    """Amend a scheme in its year (reg 10); amounts backdated to the start of the year
    (reg 10), so later instalments catch up."""
    scheme = scheme_for_label(year)
    initial = {
        name: getattr(scheme, name)
        for name in SchemeForm.base_fields
        if name not in ("year", "adopted_on")
    }
    form = SchemeForm(request.POST or None, initial=initial, new=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_amend(scheme=scheme, values=form.values(), by=request.user)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"Scheme {scheme.label} amended.")
            return redirect("members:officer-allowance-scheme", scheme.label)
    return render(
        request,
        "members/allowances/officer_form.html",
        {
            "form": form,
            "scheme": scheme,
            "title": f"Amend the {scheme.label} scheme",
            "hint": "An amended allowance counts from 1 April: the next monthly payments make "
            "up the difference for the months already paid.",
        },
    )


@role_required(*OFFICERS)
def officer_sra_rate(request: HttpRequest, year: str) -> HttpResponse:
    """Set the year's allowance for a special responsibility (reg 5)."""
    scheme = scheme_for_label(year)
    form = SRARateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["responsibility"].strip()
        try:
            responsibility = SpecialResponsibility.objects.filter(name__iexact=name).first()
            responsibility = responsibility or services.responsibility_create(
                name=name, by=request.user
            )
            services.sra_rate_set(
                scheme=scheme,
                responsibility=responsibility,
                annual_amount=form.cleaned_data["annual_amount"],
                by=request.user,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"{responsibility.name}: allowance set.")
            return redirect("members:officer-allowance-scheme", scheme.label)
    return render(
        request,
        "members/allowances/officer_form.html",
        {
            "form": form,
            "scheme": scheme,
            "title": f"Set a special responsibility allowance for {scheme.label}",
        },
    )


@role_required(*OFFICERS)
def officer_renunciation(request: HttpRequest) -> HttpResponse:
    """Record a member's written notice forgoing all or part of an allowance."""
    form = RenunciationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.renunciation_record(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"Recorded: {notice}.")
            return redirect("members:officer-allowances")
    return render(
        request,
        "members/allowances/officer_form.html",
        {
            "form": form,
            "title": "Record a notice forgoing an allowance",
            "hint": "A councillor or co-opted member may, by notice in writing, forgo all or "
            "part of an allowance from a date no earlier than the notice.",
        },
    )


@role_required(*OFFICERS)
def officer_withholding(request: HttpRequest) -> HttpResponse:
    """Withhold a member's allowances for a period of suspension (reg 4(3))."""
    form = WithholdingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withholding = services.withholding_record(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"Recorded: {withholding}.")
            return redirect("members:officer-allowances")
    return render(
        request,
        "members/allowances/officer_form.html",
        {
            "form": form,
            "title": "Withhold allowances during a suspension",
            "hint": "Basic, special responsibility and co-optees' allowances are not paid for "
            "the days withheld; anything already paid for them is recovered from the next "
            "payments.",
        },
    )


@require_POST
@role_required(*OFFICERS)
def officer_generate(request: HttpRequest, year: str) -> HttpResponse:
    scheme = scheme_for_label(year)
    form = MonthForm(
        request.POST,
        scheme=scheme,
        submit="Generate the month's payments",
        prefix="generate",
        action=reverse("members:officer-allowance-generate", args=[scheme.label]),
    )
    if form.is_valid():
        try:
            created = services.payments_generate(
                scheme=scheme,
                month=form.month_start(),
                by=request.user,
                today=timezone.localdate(),
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            total = sum((p.amount for p in created), Decimal("0"))
            messages.success(
                request,
                f"{len(created)} new payments ({services.money(total)}) for "
                f"{form.month_start():%B %Y}."
                if created
                else f"Nothing new to pay for {form.month_start():%B %Y}.",
            )
            return redirect("members:officer-allowance-scheme", scheme.label)
    return render(
        request,
        "members/allowances/officer_scheme.html",
        _scheme_context(scheme, generate_form=form),
        status=400,
    )


@role_required(*OFFICERS)
def officer_payments(request: HttpRequest, year: str) -> HttpResponse:
    """The record of payments made in the year (reg 15(1)): recipient, amount and nature of
    each payment, 100 to a page."""
    scheme = scheme_for_label(year)
    payments = (
        AllowancePayment.private_objects.visible_to(request.user)
        .in_year(scheme.year_start)
        .select_related("councillor")
        .order_by("pay_date", "councillor__last_name", "councillor__first_name", "head", "pk")
    )
    page = Paginator(payments, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "members/allowances/officer_payments.html",
        {"scheme": scheme, "page": page},
    )


@role_required(*OFFICERS)
def officer_payroll(request: HttpRequest, year: str) -> HttpResponse:
    scheme = scheme_for_label(year)
    form = MonthForm(
        request.GET, scheme=scheme, submit="Download", with_format=True, prefix="payroll"
    )
    if not form.is_valid():
        raise Http404("Choose a month of the scheme year and a payroll system")
    month = form.month_start()
    text = services.payroll_csv(scheme=scheme, month=month, format_name=form.cleaned_data["format"])
    response = spreadsheet.csv_response(
        f"members-allowances-payroll-{month:%Y-%m}-{form.cleaned_data['format']}.csv", text
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@role_required(*OFFICERS)
def officer_publish(request: HttpRequest, year: str) -> HttpResponse:
    scheme = scheme_for_label(year)
    try:
        services.publication_publish(scheme=scheme, on=timezone.localdate(), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The {scheme.label} totals are published.")
    return redirect("members:officer-allowance-scheme", scheme.label)


@role_required(*OFFICERS)
def officer_claims(request: HttpRequest) -> HttpResponse:
    """The claims queue: submitted claims first, oldest first; other statuses by filter."""
    status = request.GET.get("status") or ExpenseClaim.Status.SUBMITTED
    if status not in ExpenseClaim.Status.values:
        status = ExpenseClaim.Status.SUBMITTED
    claims = claims_with_totals(
        ExpenseClaim.private_objects.visible_to(request.user).filter(status=status)
    ).order_by("submitted_on", "pk")
    return render(
        request,
        "members/allowances/officer_claims.html",
        {
            "claims": claims,
            "status": status,
            "statuses": ExpenseClaim.Status.choices,
            "tags": STATUS_TAGS,
        },
    )


@role_required(*OFFICERS)
def officer_claim(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_officer(request, pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST":
        try:
            if "approve" in request.POST:
                services.claim_approve(claim=claim, by=request.user)
                messages.success(request, "Claim approved. It is paid with the next month's run.")
                return redirect("members:officer-claims")
            if form.is_valid():
                services.claim_reject(
                    claim=claim, reason=form.cleaned_data["rejection_reason"], by=request.user
                )
                messages.success(request, "Claim rejected. The member can see the reason.")
                return redirect("members:officer-claims")
        except ValidationError as error:
            if claim.status != ExpenseClaim.Status.SUBMITTED:  # decided meanwhile
                messages.error(request, " ".join(error.messages))
                return redirect("members:officer-claim", claim.pk)
            service_errors(form, error)
    return render(
        request,
        "members/allowances/claim.html",
        {
            "claim": claim,
            "reject_form": form if claim.status == ExpenseClaim.Status.SUBMITTED else None,
            "portal": False,
            "tags": STATUS_TAGS,
            "total": sum((line.amount for line in claim.lines.all()), Decimal("0")),
        },
    )


# --- Public: reg 15 -----------------------------------------------------------------------------


def _published_scheme(request: HttpRequest, year: str) -> AllowanceScheme:
    scheme = scheme_for_label(year)
    if scheme.totals_published_on is None and not is_allowances_officer(request.user):
        raise Http404("Not published yet")
    return scheme


def published(request: HttpRequest, year: str) -> HttpResponse:
    """The total paid to each member in the year under each head (reg 15(2))."""
    scheme = _published_scheme(request, year)
    rows = public.allowances_publication(scheme)
    totals = {
        name: sum((getattr(r, name) for r in rows), Decimal("0"))
        for name in ("basic", "sra", "carers", "travel_subsistence", "co_optees", "total")
    }
    return render(
        request,
        "members/allowances/published.html",
        {"scheme": scheme, "rows": rows, "totals": totals},
    )


def published_csv(request: HttpRequest, year: str) -> HttpResponse:
    scheme = _published_scheme(request, year)
    return spreadsheet.csv_response(
        f"members-allowances-{scheme.label}.csv", public.allowances_publication_csv(scheme)
    )


urlpatterns = [
    path("portal/allowances/", statement, name="portal-allowances"),
    path("portal/allowances/claims/", claim_list, name="portal-claims"),
    path("portal/allowances/claims/<int:pk>/", claim_detail, name="portal-claim"),
    path(
        "portal/allowances/claims/<int:pk>/lines/<int:line>/remove/",
        claim_line_remove,
        name="portal-claim-line-remove",
    ),
    path("portal/allowances/claims/<int:pk>/submit/", claim_submit, name="portal-claim-submit"),
    path("allowances/receipts/<int:line>/", receipt, name="allowance-receipt"),
    path("officers/allowances/", officer_home, name="officer-allowances"),
    path("officers/allowances/new/", officer_scheme_new, name="officer-allowance-scheme-new"),
    path(
        "officers/allowances/renunciations/new/",
        officer_renunciation,
        name="officer-renunciation",
    ),
    path("officers/allowances/withholdings/new/", officer_withholding, name="officer-withholding"),
    path("officers/allowances/claims/", officer_claims, name="officer-claims"),
    path("officers/allowances/claims/<int:pk>/", officer_claim, name="officer-claim"),
    re_path(rf"^officers/allowances/{YEAR}/$", officer_scheme, name="officer-allowance-scheme"),
    re_path(
        rf"^officers/allowances/{YEAR}/amend/$",
        officer_scheme_amend,
        name="officer-allowance-scheme-amend",
    ),
    re_path(rf"^officers/allowances/{YEAR}/sra/$", officer_sra_rate, name="officer-sra-rate"),
    re_path(rf"^officers/allowances/{YEAR}/payments/$", officer_payments, name="officer-payments"),
    re_path(
        rf"^officers/allowances/{YEAR}/generate/$",
        officer_generate,
        name="officer-allowance-generate",
    ),
    re_path(
        rf"^officers/allowances/{YEAR}/payroll\.csv$",
        officer_payroll,
        name="officer-allowance-payroll",
    ),
    re_path(
        rf"^officers/allowances/{YEAR}/publish/$", officer_publish, name="officer-allowance-publish"
    ),
    re_path(rf"^allowances/{YEAR}/$", public_conditional(published), name="allowances-published"),
    re_path(
        rf"^allowances/{YEAR}\.csv$",
        public_conditional(published_csv),
        name="allowances-published-csv",
    ),
]
