"""Money as GOV.UK writes it: £1,234.56, from a ``Decimal`` (never a float)."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pounds(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"£{Decimal(value):,.2f}"
