"""Template helpers for GOV.UK Frontend patterns."""

from __future__ import annotations

from django import template
from django.forms import BoundField, CheckboxSelectMultiple, RadioSelect

from democracy.dates import govuk_date, govuk_time

register = template.Library()


@register.filter
def error_links(field: BoundField) -> list[tuple[str, str]]:
    """(anchor id, message) for each error of ``field``, for the error summary.

    The GOV.UK error summary must move focus into the box that needs fixing. For a field made
    of several boxes (the day, month and year of a date input) an error a sub-box reported links
    to that box; any other error on the field links to its first box.
    """
    links: list[tuple[str, str]] = []
    seen: set[str] = set()
    parts = getattr(field.field, "fields", None)
    if parts:
        for index, part in enumerate(parts):
            for message in getattr(part.widget, "errors", []):
                links.append((f"{field.auto_id}_{index}", str(message)))
                seen.add(str(message))
    if parts:
        first_box = f"{field.auto_id}_0"
    elif isinstance(field.field.widget, CheckboxSelectMultiple | RadioSelect):
        first_box = f"{field.auto_id}_1"  # the GOV.UK pack numbers options from 1
    else:
        first_box = field.auto_id
    links += [(first_box, str(m)) for m in field.errors if str(m) not in seen]
    return links


register.filter("govuk_time", govuk_time)
register.filter("govuk_date", govuk_date)
