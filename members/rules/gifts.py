"""Gifts and hospitality: LGA Model Councillor Code of Conduct 2020 paras 9.2 and 9.3.

9.2: "I register with the monitoring officer any gift or hospitality with an estimated value of
at least £50 within 28 days of its receipt." 9.3: "I register with the monitoring officer any
significant gift or hospitality that I have been offered, but have refused to accept." The
threshold and the period are the council's (``gift_threshold_pounds``,
``gift_registration_days``); some councils use £25 (Tower Hamlets, Malvern Hills).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from members.rules.interests import days_beginning_with


def is_registrable(estimated_value: Decimal, *, threshold: Decimal = Decimal(50)) -> bool:
    """9.2: "an estimated value of at least £50": exactly £50 must be registered."""
    return estimated_value >= threshold


def registration_due(received_on: date, *, days: int = 28) -> date:
    """9.2: "within 28 days of its receipt", the day of receipt being day 1 (counted as the
    Localism Act 2011 s30(1) period is)."""
    return days_beginning_with(received_on, days)


def is_late(received_on: date, registered_on: date, *, days: int = 28) -> bool:
    """Registered after the last day of the period."""
    return registered_on > registration_due(received_on, days=days)
