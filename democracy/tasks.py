"""Celery tasks of the foundation. Thin: the work is in ``democracy.reminders``."""

from celery import shared_task

from democracy import reminders


@shared_task(name="democracy.tasks.reminders_tick")
def reminders_tick() -> int:
    """Beat tick: derive due reminders from the database and send them exactly once."""
    return reminders.tick()


@shared_task(name="democracy.tasks.send_outbox_email")
def send_outbox_email(reminder_id: int) -> bool:
    """Send one email from the outbox now (a password reset), exactly once (``send_one``)."""
    return reminders.send_one(reminder_id)
