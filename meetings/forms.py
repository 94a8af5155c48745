from crispy_forms_gds.layout import Submit
from django import forms

from democracy.forms import GovDateField, date_question, gov_helper


class PublicationDeadlineForm(forms.Form):
    meeting_date = GovDateField(label="Meeting date", help_text="For example, 7 5 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            date_question("meeting_date"), Submit("check", "Work out the deadlines"), method="get"
        )
