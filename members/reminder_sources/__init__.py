"""Reminder sources of the members app: each module registers its sources with
``democracy.reminders.register_source`` when imported (from ``MembersConfig.ready``)."""

from members.reminder_sources import interests  # noqa: F401
