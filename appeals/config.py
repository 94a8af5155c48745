"""This council's appeals configuration: its periods, the calendars each authority's periods are
counted in, and the other settings, read in one place so every service, view and task sees the
same values. The periods (checked against the law's floors and limits) and the council's own
appeals policies (how long an evidence link lasts, training, panel access, retention) are in its
constitution (``democracy.constitution.constitution()``), where managers change them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from appeals import rules
from democracy import calendars, council
from democracy.constitution import constitution


def periods() -> dict[str, int]:
    """Every appeals period: the council's value from its constitution (where a manager sets it,
    checked against the law's limits, ``rules.Period.check``), or the law's own for a period
    fixed by law. Read once per request with the rest of the constitution."""
    row = constitution()
    return {
        name: getattr(row, name) if p.may_change else p.statutory
        for name, p in rules.PERIODS.items()
    }


def period(name: str) -> int:
    return rules.period(name, periods())


def changeable_periods() -> dict[str, rules.Period]:
    """The periods a council may set, each a field of its constitution of the same name."""
    return {name: p for name, p in rules.PERIODS.items() if p.may_change}


def check() -> None:
    """Fail loudly at start-up on invalid appeals settings (called from ``AppealsConfig.ready``)."""
    # The periods and the evidence link, training, panel access and retention policies are in
    # the council's constitution (``democracy.constitution``), checked when a manager changes
    # them.
    if settings.APPEALS_UPLOAD_MAX_BYTES < 1024:
        raise ImproperlyConfigured("APPEALS_UPLOAD_MAX_BYTES must be at least 1024.")


def working_days() -> calendars.WorkingDayCalendar:
    """Working days (travel appeals, posted applications): the council's own calendar."""
    return council.meeting_calendar()
