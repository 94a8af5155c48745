from crispy_forms_gds.layout import Submit
from django import forms

from democracy.forms import GovDateField, date_question, gov_helper


class TimetableForm(forms.Form):
    poll_date = GovDateField(label="Polling day", help_text="For example, 7 5 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            date_question("poll_date"), Submit("check", "Show the timetable"), method="get"
        )
