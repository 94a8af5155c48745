"""Money as the GOV.UK style guide writes it: £1,234.56, and a minus sign for refunds."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(value) -> str:
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    text = f"£{abs(amount):,.2f}"
    return f"\u2212{text}" if amount < 0 else text
