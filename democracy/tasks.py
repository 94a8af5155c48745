"""Celery tasks of the foundation. Thin: the work is in ``democracy.reminders``."""

from celery import shared_task

from democracy import reminders


@shared_task(name="democracy.tasks.reminders_tick")
def reminders_tick() -> int:
    """Beat tick: derive due reminders from the database and send them exactly once."""
    return reminders.tick()
