"""Celery tasks of appeals. Thin: they take ids and call the outbox or a service."""

from celery import shared_task

from democracy import reminders


@shared_task(name="appeals.tasks.send_email")
def send_email(reminder_id: int) -> bool:
    """Send one appeals email from the outbox now (an acknowledgement, a notice of hearing),
    exactly once: the outbox's own claim, so this task, a duplicate of it and the beat tick
    racing each other send it once; if this task is lost, the next tick sends it."""
    return reminders.send_one(reminder_id)


@shared_task(name="appeals.tasks.retention_sweep")
def retention_sweep() -> int:
    """Nightly: anonymise every appeal whose retention period has ended, each through its own
    outbox row (``appeals.services.retention``), so a duplicate of this task, or the reminders
    tick racing it, anonymises and reports each appeal once. Returns how many this run did."""
    from django.utils import timezone

    from appeals.services import retention

    return sum(reminders.send_one(row.pk) for row in retention.schedule_due(timezone.localdate()))
