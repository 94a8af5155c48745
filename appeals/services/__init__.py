"""Every write to appeals, by sub-domain: calendars, reference data, panels, cases (lodging and
evidence) and scheduling. Each service is keyword-only, takes ``by``, is atomic, validates and
writes its audit row; views, the demo, tasks and tests all call these."""

from appeals.services.calendars import school_calendar_create

__all__ = ["school_calendar_create"]
