"""One place that lays out a members form in the GOV.UK style from its fields, so each form
declares only its fields and its button."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from democracy.forms import GovDateField, date_question, gov_helper


def layout_for(form: forms.Form, submit: str):
    """A crispy helper: date inputs, text areas, selects, radios, checkboxes and text inputs
    chosen from each field's widget, then a button labelled ``submit``."""
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
        elif isinstance(widget, forms.CheckboxInput):
            items.append(Field.checkbox(name, small=True))
        elif isinstance(widget, forms.Select):
            items.append(Field.select(name))
        else:
            items.append(Field.text(name))
    return gov_helper(*items, Submit("submit", submit))
