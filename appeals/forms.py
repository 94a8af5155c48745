from datetime import date

from crispy_forms_gds.layout import Field, Fixed, Size, Submit
from django import forms

from appeals.models import (
    AdmissionAuthority,
    AdmissionRound,
    Appeal,
    Connection,
    PanelCategory,
    School,
    SchoolCalendar,
)
from democracy import text_limits
from democracy.forms import GovDateField, date_question, gov_helper, number_input
from democracy.models import User
from democracy.roles import Role


def name_length_errors(form: forms.Form) -> None:
    """Give every text field with a limit a message naming it ("Clerk's notes must be 20,000
    characters or fewer") where it has only Django's own, which names no field."""
    default = forms.CharField.default_error_messages.get("max_length") or ""
    for field in form.fields.values():
        if not isinstance(field, forms.CharField) or not field.max_length:
            continue
        message = field.error_messages.get("max_length")
        if message is None or message == default or str(message).startswith("Ensure this value"):
            label = str(field.label or "This field").rstrip("?")
            field.error_messages["max_length"] = text_limits.too_long_message(
                label, field.max_length
            )


def layout_for(form: forms.Form, submit: str, *, method: str = "post"):
    """A crispy helper laying out each field by its widget, then a button labelled ``submit``;
    every text field's "too long" message names the field (``name_length_errors``)."""
    name_length_errors(form)
    items = []
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(field, GovDateField):
            items.append(date_question(name))
        elif isinstance(widget, forms.HiddenInput | forms.FileInput):
            items.append(Field(name))
        elif isinstance(widget, forms.Textarea):
            items.append(Field.textarea(name, rows=widget.attrs.get("rows", 5)))
        elif isinstance(widget, forms.RadioSelect):
            items.append(Field.radios(name, legend_size=Size.SMALL))
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            items.append(Field.checkboxes(name, legend_size=Size.SMALL))
        elif isinstance(widget, forms.CheckboxInput):
            items.append(Field.checkbox(name, small=True))
        elif isinstance(widget, forms.Select):
            items.append(Field.select(name))
        else:
            items.append(Field.text(name))
    return gov_helper(*items, Submit("submit", submit), method=method)


class SchoolDaysForm(forms.Form):
    calendar = forms.ModelChoiceField(
        queryset=SchoolCalendar.objects.all(),
        label="School calendar",
        empty_label=None,
        error_messages={"required": "Select a school calendar"},
    )
    start = GovDateField(
        label="Start date", help_text="The day the period starts from, for example 7 5 2026"
    )
    school_days = forms.IntegerField(
        label="Number of school days",
        min_value=0,
        max_value=200,
        widget=number_input(),
        error_messages={
            "required": "Enter the number of school days",
            "invalid": "Number of school days must be a whole number",
            "min_value": "Number of school days must be 0 or more",
            "max_value": "Number of school days must be 200 or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.select("calendar"),
            date_question("start"),
            Field.text("school_days", field_width=Fixed.THREE),
            Submit("check", "Work out the date"),
            method="get",
        )


# --- Reference data ----------------------------------------------------------------------------


class SchoolForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["urn", "name", "phase", "category", "admission_authority", "address"]
        labels = {"urn": "URN", "address": "Address (optional)"}
        help_texts = {
            "urn": "The 6-digit unique reference number from Get Information about Schools"
        }
        error_messages = {
            "urn": {"required": "Enter the URN", "unique": "A school with this URN already exists"},
            "name": {"required": "Enter the school's name"},
            "phase": {"required": "Choose the phase"},
            "category": {"required": "Choose the category"},
            "admission_authority": {"required": "Choose the admission authority"},
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, submit: str = "Save the school", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, submit)


class AuthorityForm(forms.ModelForm):
    class Meta:
        model = AdmissionAuthority
        fields = ["name", "kind", "calendar", "contact_name", "contact_email", "address"]
        labels = {
            "kind": "Kind of admission authority",
            "calendar": "School calendar its deadlines are counted in",
            "contact_name": "Contact name (optional)",
            "contact_email": "Contact email (optional)",
            "address": "Address (optional)",
        }
        error_messages = {
            "name": {"required": "Enter the authority's name"},
            "kind": {"required": "Choose the kind of authority"},
            "calendar": {"required": "Choose the school calendar"},
            "contact_email": {
                "max_length": text_limits.too_long_message("Contact email", text_limits.EMAIL)
            },
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, submit: str = "Save the authority", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, submit)


def money(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        initial=0,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "invalid": f"{label} must be an amount in pounds, like 150.00",
            "required": f"Enter the {label.lower()}, or 0",
            "min_value": f"{label} cannot be negative",
        },
    )


class AgreementForm(forms.Form):
    reference = forms.CharField(
        label="Contract or order number",
        max_length=60,
        error_messages={"required": "Enter the contract or order number"},
    )
    starts_on = GovDateField(label="Start date")
    ends_on = GovDateField(label="End date (optional)", required=False)
    annual_fee = money("Annual fee")
    charge_per_appeal_lodged = money("Charge per appeal lodged")
    charge_per_appeal_heard = money("Charge per appeal heard")
    charge_per_appeal_withdrawn = money("Charge per appeal withdrawn before its hearing")
    charge_per_hearing = money("Charge per hearing session")
    notes = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Add the agreement")


