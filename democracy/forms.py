"""Form pieces shared by every app: the GOV.UK date input and a time of day typed as people write
it, with messages that name the field, and the crispy helper every form uses."""

from __future__ import annotations

import re
from datetime import date, time

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.forms import TextInput


class GovDateField(DateInputField):
    """Day, month and year boxes (the GOV.UK date input), cleaned to a ``date``.

    Errors name the field ("Enter the meeting date", "Meeting date must be a real date") as the
    GOV.UK error message guidance asks.
    """

    def __init__(
        self,
        *,
        label: str,
        min_year: int = 1990,
        max_year: int = 2100,
        subject: str | None = None,
        **kwargs,
    ):
        # A label that is a question ("When were you told...?") names the field badly in a
        # message: ``subject`` names it instead ("The date you were told...").
        named = subject or label
        self.subject = named[0].upper() + named[1:]
        self.min_year, self.max_year = min_year, max_year
        super().__init__(label=label, require_all_fields=False, **kwargs)
        self.error_messages["required"] = (
            f"Enter {subject[0].lower() + subject[1:]}" if subject else f"Enter the {label.lower()}"
        )
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


# 18:30, 18.30, 1830, 6:30pm, 6.30 p.m., 6pm. Spaces are removed before matching.
_CLOCK = re.compile(
    r"^(?P<hour>\d{1,2})(?:[:.]?(?P<minute>\d{2}))?(?P<half>am|pm|a\.m\.?|p\.m\.?)?$"
)
_WORDS = {"midday": time(12, 0), "noon": time(12, 0), "12noon": time(12, 0), "midnight": time(0)}
_LONGEST = len("12:30p.m.")


class ClockTimeField(forms.Field):
    """A time of day typed as people write it: 18:30, 18.30, 6:30pm, 6.30 p.m., 6pm, "midday".

    A bare hour ("7") is refused rather than guessed. Every message names the field, through
    ``subject`` when the label is not a noun phrase ("The time Councillor Cole arrived").
    """

    def __init__(self, *, label: str, subject: str | None = None, **kwargs):
        self.subject = subject or label[0].upper() + label[1:]
        kwargs.setdefault("help_text", "For example, 6:30pm or 18:30")
        kwargs.setdefault("error_messages", {"required": f"Enter the {label.lower()}"})
        self.example = kwargs.pop("example", "6:30pm or 18:30")
        super().__init__(
            label=label,
            widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
            **kwargs,
        )

    def to_python(self, value) -> time | None:
        if isinstance(value, time):
            return value
        text = str(value or "").strip().lower().replace(" ", "")
        if not text:
            return None
        if text in _WORDS:
            return _WORDS[text]
        match = _CLOCK.match(text) if len(text) <= _LONGEST else None
        if not match:
            raise ValidationError(f"{self.subject} must be a time, like {self.example}")
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        half = (match["half"] or "").replace(".", "")
        if half:
            if not 1 <= hour <= 12:
                raise ValidationError(f"{self.subject} must be a real time, like {self.example}")
            hour = hour % 12 + (12 if half == "pm" else 0)
        elif match["minute"] is None:
            raise ValidationError(f"{self.subject} must say am or pm, like 6pm, or be like 18:00")
        if hour > 23 or minute > 59:
            raise ValidationError(f"{self.subject} must be a real time, like {self.example}")
        return time(hour, minute)

    def prepare_value(self, value):
        if isinstance(value, time):
            return f"{value:%H:%M}"
        return value


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
