from crispy_forms_gds.layout import Field, Fixed, Submit
from django import forms

from appeals.models import SchoolCalendar
from democracy.forms import GovDateField, date_question, gov_helper, number_input


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