class RoundForm(forms.Form):
    admission_authority = forms.ModelChoiceField(
        queryset=AdmissionAuthority.objects.all(),
        label="Admission authority",
        error_messages={"required": "Choose the admission authority"},
    )
    entry_year = forms.IntegerField(
        label="Year the children start school",
        help_text="For example 2026 for September 2026",
        min_value=2000,
        max_value=2100,
        widget=number_input(),
        error_messages={
            "required": "Enter the year the children start school",
            "invalid": "The year must be a number, like 2026",
            "min_value": "The year must be 2000 or later",
            "max_value": "The year must be 2100 or earlier",
        },
    )
    phase = forms.ChoiceField(
        label="Places",
        choices=AdmissionRound.Phase.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose primary or secondary places"},
    )
    offer_date = GovDateField(label="National offer day", help_text="For example 2 3 2026")
    lodging_deadline = GovDateField(label="Deadline for lodging appeals")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Add the timetable")


class CalendarForm(forms.Form):
    name = forms.CharField(
        label="Calendar name",
        max_length=150,
        error_messages={"required": "Enter the calendar's name"},
    )
    terms = text_limits.limited_text(
        limit=text_limits.LONG,
        label="Terms",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "One half term a line: its name, first day and last day, separated by commas, for "
            "example: Autumn 1 2026, 2/9/2026, 23/10/2026"
        ),
        error_messages={"required": "Enter at least one term"},
    )
    closures = text_limits.limited_text(
        limit=text_limits.LONG,
        label="Closure days (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line: the date and the reason, for example: 2/11/2026, INSET day",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Add the calendar")

    @staticmethod
    def _date(text: str, field: str, number: int) -> date:
        try:
            day, month, year = (int(part) for part in text.strip().split("/"))
            return date(year, month, day)
        except ValueError:
            raise forms.ValidationError(
                f"Line {number}: “{text.strip()}” is not a date like 2/9/2026"
            ) from None

    def clean_terms(self):
        terms = []
        for number, line in enumerate(self.cleaned_data["terms"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(",")]
            if len(parts) != 3 or not parts[0]:
                raise forms.ValidationError(
                    f"Line {number}: give the term's name, first day and last day, separated "
                    "by commas"
                )
            terms.append(
                (
                    parts[0],
                    self._date(parts[1], "terms", number),
                    self._date(parts[2], "terms", number),
                )
            )
        return terms

    def clean_closures(self):
        closures = []
        for number, line in enumerate(self.cleaned_data["closures"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(",", 1)]
            if len(parts) != 2 or not parts[1]:
                raise forms.ValidationError(
                    f"Line {number}: give the date and the reason, separated by a comma"
                )
            closures.append((self._date(parts[0], "closures", number), parts[1]))
        return closures


class TermForm(forms.Form):
    name = forms.CharField(
        label="Term name",
        max_length=60,
        help_text="For example Autumn 1 2027",
        error_messages={"required": "Enter the term's name"},
    )
    first_day = GovDateField(label="First day")
    last_day = GovDateField(label="Last day")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Add the term")


class ClosureForm(forms.Form):
    date = GovDateField(label="Date the schools are closed")
    reason = forms.CharField(
        label="Reason",
        max_length=100,
        help_text="For example INSET day",
        error_messages={"required": "Enter the reason"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Add the closure day")


# --- Panel members -------------------------------------------------------------------------------


class PanelMemberForm(forms.Form):
    name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their full name"}
    )
    email = text_limits.limited_email(
        "Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    categories = forms.MultipleChoiceField(
        label="Categories they are appointed in",
        choices=PanelCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one category"},
    )
    trained_on = GovDateField(
        label="Date of their most recent panel training (optional)", required=False
    )
    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Their sign-in (optional)",
        help_text="Accounts with the Appeals Panel Member role",
    )

    def __init__(self, *args, submit: str = "Save the panel member", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            groups__name=Role.APPEALS_PANEL_MEMBER.value
        ).order_by("last_name", "first_name")
        self.helper = layout_for(self, submit)


class ConnectionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the connection with?",
        choices=Connection.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the connection is with"},
    )
    school = forms.ModelChoiceField(
        queryset=School.objects.all(), required=False, label="School (for a school connection)"
    )
    admission_authority = forms.ModelChoiceField(
        queryset=AdmissionAuthority.objects.all(),
        required=False,
        label="Admission authority (for an authority connection)",
    )
    appeal = forms.CharField(
        label="Appeal reference (for a child, family or decision connection)",
        required=False,
        max_length=20,
        help_text="For example ADM-2026-0012",
    )
    description = forms.CharField(label="Details (optional)", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = layout_for(self, "Record the connection")

    def clean_appeal(self):
        reference = self.cleaned_data["appeal"].strip().upper()
        if not reference:
            return None
        appeal = Appeal.cases.filter(reference=reference).first()
        if appeal is None:
            raise forms.ValidationError(f"There is no appeal {reference}")
        return appeal
