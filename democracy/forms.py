"""Form pieces shared by every app: the GOV.UK date input with messages that name the field, and
the crispy helper every form uses."""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.forms import TextInput


class GovDateField(DateInputField):
    """Day, month and year boxes (the GOV.UK date input), cleaned to a ``date``.

    Errors name the field ("Enter the meeting date", "Meeting date must be a real date") as the
    GOV.UK error message guidance asks.
    """

    def __init__(self, *, label: str, min_year: int = 1990, max_year: int = 2100, **kwargs):
        self.subject = label[0].upper() + label[1:]
        self.min_year, self.max_year = min_year, max_year
        super().__init__(label=label, require_all_fields=False, **kwargs)
        self.error_messages["required"] = f"Enter the {label.lower()}"
        self.error_messages["incomplete"] = f"{self.subject} must include a day, month and year"
        for part, name in zip(self.fields, ("day", "month", "year"), strict=True):
            part.error_messages["incomplete"] = f"{self.subject} must include a {name}"
            part.validators = [RegexValidator(r"^[0-9]+$", f"{self.subject} must be a real date")]

    def compress(self, data_list):
        if not data_list or None in data_list or "" in data_list:
            return None
        day, month, year = (int(value) for value in data_list)
        if not self.min_year <= year <= self.max_year:
            raise ValidationError(
                f"{self.subject} must be between {self.min_year} and {self.max_year}"
            )
        try:
            return date(year, month, day)
        except ValueError:
            raise ValidationError(f"{self.subject} must be a real date") from None


def gov_helper(*fields, method: str = "post", action: str | None = None) -> FormHelper:
    """A crispy helper in the house style: the browser's own validation is off (``novalidate``)
    so every error reaches the GOV.UK error summary with our wording."""
    helper = FormHelper()
    helper.form_method = method
    helper.attrs = {"novalidate": ""}
    if action:
        helper.form_action = action
    helper.layout = Layout(*fields)
    return helper


def date_question(name: str) -> Field:
    """A date input whose legend is the question, in the small heading size."""
    return Field(name, context={"legend_size": Size.for_legend(Size.SMALL)})


def number_input(**kwargs) -> TextInput:
    """GOV.UK asks for a text input with a numeric keyboard rather than ``type=number``."""
    return TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", **kwargs})
