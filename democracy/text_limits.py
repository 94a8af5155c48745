"""How much free text any field takes: one limit per kind of text, enforced by the form, the
model (``full_clean`` in every service) and the database alike.

Without a limit a form took a megabyte as an item description, a gift, a vote motion or the
grounds of a call-in, and every page, PDF and export that shows it grew with it. A CharField has
its ``max_length`` (a ``varchar`` in PostgreSQL); a TextField is a ``LimitedTextField`` here,
which declares ``CHECK (char_length(column) <= limit)`` on its model and whose form field and
model validator give the message "<Field> must be N characters or fewer".

``democracy/tests/test_text_limits.py`` checks every CharField and TextField of every model and
every text field of every form of the system has one.
"""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.text import capfirst

# A reason, a note, a comment, an address or a short statement.
SHORT = 2_000
# A description, grounds, a motion, a decision and its reasons, terms of reference.
LONG = 20_000
# The minutes of one item (and the revisions kept of them).
MINUTES = 100_000
# The body of a report or an appendix, as sanitised HTML.
DOCUMENT = 500_000
# An email address: RFC 5321's limit on a path, and the column of Django's model EmailField
# (its form EmailField would take 320).
EMAIL = 254


def too_long_message(label: str, limit: int) -> str:
    """GOV.UK's pattern: "<Field> must be N characters or fewer"."""
    label = str(label).removesuffix(" (optional)").strip()
    return f"{capfirst(label)} must be {limit:,} characters or fewer"


class LimitedTextField(models.TextField):
    """A TextField with a limit in the form, the model and the database."""

    def __init__(self, *args, max_length: int = LONG, **kwargs) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)

    @property
    def validators(self):
        label = str(self.verbose_name or self.name or "this field")
        message = too_long_message(label, self.max_length)
        return [*super().validators, MaxLengthValidator(self.max_length, message=message)]

    def contribute_to_class(self, cls, name, *args, **kwargs) -> None:
        """Declare ``CHECK (char_length(column) <= limit)`` on the model, so that migrations
        create it (a TextField has no length in PostgreSQL; ``db_check`` is not consulted when
        a column is altered). A model rebuilt from its migrations already has it."""
        super().contribute_to_class(cls, name, *args, **kwargs)
        if cls._meta.abstract:
            return
        constraint_name = f"{cls._meta.db_table}_{self.attname}_length"[:63]
        if any(c.name == constraint_name for c in cls._meta.constraints):
            return
        cls._meta.constraints = [
            *cls._meta.constraints,
            models.CheckConstraint(
                condition=LessThanOrEqual(Length(self.attname), self.max_length),
                name=constraint_name,
                violation_error_message=too_long_message(str(self.verbose_name), self.max_length),
            ),
        ]
        # Migrations read a model's constraints only when its Meta declares some.
        cls._meta.original_attrs["constraints"] = cls._meta.constraints

    def formfield(self, **kwargs):
        label = str(self.verbose_name)
        error_messages = {"max_length": too_long_message(label, self.max_length)}
        error_messages.update(kwargs.pop("error_messages", None) or {})
        return super().formfield(error_messages=error_messages, **kwargs)


def limited_text(label: str, *, limit: int = LONG, name: str = "", **kwargs) -> forms.CharField:
    """A form's free-text field (a textarea) with its limit and a message naming it: by its
    label, or by ``name`` when the label is a question ("What was it?": name "Description")."""
    kwargs.setdefault("widget", forms.Textarea)
    error_messages = {"max_length": too_long_message(name or label, limit)}
    error_messages.update(kwargs.pop("error_messages", {}))
    return forms.CharField(label=label, max_length=limit, error_messages=error_messages, **kwargs)


def limited_email(label: str, **kwargs) -> forms.EmailField:
    """A form's email address field, no longer than the column it is kept in, with a message
    naming it."""
    error_messages = {"max_length": too_long_message(label, EMAIL)}
    error_messages.update(kwargs.pop("error_messages", {}))
    return forms.EmailField(label=label, max_length=EMAIL, error_messages=error_messages, **kwargs)
