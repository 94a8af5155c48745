"""Dates and times the GOV.UK way: 7 May 2026, 6:30pm, 9pm, midday, midnight."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone


def govuk_time(value: time | datetime) -> str:
    """6:30pm, 9am; midday and midnight in words (GOV.UK style guide)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).time() if timezone.is_aware(value) else value.time()
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def govuk_date(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return f"{value.day} {value:%B %Y}"
