"""This council's appeals configuration: its periods (checked against the law's floors and
limits), the calendars each authority's periods are counted in, and the other settings, read
in one place so every service, view and task sees the same values. The council's own appeals
policies (how long an evidence link lasts, training, panel access, retention) are in its
constitution (``democracy.constitution.constitution()``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from appeals import rules
from democracy import calendars, council


def periods() -> dict[str, int]:
    """The council's ``APPEALS_PERIODS``, validated (``rules.validate_period_settings``)."""
    try:
        return rules.validate_period_settings(settings.APPEALS_PERIODS)
    except rules.InvalidPeriodSetting as exc:
        raise ImproperlyConfigured(str(exc)) from None


def period(name: str) -> int:
    return rules.period(name, periods())


def check() -> None:
    """Fail loudly at start-up on invalid appeals settings (called from ``AppealsConfig.ready``)."""
    periods()
    # The evidence link, training, panel access and retention periods are the council's policy
    # in its constitution (``democracy.constitution``), checked when a manager changes them.
    if settings.APPEALS_UPLOAD_MAX_BYTES < 1024:
        raise ImproperlyConfigured("APPEALS_UPLOAD_MAX_BYTES must be at least 1024.")


def working_days() -> calendars.WorkingDayCalendar:
    """Working days (travel appeals, posted applications): the council's own calendar."""
    return council.meeting_calendar()
