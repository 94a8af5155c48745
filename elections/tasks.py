"""Celery tasks of elections. Thin: they take ids and call services."""

from celery import shared_task

from elections import poll_cards, services


@shared_task(name="elections.tasks.import_register")
def import_register(job_id: int) -> str:
    """Import a register file (the officer's upload) with its progress recorded as it goes."""
    return services.register_import_run(job_id).status


@shared_task(name="elections.tasks.make_poll_card_batch")
def make_poll_card_batch(batch_id: int) -> str:
    """Make a batch of poll cards (or the polling-station register), its progress recorded."""
    return poll_cards.batch_run(batch_id).status
