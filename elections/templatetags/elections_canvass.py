"""Template filters for the canvass pages."""

from django import template

register = template.Library()


@register.filter
def figure(row: dict, key: str):
    """``row[key]``: a figure of a statistics row, by its column's key."""
    return row.get(key, "")
