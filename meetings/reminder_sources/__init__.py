"""Reminder sources of the meetings app: each module registers its sources with
``democracy.reminders.register_source`` when imported (from ``MeetingsConfig.ready``)."""

from meetings.reminder_sources import agenda, balance, decisions, minutes  # noqa: F401
