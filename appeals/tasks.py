"""Celery tasks of appeals. Thin: they take ids and call the outbox or a service."""

from celery import shared_task

from democracy import reminders


@shared_task(name="appeals.tasks.send_email")
def send_email(reminder_id: int) -> bool:
    """Send one appeals email from the outbox now (an acknowledgement, a notice of hearing),
    exactly once: the outbox's own claim, so this task, a duplicate of it and the beat tick
    racing each other send it once; if this task is lost, the next tick sends it."""
    return reminders.send_one(reminder_id)
